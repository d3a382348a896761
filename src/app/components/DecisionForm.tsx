import { useState } from 'react';
import { Field, Radio } from '@zendeskgarden/react-forms';
import { useBackendApi } from '../api/BackendContext.js';
import type { DecisionValue } from '../../contract/index.js';
import { useAction } from '../hooks/useAction.js';
import { useI18n } from '../i18n/I18nContext.js';
import { ActionStatus } from './ActionStatus.js';
import { FormButtons, FormPanel, TextField } from './FormPanel.js';

interface Props {
  evidence: string | null;
  onChanged: () => void;
  onCancel: () => void;
  onStale: () => void;
}

/** Records GO or NO-GO on the customer's behalf, with a note, to resolve an unclear reply. */
export function DecisionForm({ evidence, onChanged, onCancel, onStale }: Props) {
  const api = useBackendApi();
  const { t } = useI18n();
  const [decision, setDecision] = useState<DecisionValue | null>(null);
  const [note, setNote] = useState('');
  const action = useAction(() => api.recordDecision({ decision: decision!, note: note.trim() }), onChanged, onStale);
  const complete = decision !== null && note.trim() !== '';
  return (
    <FormPanel
      title={t('decisionForm.title')}
      onSubmit={() => {
        if (complete) action.run();
      }}
    >
      {evidence && (
        <blockquote className="uw-muted" aria-label={t('decisionForm.evidence')}>
          {evidence}
        </blockquote>
      )}
      <div role="radiogroup" aria-label={t('decisionForm.choice')}>
        {(['GO', 'NO_GO'] as const).map((value) => (
          <Field key={value}>
            <Radio name="decision" value={value} checked={decision === value} onChange={() => setDecision(value)}>
              <Field.Label>{t(`decision.${value}`)}</Field.Label>
            </Radio>
          </Field>
        ))}
      </div>
      <TextField label={t('decisionForm.note')} value={note} onChange={setNote} />
      <ActionStatus state={action.state} onRetry={action.run} />
      <FormButtons
        submitLabel={t('decisionForm.confirm')}
        disabled={!complete || action.state.status === 'sending'}
        onCancel={onCancel}
      />
    </FormPanel>
  );
}
