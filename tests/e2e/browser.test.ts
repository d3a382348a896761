import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Page } from 'playwright-core';
import { axeViolations, launch, screenshot, sidebar, sidebarFrame, wallTime, type Browser } from './browser.js';
import { startServe, waitFor, type Served } from './serve.js';

// The preview in Debian's Chromium: an agent books a window in the real sidebar, moves it to a hot fix, posts the
// steps up to a Go / No-Go request, sees the customer's NO-GO captured, and resolves an unclear reply on another
// ticket. Every screen passes axe (page and sidebar frame), and no request leaves loopback. The sidebar runs
// Zendesk's own ZAF SDK (npm's files, served unmodified) against the preview page's host side of the protocol.

const AGENT_ZONE = 'America/Chicago'; // Sam Rivera's, the sandbox's agent
const MINUTE = 60_000;

// Organization approvers, so that Marcus (Globex) may answer for Priya's ticket.
const POLICY = {
  timeZone: 'America/Chicago',
  leadTime: 'P7D',
  rules: [{ id: 'standard', weekly: ['tuesday', 'friday'], start: '18:00', duration: 'PT6H', capacity: null }],
  decision: { deadline: 'PT2H', onTimeout: 'wait', approvers: 'organization' },
};

describe('the preview in Chromium', () => {
  let served: Served;
  let browser: Browser;
  let page: Page;
  const screens: string[] = [];

  /**
   * Whether the sidebar's document is wider than its 320 px frame, and whether it can show a scrollbar of its own
   * (headless Chromium hides scrollbars, so the style that rules them out is what is checked).
   */
  async function frameLayout(): Promise<{ overflowsWidth: boolean; verticalScrollbar: boolean }> {
    return page.locator('#sidebar').evaluate((frame: HTMLIFrameElement) => {
      const root = frame.contentDocument!.documentElement;
      const overflowY = frame.contentWindow!.getComputedStyle(root).overflowY;
      return { overflowsWidth: root.scrollWidth > root.clientWidth, verticalScrollbar: overflowY !== 'hidden' };
    });
  }

  /** Both documents of the screen pass axe; the screenshot is kept as a test artefact (and for the README). */
  async function checkScreen(name: string, keep = false): Promise<void> {
    await screenshot(page, name, keep);
    screens.push(name);
    expect({ screen: name, page: await axeViolations(page.mainFrame()) }).toEqual({ screen: name, page: [] });
    expect({ screen: name, sidebar: await axeViolations(sidebarFrame(page)) }).toEqual({ screen: name, sidebar: [] });
  }

  async function openTicket(subject: string): Promise<void> {
    await page.getByRole('button', { name: new RegExp(subject) }).click();
    await page.getByRole('heading', { level: 2, name: new RegExp(subject) }).waitFor();
    await expectState(/Unscheduled|Scheduled|In progress|Awaiting decision|Rolling back/);
  }

  async function expectState(name: RegExp): Promise<void> {
    await sidebar(page).getByRole('region', { name: 'Upgrade' }).getByText(name).first().waitFor();
  }

  async function bookHotfix(reason: string): Promise<void> {
    const app = sidebar(page);
    await app.getByRole('button', { name: 'Hot fix' }).click();
    await app.getByLabel('Start (Chicago time)').fill(wallTime(Date.now() + 5 * MINUTE, AGENT_ZONE));
    await app.getByLabel('Reason (sent to the customer)').fill(reason);
    await app.getByRole('button', { name: 'Preview the comment' }).click();
    await app.getByRole('button', { name: 'Book the hot fix and post the comment' }).click();
    await app.getByRole('button', { name: 'Post a step' }).waitFor();
  }

  async function postStep(
    label: string,
    fill: { instance?: string; reason?: string; anticipatedEnd?: string } = {},
  ): Promise<void> {
    const app = sidebar(page);
    await app.getByRole('button', { name: 'Post a step' }).click();
    await app
      .getByRole('group', { name: 'Step' })
      .getByRole('radio', { name: label, exact: true })
      .check({ force: true });
    if (fill.instance) await app.getByLabel('Instance', { exact: true }).fill(fill.instance);
    if (fill.reason) await app.getByLabel('Reason', { exact: true }).fill(fill.reason);
    if (fill.anticipatedEnd) await app.getByLabel('Anticipated end (Chicago time)').fill(fill.anticipatedEnd);
    await app.getByRole('button', { name: 'Preview the comment' }).click();
    await app.getByRole('region', { name: 'Comment the customer will receive' }).locator('pre').waitFor();
    await app.getByRole('button', { name: 'Post the step' }).click();
    await app.getByRole('region', { name: 'Communications' }).getByText(label).first().waitFor();
  }

  async function replyAsCustomer(author: RegExp, channel: 'Email' | 'Help centre (web)', body: string): Promise<void> {
    const option = await page.locator('#reply-author option').filter({ hasText: author }).getAttribute('value');
    await page.getByLabel('From').selectOption(option!);
    await page.getByLabel(channel).check();
    await page.getByLabel('Message').fill(body);
    await page.getByRole('button', { name: 'Send reply' }).click();
    await page
      .getByRole('status')
      .getByText(/^Reply sent as/)
      .waitFor();
  }

  /** The page's field list, as the agent reads it beside the conversation. */
  async function field(title: string): Promise<string> {
    return (await page.locator(`dd[data-field="${title}"]`).textContent()) ?? '';
  }

  async function waitForField(title: string, value: string): Promise<void> {
    await page.locator(`dd[data-field="${title}"]`, { hasText: value }).waitFor({ timeout: 20_000 });
  }

  /** The SDK files the browser received, by path: they must be npm's, byte for byte. */
  const sdkFiles = new Map<string, Promise<Buffer>>();

  beforeAll(async () => {
    served = await startServe({ policy: POLICY });
    browser = await launch(served.agentToken);
    page = browser.page;
    browser.context.on('response', (response) => {
      const path = new URL(response.url()).pathname;
      if (path.startsWith('/preview/zaf-sdk/lib/')) sdkFiles.set(path, response.body());
    });
    // Every message the sidebar frames receive, as the SDK reads them: the page's app.registered among them.
    await browser.context.addInitScript({
      content: `if (location.pathname.startsWith('/sidebar/')) {
        window.__received = [];
        window.addEventListener('message', (event) => window.__received.push(event.data));
      }`,
    });
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  it('shows the workspace with the tickets, the conversation, the fields and the sidebar', async () => {
    await page.goto(served.previewUrl);
    await page.getByRole('heading', { level: 2, name: /^#\d+ / }).waitFor();
    const subjects = await page.locator('#ticket-list .subject').allTextContents();
    expect(subjects.map((subject) => subject.replace(/^#\d+ /, ''))).toEqual([
      'Upgrade request: production to 8.4',
      'Demande de mise à niveau : environnement de production',
      'Mise à niveau de la plateforme',
      'Please schedule our staging upgrade',
      'Globex: upgrade of the EU and US instances',
    ]);
    await openTicket('Upgrade request: production to 8.4');
    expect(await page.locator('#fields dt').allTextContents()).toEqual([
      'Upgrade status',
      'Upgrade window start',
      'Upgrade window end',
      'Upgrade window date',
      'Upgrade decision',
      'Upgrade decision at',
      'Upgrade decision by',
      'Upgrade decision evidence',
      'Upgrade needs review',
      'Upgrade delivery marker',
    ]);
    expect(await page.locator('#sidebar').getAttribute('width')).toBe('320');
    expect(await page.locator('#sidebar').getAttribute('src')).toMatch(
      /^\/sidebar\/index\.html\?origin=http%3A%2F%2Flocalhost%3A\d+&app_guid=preview-ticket-\d+$/,
    );
    await sidebar(page).getByText('Unscheduled').waitFor();
    // The app's invoke('resize') reached the page: the frame becomes as tall as the app's content.
    // The frame may still be reloading for the chosen ticket: no app root yet is "not resized yet".
    const heights = () =>
      page.locator('#sidebar').evaluate((frame: HTMLIFrameElement) => {
        const root = frame.contentDocument?.querySelector('.uw-root');
        return {
          frame: frame.style.height,
          content: root ? `${Math.ceil(root.getBoundingClientRect().height)}px` : null,
        };
      });
    await waitFor(
      async () => {
        const { frame, content } = await heights();
        return frame === content;
      },
      10_000,
      () => 'the frame resized to the app',
    );
    expect((await heights()).frame).toMatch(/^[1-9]\d+px$/);
    await checkScreen('01-workspace');
  });

  it('books a window from the list, with the comment previewed in the requester language', async () => {
    const app = sidebar(page);
    await app.getByRole('button', { name: 'Book a window' }).click();
    const picker = app.getByRole('region', { name: 'Book a window' });
    await picker.getByText('Times in Chicago time').waitFor();
    // Scannable at 320 px: weeks, reasons in words (no ISO, no backticks), nothing wider than the frame.
    expect(await picker.getByRole('region', { name: /^Week of / }).count()).toBeGreaterThan(0);
    const listText = (await picker.textContent()) ?? '';
    expect(listText).toMatch(/Too soon: needs 7 days' notice, earliest /);
    expect(listText).not.toMatch(/\d{4}-\d{2}-\d{2}T|`/);
    expect(await frameLayout()).toEqual({ overflowsWidth: false, verticalScrollbar: false });
    await checkScreen('02-window-list', true);
    await app
      .getByRole('button', { name: /^Choose the window of/ })
      .first()
      .click();
    await app.getByRole('region', { name: 'Comment the customer will receive' }).locator('pre').waitFor();
    await checkScreen('03-booking-preview');
    await app.getByRole('button', { name: 'Book and post the comment' }).click();
    await expectState(/^Scheduled$/);
    // The comment reaches the ticket with its invite, and the fields follow.
    await page
      .locator('.comment.public .attachments a', { hasText: /\.ics$/ })
      .first()
      .waitFor({ timeout: 20_000 });
    await waitForField('Upgrade status', 'Scheduled');
    await checkScreen('04-booked', true);
  });

  it('moves the booking to a hot fix and posts the steps up to a Go / No-Go request', async () => {
    await bookHotfix('Security fix for the login service');
    await postStep('Upgrade started (environment offline)');
    await postStep('Instance upgrade started', { instance: 'eu-west-1' });
    await postStep('Go / No-Go requested', {
      reason: 'The database migration is slower than planned',
      anticipatedEnd: wallTime(Date.now() + 4 * 60 * MINUTE, AGENT_ZONE),
    });
    await expectState(/^Awaiting decision$/);
    await waitForField('Upgrade status', 'Awaiting decision');
    await checkScreen('05-decision-requested', true);
  });

  it("captures the customer's NO-GO from an email reply into the fields and the sidebar", async () => {
    await replyAsCustomer(/^Jane Cooper/, 'Email', 'No-go, please roll back.');
    await waitForField('Upgrade decision', 'No-Go');
    expect(await field('Upgrade status')).toBe('Rolling back');
    expect(await field('Upgrade decision by')).toContain('Jane Cooper');
    await page
      .locator('.comment.public .body', { hasText: 'We understood your answer as NO-GO' })
      .waitFor({ timeout: 20_000 });
    // No "Reload app": the sidebar polls while the decision is awaited.
    await sidebar(page)
      .getByRole('region', { name: 'Upgrade' })
      .getByText(/^Rolling back$/)
      .first()
      .waitFor({ timeout: 30_000 });
    await sidebar(page)
      .getByText(/^NO-GO · from the customer/)
      .waitFor();
    await checkScreen('06-no-go-captured', true);
  });

  it('flags an unclear reply from an approver and lets the agent resolve it', async () => {
    await openTicket('Globex: upgrade of the EU and US instances');
    await bookHotfix('Hot fix for the EU instance');
    await postStep('Upgrade started (environment offline)');
    await postStep('Go / No-Go requested', {
      reason: 'Re-indexing takes longer than planned',
      anticipatedEnd: wallTime(Date.now() + 3 * 60 * MINUTE, AGENT_ZONE),
    });
    await replyAsCustomer(/^Marcus Holt \(organization approver/, 'Help centre (web)', 'Ok, thanks for the heads-up.');
    await waitForField('Upgrade needs review', 'Yes');
    await page.locator('.comment.internal .body', { hasText: 'Ok, thanks for the heads-up.' }).waitFor();
    await page.getByRole('button', { name: 'Reload app' }).click();
    const app = sidebar(page);
    await app.getByRole('button', { name: 'Resolve reply' }).click();
    await app.getByRole('radio', { name: 'GO', exact: true }).check({ force: true });
    await app.getByLabel('Note (why you record this decision)').fill('Marcus confirmed GO on the phone.');
    await app.locator('button:enabled', { hasText: 'Record the decision' }).waitFor();
    await checkScreen('07-unclear-reply', true);
    await app.getByRole('button', { name: 'Record the decision' }).click();
    await expectState(/^In progress$/);
    await app.getByText(/^GO · recorded by Sam Rivera/).waitFor();
    await waitForField('Upgrade needs review', 'No');
    await checkScreen('08-reply-resolved');
  });

  it('never sent a request off loopback (the CDN SDK tag is swapped for the SDK from npm)', () => {
    expect(screens).toHaveLength(8);
    expect(browser.offLoopback).toEqual([]);
  });

  it("ran Zendesk's own ZAF SDK: npm's files byte for byte, and nothing of the loader left behind", async () => {
    const sdkDir = dirname(require.resolve('zendesk_app_framework_sdk/package.json'));
    expect([...sdkFiles.keys()].sort()).toEqual(
      ['client', 'index', 'utils', 'vendor/native-promise-only'].map((name) => `/preview/zaf-sdk/lib/${name}.js`),
    );
    for (const [path, body] of sdkFiles) {
      const file = readFileSync(join(sdkDir, 'lib', path.slice('/preview/zaf-sdk/lib/'.length)));
      expect({ path, same: Buffer.compare(await body, file) === 0 }).toEqual({ path, same: true });
    }
    const globals = await sidebarFrame(page).evaluate(() => {
      const scope = window as unknown as Record<string, unknown>;
      const zaf = scope.ZAFClient as { init: () => unknown };
      return {
        init: zaf.init.toString().includes('Utils.queryParameters()'),
        leftovers: ['module', 'exports', 'require', '__zafSdkLoader'].filter((name) => name in scope),
      };
    });
    expect(globals).toEqual({ init: true, leftovers: [] });
  });

  it('never let the agent token reach the browser: the proxy fills it in on the server', async () => {
    const received = await sidebarFrame(page).evaluate(
      () => (window as unknown as { __received: unknown[] }).__received,
    );
    const registered = received
      .map((data) => (typeof data === 'string' ? (JSON.parse(data) as { key?: string; message?: unknown }) : null))
      .filter((message) => message?.key === 'zaf.app.registered');
    expect(registered).toHaveLength(1);
    expect((registered[0]!.message as { metadata: unknown }).metadata).toEqual({
      appId: 0,
      installationId: 1,
      name: 'Upgrade Windows',
      version: 'preview',
      settings: { backendUrl: served.backendUrl },
    });
    expect(browser.leaks).toEqual([]);
  });
});
