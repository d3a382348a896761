import { Field, Select } from '@zendeskgarden/react-forms';
import type { BookingRequest } from '../../contract/index.js';
import type { ProductChoice } from '../format/products.js';
import { useI18n } from '../i18n/I18nContext.js';

interface Props {
  products: ProductChoice[];
  /** The chosen product's id; '' for none yet. */
  value: string;
  onChange: (id: string) => void;
}

/**
 * Which product the ticket is for, when the policy has products (docs/POLICY.md, Products): its windows are the
 * ones offered, and the booking names it, which also sets the ticket's "Upgrade product" field.
 */
export function ProductSelect({ products, value, onChange }: Props) {
  const { t } = useI18n();
  if (products.length === 0) return null;
  return (
    <Field className="uw-field">
      <Field.Label>{t('book.product')}</Field.Label>
      <Select value={value} onChange={(event) => onChange(event.target.value)}>
        {value === '' && <option value="">{t('book.productNone')}</option>}
        {products.map((product) => (
          <option key={product.id} value={product.id}>
            {product.name}
          </option>
        ))}
      </Select>
    </Field>
  );
}

/** The booking body's `product`: only when one is chosen, so that a policy without products sees no change. */
export function withProduct(booking: BookingRequest, product: string): BookingRequest {
  return product === '' ? booking : { ...booking, product };
}
