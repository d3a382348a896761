import { createSandbox, serveSandbox, type Sandbox, type ServedSandbox } from '../../../src/zendesk/sandbox/index.js';
import { htmlToText, rewriteHtmlBody } from '../../../src/zendesk/sandbox/html.js';
import { sandboxCaller } from '../helpers.js';

// Shapes a real account has that the product must not assume away: rewritten html_body, iana_time_zone on every
// user, several organizations per user.

let sandbox: Sandbox;
let served: ServedSandbox;
const call = sandboxCaller(() => served.url);

beforeEach(async () => {
  sandbox = createSandbox({ sleep: async () => undefined });
  served = await serveSandbox(sandbox, { port: 0 });
});

afterEach(async () => {
  await served.close();
});

const userByEmail = (email: string) => sandbox.state.users.find((user) => user.email === email)!;

describe('html_body', () => {
  it('is stored as Zendesk rewrites it: no scripts or handlers, links in a new tab, in the comment div', async () => {
    const sent =
      '<p onclick="steal()">Booked <a href="https://status.example/1">details</a></p>' +
      '<script>alert(1)</script><a href="javascript:alert(2)">x</a><form><input name="q"></form>';
    const update = await call('PUT', '/api/v2/tickets/10231.json', { ticket: { comment: { html_body: sent } } });
    expect(update.status).toBe(200);
    const stored = (await call('GET', '/api/v2/tickets/10231/comments.json')).body.comments[1];
    expect(stored.html_body).toBe(
      '<div class="zd-comment" dir="auto"><p>Booked <a href="https://status.example/1" rel="noopener noreferrer" ' +
        'target="_blank">details</a></p><a href="#" rel="noopener noreferrer" target="_blank">x</a></div>',
    );
    expect(stored.plain_body).toBe('Booked details\n\nx');
  });

  it('rewrites 300,000 characters of hostile markup without running away', () => {
    const hostile = '<a'.repeat(50_000) + '<script'.repeat(20_000) + ' onx="'.repeat(20_000) + ' '.repeat(50_000);
    // A quadratic pass over these characters takes minutes and fails on the test's own timeout; a linear one
    // takes milliseconds. What comes out is bounded by what went in, and no script survives.
    const html = rewriteHtmlBody(hostile);
    const text = htmlToText(hostile);
    expect(html.length).toBeLessThanOrEqual(hostile.length * 2);
    expect(html).not.toMatch(/<script/i);
    expect(text.length).toBeLessThanOrEqual(hostile.length);
  }, 10_000);
});

describe('users', () => {
  it('always have an iana_time_zone, the account default when none was given', async () => {
    const users = (await call('GET', '/api/v2/users.json')).body.users as { iana_time_zone: string }[];
    expect(users.length).toBeGreaterThan(5);
    for (const user of users) expect(user.iana_time_zone).toMatch(/^[A-Za-z_]+\/[A-Za-z_]+$/);
    const kim = (await call('GET', `/api/v2/users/${userByEmail('kim.sato@hartwell.example').id}.json`)).body.user;
    expect(kim).toMatchObject({ iana_time_zone: 'America/Chicago', time_zone: 'Central Time (US & Canada)' });
  });

  it('may belong to several organizations: organization_id is only the default one', async () => {
    const dana = userByEmail('dana.whitfield@initech.example');
    const organizations = sandbox.state.organizations;
    const globex = organizations.find((organization) => organization.name === 'Globex Corporation')!;
    const initech = organizations.find((organization) => organization.name === 'Initech')!;
    expect(dana.organization_id).toBe(initech.id);
    const memberships = await call('GET', `/api/v2/users/${dana.id}/organization_memberships.json`);
    expect(memberships.status).toBe(200);
    expect(
      memberships.body.organization_memberships.map((item: { organization_id: number; default: boolean }) => [
        item.organization_id,
        item.default,
      ]),
    ).toEqual([
      [initech.id, true],
      [globex.id, false],
    ]);
    const members = await call('GET', `/api/v2/organizations/${globex.id}/users.json`);
    expect(members.body.users.map((user: { email: string }) => user.email)).toContain(dana.email);
    const byOrganization = await call('GET', `/api/v2/organizations/${globex.id}/organization_memberships.json`);
    expect(byOrganization.body.organization_memberships).toHaveLength(3);
    expect((await call('GET', '/api/v2/users/1/organization_memberships.json')).status).toBe(404);
  });

  it('join a further organization when a ticket names a known requester with it', async () => {
    await call('POST', '/_sandbox/tickets', {
      subject: 'Hartwell too',
      requester: { email: 'jane.cooper@initech.example', organization: 'Hartwell' },
    });
    const jane = userByEmail('jane.cooper@initech.example');
    const memberships = await call('GET', `/api/v2/users/${jane.id}/organization_memberships.json`);
    expect(memberships.body.organization_memberships).toEqual([
      expect.objectContaining({ organization_name: 'Hartwell', default: true }),
    ]);
    expect((await call('GET', `/api/v2/users/${jane.id}.json`)).body.user.organization_id).toBe(
      memberships.body.organization_memberships[0].organization_id,
    );
  });
});

describe('an account in use', () => {
  it('may hold dropdowns whose tags are plain words, so an app creating the same tags is refused', async () => {
    await served.close();
    sandbox = createSandbox({ collidingFields: true, sleep: async () => undefined });
    served = await serveSandbox(sandbox, { port: 0 });
    const fields = (await call('GET', '/api/v2/ticket_fields.json')).body.ticket_fields as {
      title: string;
      custom_field_options?: { value: string }[];
    }[];
    const tags = fields.flatMap((field) => (field.custom_field_options ?? []).map((option) => option.value));
    expect(tags).toEqual(expect.arrayContaining(['scheduled', 'in_progress', 'completed', 'cancelled', 'go', 'no_go']));
    const refused = await call('POST', '/api/v2/ticket_fields.json', {
      ticket_field: {
        type: 'tagger',
        title: 'Upgrade status',
        custom_field_options: [{ name: 'S', value: 'scheduled' }],
      },
    });
    expect(refused.status).toBe(422);
    expect(refused.body.details.custom_field_options[0].description).toMatch(/the tag scheduled is already in use/);
  });

  it('lets a tag select the dropdown option that owns it, and clears the dropdown when the tag goes', async () => {
    const field = await call('POST', '/api/v2/ticket_fields.json', {
      ticket_field: { type: 'tagger', title: 'Stage', custom_field_options: [{ name: 'Ready', value: 'stage_ready' }] },
    });
    const id = field.body.ticket_field.id as number;
    const tagged = await call('PUT', '/api/v2/tickets/10231.json', { ticket: { tags: ['vip', 'stage_ready'] } });
    expect(tagged.body.ticket.custom_fields).toContainEqual({ id, value: 'stage_ready' });
    const untagged = await call('PUT', '/api/v2/tickets/10231.json', { ticket: { tags: ['vip'] } });
    expect(untagged.body.ticket.custom_fields).toContainEqual({ id, value: null });
  });
});
