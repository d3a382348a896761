import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { chromium, type BrowserContext, type Frame, type FrameLocator, type Page } from 'playwright-core';
import { CHROMIUM, CHROMIUM_FLAGS } from './chromium.js';

// Debian's Chromium driven by playwright-core, with nothing allowed to leave the machine.

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);
const ROOT = resolve(__dirname, '../..');
export const RESULTS_DIR = join(ROOT, 'test-results');
export const SCREENSHOTS_DIR = join(ROOT, 'docs/screenshots');

export interface Browser {
  context: BrowserContext;
  page: Page;
  /** Every request the page or its frames tried to send off loopback (refused). */
  offLoopback: string[];
  /** Requests and responses of the browser that carried `secret` (the agent token must never be among them). */
  leaks: string[];
  close(): Promise<void>;
}

/** A fresh profile each run (a new, empty user-data-dir), and a route that refuses any host but loopback. */
export async function launch(secret: string): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'uw-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_FLAGS,
    viewport: { width: 1360, height: 900 },
    locale: 'en-US',
    timezoneId: 'America/Chicago',
  });
  const offLoopback: string[] = [];
  await context.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if ((url.protocol === 'http:' || url.protocol === 'https:') && !LOOPBACK.has(url.hostname)) {
      offLoopback.push(url.href);
      await route.abort('blockedbyclient');
      return;
    }
    await route.continue();
  });
  const leaks: string[] = [];
  context.on('request', (request) => {
    if (JSON.stringify(request.headers()).includes(secret) || (request.postData() ?? '').includes(secret)) {
      leaks.push(`request ${request.url()}`);
    }
  });
  context.on('response', (response) => {
    response.text().then(
      (text) => {
        if (text.includes(secret)) leaks.push(`response ${response.url()}`);
      },
      () => undefined, // a redirect or an aborted request has no body to read
    );
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    offLoopback,
    leaks,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export function sidebar(page: Page): FrameLocator {
  return page.frameLocator('#sidebar');
}

export function sidebarFrame(page: Page): Frame {
  const frame = page.frames().find((candidate) => candidate.url().includes('/sidebar/index.html'));
  if (!frame) throw new Error('the sidebar frame is not loaded');
  return frame;
}

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  targets: string[];
}

const AXE = require.resolve('axe-core/axe.min.js');

/**
 * axe-core's WCAG 2.1 A and AA rules on one document (the page without its frames, or the sidebar frame): every
 * screen is checked in both, so a violation names the document it is in.
 */
export async function axeViolations(frame: Frame): Promise<AxeViolation[]> {
  const loaded = await frame.evaluate(() => typeof (window as unknown as { axe?: unknown }).axe !== 'undefined');
  if (!loaded) {
    // Evaluated through the DevTools protocol: the pages' Content-Security-Policy forbids injected <script> tags.
    await frame.evaluate(readFileSync(AXE, 'utf8'));
    // Garden animates colours (0.25 s on buttons): axe must judge the colours a person sees once they settle, not
    // a frame mid-transition, which made the contrast check depend on timing.
    await frame.addStyleTag({
      content: '*, *::before, *::after { transition: none !important; animation: none !important; }',
    });
  }
  return frame.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (...args: unknown[]) => Promise<AxeResults> } }).axe;
    interface AxeResults {
      violations: { id: string; impact: string | null; help: string; nodes: { target: string[] }[] }[];
    }
    const results = await axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      iframes: false,
    });
    return results.violations.map((violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      targets: violation.nodes.map((node) => node.target.join(' ')),
    }));
  });
}

/**
 * Saves `test-results/<name>.png` (the test artefact). With `UPDATE_SCREENSHOTS=1`, the `keep` ones also replace
 * docs/screenshots/ for the README, so an ordinary run never leaves the work tree modified.
 */
export async function screenshot(page: Page, name: string, keep = false): Promise<string> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const file = join(RESULTS_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  if (keep && process.env.UPDATE_SCREENSHOTS === '1') {
    mkdirSync(SCREENSHOTS_DIR, { recursive: true });
    copyFileSync(file, join(SCREENSHOTS_DIR, `${name}.png`));
  }
  return file;
}

/** `2026-11-22T15:04` in `zone`: what an agent types into a datetime-local field of the sidebar. */
export function wallTime(instant: number, zone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(new Date(instant))
      .map((part) => [part.type, part.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}`;
}
