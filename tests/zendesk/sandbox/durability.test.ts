import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSandbox, serveSandbox, type ServedSandbox } from '../../../src/zendesk/sandbox/index.js';
import { sandboxCaller } from '../helpers.js';

// The sandbox of `npm start` keeps its state in a file, and behaves like a database: a write is on disk before it
// is confirmed, a write that cannot be saved is refused and undone, and a restart never hands out an id twice.

let dir: string;
let stateFile: string;
let served: ServedSandbox;
const call = sandboxCaller(() => served.url);

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sandbox-durable-'));
  stateFile = join(dir, 'data', 'sandbox.json');
});

afterEach(async () => {
  await served?.close().catch(() => undefined);
  await rm(dir, { recursive: true, force: true });
});

async function start(): Promise<ServedSandbox> {
  const sandbox = createSandbox();
  const text = await readFile(stateFile, 'utf8').catch(() => null);
  if (text !== null) sandbox.restore(text);
  served = await serveSandbox(sandbox, { port: 0, stateFile });
  return served;
}

async function savedTicket(id: number) {
  const saved = JSON.parse(await readFile(stateFile, 'utf8')) as { tickets: { id: number; comments: unknown[] }[] };
  return saved.tickets.find((ticket) => ticket.id === id);
}

describe('the sandbox saves before it answers', () => {
  it('has the comment on disk by the time the update is answered, before any close', async () => {
    await start();
    const answer = await call('PUT', '/api/v2/tickets/10231.json', { ticket: { comment: { body: 'Booked' } } });
    expect(answer.status).toBe(200);
    const ticket = await savedTicket(10231);
    expect(ticket?.comments).toHaveLength(2);
  });

  it('writes the state file readable by its owner only (it holds the signing secrets)', async () => {
    await start();
    await call('PUT', '/api/v2/tickets/10231.json', { ticket: { comment: { body: 'Booked' } } });
    expect((await stat(stateFile)).mode & 0o777).toBe(0o600);
  });

  it('answers 503 to a change it cannot save, undoes it, and saves again once it can', async () => {
    await start();
    // The data folder replaced by a file: no write can succeed, whoever runs the test (root included).
    await rm(join(dir, 'data'), { recursive: true, force: true });
    await writeFile(join(dir, 'data'), 'not a folder');
    const refused = await call('PUT', '/api/v2/tickets/10231.json', { ticket: { comment: { body: 'Lost?' } } });
    expect(refused.status).toBe(503);
    expect(refused.body.description).toMatch(/not saved/);
    const comments = await call('GET', '/api/v2/tickets/10231/comments.json');
    expect(comments.body.comments).toHaveLength(1);

    await rm(join(dir, 'data'));
    await mkdir(join(dir, 'data'));
    const saved = await call('PUT', '/api/v2/tickets/10231.json', { ticket: { comment: { body: 'Kept' } } });
    expect(saved.status).toBe(200);
    expect((await savedTicket(10231))?.comments).toHaveLength(2);
  });

  it('never reuses a ticket id after a restart without a clean close', async () => {
    await start();
    const requester = { name: 'Ann', email: 'ann@example.com' };
    const first = await call('POST', '/_sandbox/tickets', { subject: 'One', requester });
    // No close: the next process starts from whatever is on disk, as after kill -9.
    const crashed = served;
    await start();
    const second = await call('POST', '/_sandbox/tickets', { subject: 'Two', requester });
    expect(second.body.ticket.id).toBe(first.body.ticket.id + 1);
    await crashed.close();
  });
});

describe('the /_sandbox/ routes', () => {
  it('refuse a write that is not JSON with 415, so no web page can post replies or reset the sandbox', async () => {
    await start();
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x']) {
      const response = await fetch(`${served.url}/_sandbox/reset`, {
        method: 'POST',
        headers: { 'content-type': type },
        body: '{}',
      });
      expect(response.status).toBe(415);
    }
    const noType = await fetch(`${served.url}/_sandbox/tickets/10231/replies`, { method: 'POST', body: '{}' });
    expect(noType.status).toBe(415);
    expect((await call('GET', '/_sandbox/ledger')).status).toBe(200);
    expect((await call('POST', '/_sandbox/reset', {})).status).toBe(200);
  });

  it('read a character reference outside Unicode in a reply as U+FFFD instead of failing', async () => {
    await start();
    const reply = await call('POST', '/_sandbox/tickets/10231/replies', {
      email: 'jane.cooper@initech.example',
      htmlBody: '<p>Go &#99999999; ahead &#x110000; &#0;</p>',
    });
    expect(reply.status).toBe(201);
    expect(reply.body.comment.plain_body).toBe('Go \ufffd ahead \ufffd \ufffd');
  });
});
