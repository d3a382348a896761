import { useRef, useState } from 'react';
import { Field, Fieldset, Input, Radio } from '@zendeskgarden/react-forms';
import { useBackendApi } from '../api/BackendContext.js';
import { REPORTED_EVENTS as REPORTABLE_EVENTS } from '../../core/lifecycle/types.js';
import type { EventRequest, ReportableEvent, TicketUpgrade } from '../../contract/index.js';
import { wallTimeToIso, zoneLabel } from '../format/dates.js';
import { useI18n } from '../i18n/I18nContext.js';
import { FormButtons, FormPanel, TextField } from './FormPanel.js';
import { PreviewAndConfirm } from './PreviewAndConfirm.js';

/** The fields each lifecycle event needs (docs/LIFECYCLE.md, Events). */
export function fieldsOf(type: ReportableEvent): { instance: boolean; reason: boolean; anticipatedEnd: boolean } {
  return {
    instance: type.startsWith('instance_'),
    reason: type === 'instance_upgrade_failed' || type === 'validation_failed' || type === 'decision_requested',
    anticipatedEnd: type === 'decision_requested',
  };
}

/** The events the `events` route accepts that the backend allows right now, in the backend's order. */
export function reportableNow(allowedEvents: string[]): ReportableEvent[] {
  return allowedEvents.filter((type): type is ReportableEvent =>
    (REPORTABLE_EVENTS as readonly string[]).includes(type),
  );
}

/** The instance a step most likely names: the one upgrading for a completion or failure, the failed one for a retry. */
export function likelyInstance(type: ReportableEvent | '', instances: TicketUpgrade['instances']): string {
  const wanted =
    type === 'instance_upgrade_completed' || type === 'instance_upgrade_failed'
      ? 'upgrading'
      : type === 'instance_upgrade_retry_started'
        ? 'failed'
        : null;
  const candidates = instances.filter((known) => known.status === wanted);
  return candidates.length === 1 ? candidates[0]!.name : '';
}

interface Props {
  allowedEvents: string[];
  /** The instances already started: offered for the instance steps, so a name is typed once. */
  instances: TicketUpgrade['instances'];
  agentZone: string;
  onChanged: () => void;
  onCancel: () => void;
  onStale: () => void;
}

/** Posts one lifecycle step, only among those allowed now, after previewing the customer's comment. */
export function EventForm({ allowedEvents, instances, agentZone, onChanged, onCancel, onStale }: Props) {
  const api = useBackendApi();
  const { t } = useI18n();
  const choices = reportableNow(allowedEvents);
  const [type, setType] = useState<ReportableEvent | ''>(choices[0] ?? '');
  const [instance, setInstance] = useState(() => likelyInstance(choices[0] ?? '', instances));
  const [reason, setReason] = useState('');
  const [wallEnd, setWallEnd] = useState('');
  const [event, setEvent] = useState<EventRequest | null>(null);
  // One key per reviewed event: a retry after a failure replays the same key, so the backend posts once.
  const idempotencyKey = useRef('');
  if (choices.length === 0) return <p className="uw-muted">{t('event.none')}</p>;
  if (event) {
    return (
      <PreviewAndConfirm
        request={event}
        confirmLabel={t('event.confirm')}
        send={() => api.postEvent(event, idempotencyKey.current)}
        onDone={onChanged}
        onBack={() => setEvent(null)}
        onRefused={onStale}
      />
    );
  }
  const needs = type ? fieldsOf(type) : { instance: false, reason: false, anticipatedEnd: false };
  const anticipatedEnd = wallTimeToIso(wallEnd, agentZone);
  const complete =
    (!needs.instance || instance.trim() !== '') &&
    (!needs.reason || reason.trim() !== '') &&
    (!needs.anticipatedEnd || anticipatedEnd !== null);
  const chosen = type;
  return (
    <FormPanel
      title={t('event.title')}
      onSubmit={() => {
        if (!complete || chosen === '') return;
        const body: EventRequest = { type: chosen };
        if (needs.instance) body.instance = instance.trim();
        if (needs.reason) body.reason = reason.trim();
        if (needs.anticipatedEnd && anticipatedEnd) body.anticipatedEnd = anticipatedEnd;
        idempotencyKey.current = newIdempotencyKey();
        setEvent(body);
      }}
    >
      {/* Radios, not a select: a step's name wraps at 320 px in any language instead of being cut off. */}
      <Fieldset className="uw-field">
        <Fieldset.Legend>{t('event.type')}</Fieldset.Legend>
        {choices.map((choice) => (
          <Field key={choice}>
            <Radio
              name="uw-step"
              value={choice}
              checked={type === choice}
              onChange={() => {
                setType(choice);
                setInstance(likelyInstance(choice, instances) || instance);
              }}
            >
              <Field.Label>{t(`events.${choice}`)}</Field.Label>
            </Radio>
          </Field>
        ))}
      </Fieldset>
      {needs.instance && (
        <Field className="uw-field">
          <Field.Label>{t('event.instance')}</Field.Label>
          <Input
            required
            list={instances.length > 0 ? 'uw-instances' : undefined}
            value={instance}
            onChange={(e) => setInstance(e.target.value)}
          />
          {instances.length > 0 && (
            <datalist id="uw-instances">
              {instances.map((known) => (
                <option key={known.name} value={known.name} />
              ))}
            </datalist>
          )}
        </Field>
      )}
      {needs.reason && <TextField label={t('event.reason')} value={reason} onChange={setReason} />}
      {needs.anticipatedEnd && (
        <Field className="uw-field">
          <Field.Label>{t('event.anticipatedEnd', { zone: zoneLabel(agentZone) })}</Field.Label>
          <Input type="datetime-local" required value={wallEnd} onChange={(e) => setWallEnd(e.target.value)} />
        </Field>
      )}
      <FormButtons submitLabel={t('common.preview')} disabled={!complete} onCancel={onCancel} />
    </FormPanel>
  );
}

function newIdempotencyKey(): string {
  const random =
    typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function'
      ? crypto.randomUUID()
      : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  return `sidebar-${random}`;
}
