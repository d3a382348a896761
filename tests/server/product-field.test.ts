import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { productFieldSpec } from '../../src/server/setup/fields.js';
import { call } from './helpers.js';
import { fieldsOf, settled, startCaptureStack, type CaptureStack } from './capture/stack.js';

const example = JSON.parse(readFileSync(join(__dirname, '../../examples/multi-product.json'), 'utf8')) as object;

describe('the "Upgrade product" ticket field (docs/ZENDESK-SETUP.md)', () => {
  let stack: CaptureStack;
  beforeAll(async () => {
    stack = await startCaptureStack({ policy: example });
  });
  afterAll(async () => {
    await stack.close();
  });

  it('is set to uw_product_<id> when a booking names the product, and follows a change of product', async () => {
    const created = await call(stack.served.url, 'POST', '/_sandbox/tickets', {
      token: null,
      body: { subject: 'Upgrade', requester: { name: 'Dana Scully', email: 'dana@customer.example' } },
    });
    const ticketId = created.body.ticket.id as number;
    const windows = await call(stack.backend.url, 'GET', '/api/windows?count=1&product=informz');
    const booked = await call(stack.backend.url, 'POST', `/api/tickets/${ticketId}/window`, {
      body: { start: windows.body[0].start, class: 'maintenance', product: 'informz' },
    });
    expect(booked.status).toBe(201);
    await settled(stack, ticketId);
    expect(fieldsOf(stack, ticketId)).toMatchObject({ status: 'uw_status_scheduled', product: 'uw_product_informz' });

    // A move naming another product (into a window both products share) sets the field again.
    const shared = await call(stack.backend.url, 'GET', '/api/windows?count=40&product=community');
    const quarterly = (shared.body as { rule: string; start: string }[]).find((window) => window.rule === 'quarterly');
    const moved = await call(stack.backend.url, 'POST', `/api/tickets/${ticketId}/window`, {
      body: { start: quarterly!.start, class: 'maintenance', product: 'community' },
    });
    expect(moved.status).toBe(200);
    await settled(stack, ticketId);
    expect(fieldsOf(stack, ticketId).product).toBe('uw_product_community');
  });

  it('is a dropdown setup created with one option per product', () => {
    const field = stack.sandbox.state.ticketFields.find((candidate) => candidate.id === stack.fieldIds.product);
    expect([field?.title, field?.type]).toEqual(['Upgrade product', 'tagger']);
    expect(field?.custom_field_options?.map((option) => [option.name, option.value])).toEqual([
      ['Online Community', 'uw_product_community'],
      ['Communications Professional', 'uw_product_informz'],
    ]);
  });
});

describe('productFieldSpec', () => {
  it('makes each id a Zendesk tag, and refuses two ids that would share one, naming both', () => {
    const product = (id: string) => ({ id, name: id, names: {} });
    expect(productFieldSpec([product('CRM Suite')]).custom_field_options).toEqual([
      { name: 'CRM Suite', value: 'uw_product_crm_suite' },
    ]);
    expect(() => productFieldSpec([product('crm suite'), product('crm_suite')])).toThrow(
      'products "crm suite" and "crm_suite" would share the Zendesk tag "uw_product_crm_suite"; rename one of them in the policy',
    );
  });
});
