import { useState } from 'react';
import { Button } from '@zendeskgarden/react-buttons';
import { Field, Radio, Textarea } from '@zendeskgarden/react-forms';
import { useBackendApi } from '../api/BackendContext.js';
import type { DecisionValue } from '../../contract/index.js';
import { useAction } from '../hooks/useAction.js';
import { useI18n } from '../i18n/I18nContext.js';
import { ActionStatus } from './ActionStatus.js';

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
    <form
      aria-label={t('decisionForm.title')}
      className="uw-panel"
      onSubmit={(event) => {
        event.preventDefault();
        if (complete) action.run();
      }}
    >
      <h3 className="uw-h3">{t('decisionForm.title')}</h3>
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
      <Field className="uw-field">
        <Field.Label>{t('decisionForm.note')}</Field.Label>
        <Textarea required value={note} onChange={(e) => setNote(e.target.value)} minRows={2} />
      </Field>
      <ActionStatus state={action.state} onRetry={action.run} />
      <div className="uw-buttons">
        <Button size="small" isPrimary type="submit" disabled={!complete || action.state.status === 'sending'}>
          {t('decisionForm.confirm')}
        </Button>
        <Button size="small" isBasic onClick={onCancel}>
          {t('common.back')}
        </Button>
      </div>
    </form>
  );
}
