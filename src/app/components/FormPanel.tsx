import type { ReactNode } from 'react';
import { Button } from '@zendeskgarden/react-buttons';
import { Field, Textarea } from '@zendeskgarden/react-forms';
import { useI18n } from '../i18n/I18nContext.js';

/** A titled form panel of the sidebar: the title names the form for screen readers, submitting never navigates. */
export function FormPanel({ title, onSubmit, children }: { title: string; onSubmit: () => void; children: ReactNode }) {
  return (
    <form
      aria-label={title}
      className="uw-panel"
      onSubmit={(event) => {
        event.preventDefault();
        onSubmit();
      }}
    >
      <h3 className="uw-h3">{title}</h3>
      {children}
    </form>
  );
}

/** A required text of a few lines (a reason, a note). */
export function TextField({
  label,
  value,
  onChange,
}: {
  label: string;
  value: string;
  onChange: (value: string) => void;
}) {
  return (
    <Field className="uw-field">
      <Field.Label>{label}</Field.Label>
      <Textarea required value={value} onChange={(e) => onChange(e.target.value)} minRows={2} />
    </Field>
  );
}

/** The form's submit button and a Back button that leaves the form. */
export function FormButtons({
  submitLabel,
  disabled,
  onCancel,
}: {
  submitLabel: string;
  disabled: boolean;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  return (
    <div className="uw-buttons">
      <Button size="small" isPrimary type="submit" disabled={disabled}>
        {submitLabel}
      </Button>
      <Button size="small" isBasic onClick={onCancel}>
        {t('common.back')}
      </Button>
    </div>
  );
}
