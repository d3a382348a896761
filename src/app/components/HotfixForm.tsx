import { useState } from 'react';
import { Field, Input, Select } from '@zendeskgarden/react-forms';
import { useBackendApi } from '../api/BackendContext.js';
import type { BookingRequest } from '../../contract/index.js';
import { wallTimeOf, wallTimeToIso, zoneLabel } from '../format/dates.js';
import { useI18n } from '../i18n/I18nContext.js';
import type { ProductChoice } from '../format/products.js';
import { FormButtons, FormPanel, TextField } from './FormPanel.js';
import { PreviewAndConfirm } from './PreviewAndConfirm.js';
import { ProductSelect, withProduct } from './ProductSelect.js';

const DURATIONS = ['PT1H', 'PT2H', 'PT3H', 'PT4H', 'PT6H', 'PT8H'];

interface Props {
  isReschedule: boolean;
  /** The policy's products (none: no product select), and the ticket's own, '' when it has none yet. */
  products: ProductChoice[];
  ticketProduct: string;
  agentZone: string;
  defaultDuration: string;
  onChanged: () => void;
  onCancel: () => void;
  onStale: () => void;
}

/** A hot fix usually starts now: the field starts this many minutes ahead, on a five-minute mark. */
export const HOTFIX_LEAD_MINUTES = 10;

function soon(now: number): number {
  const step = 5 * 60_000;
  return Math.ceil((now + HOTFIX_LEAD_MINUTES * 60_000) / step) * step;
}

/** A hot fix: any start (the lead time is waived), a duration and the reason that justifies it. */
export function HotfixForm(props: Props) {
  const { isReschedule, products, ticketProduct, agentZone, defaultDuration, onChanged, onCancel, onStale } = props;
  const api = useBackendApi();
  const { t } = useI18n();
  // The agent's own choice, else the ticket's product (known only once the policy has loaded: follow it).
  const [picked, setProduct] = useState<string | null>(null);
  const product = picked ?? ticketProduct;
  const [wallStart, setWallStart] = useState(() => wallTimeOf(soon(Date.now()), agentZone));
  const [duration, setDuration] = useState(defaultDuration);
  const [reason, setReason] = useState('');
  const [booking, setBooking] = useState<BookingRequest | null>(null);
  const start = wallTimeToIso(wallStart, agentZone);
  const durations = DURATIONS.includes(defaultDuration) ? DURATIONS : [defaultDuration, ...DURATIONS];
  if (booking) {
    return (
      <PreviewAndConfirm
        request={{ type: isReschedule ? 'window_rescheduled' : 'window_scheduled', ...booking }}
        confirmLabel={t('hotfix.confirm')}
        send={() => api.bookWindow(booking)}
        onDone={onChanged}
        onBack={() => setBooking(null)}
        onRefused={onStale}
      />
    );
  }
  return (
    <FormPanel
      title={t('hotfix.title')}
      onSubmit={() => {
        if (start && reason.trim())
          setBooking(withProduct({ start, class: 'hotfix', reason: reason.trim(), duration }, product));
      }}
    >
      <ProductSelect products={products} value={product} onChange={setProduct} />
      <Field className="uw-field">
        <Field.Label>{t('hotfix.start', { zone: zoneLabel(agentZone) })}</Field.Label>
        <Input type="datetime-local" required value={wallStart} onChange={(e) => setWallStart(e.target.value)} />
      </Field>
      <Field className="uw-field">
        <Field.Label>{t('hotfix.duration')}</Field.Label>
        <Select value={duration} onChange={(e) => setDuration(e.target.value)}>
          {durations.map((value) => (
            <option key={value} value={value}>
              {t('hotfix.hours', { hours: isoHours(value) })}
            </option>
          ))}
        </Select>
      </Field>
      <TextField label={t('hotfix.reason')} value={reason} onChange={setReason} />
      <FormButtons submitLabel={t('common.preview')} disabled={!start || !reason.trim()} onCancel={onCancel} />
    </FormPanel>
  );
}

// "PT2H30M" → 2.5: the select shows hours; the backend gets the ISO duration unchanged.
function isoHours(duration: string): number {
  const match = /^PT(?:(\d+)H)?(?:(\d+)M)?$/.exec(duration);
  return match ? Number(match[1] ?? 0) + Number(match[2] ?? 0) / 60 : 0;
}
