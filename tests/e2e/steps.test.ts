import type { Page } from 'playwright-core';
import { axeViolations, launch, screenshot, sidebar, sidebarFrame, type Browser } from './browser.js';
import { jsonClient, startServe, type Served } from './serve.js';

// "Post a step" in the 320 px sidebar, in English and in French: every step the agent may post is readable in full
// (issue 15: the step dropdown cut "Upgrade started (environment offline)" to "Upgrade started (environment o…").

const MINUTE = 60_000;

/** What the agent sees of each step on offer, and whether all of it fits in the control that shows it. */
interface StepChoice {
  label: string;
  fits: boolean;
}

/**
 * Every step choice of the open "Post a step" form, whatever control shows it: a native select shows one option at
 * a time in its own box (the room left beside its arrow must hold the option's text in the select's font); a label
 * (of a radio) must hold its text, wrapped if need be, and stay inside the frame.
 */
async function stepChoices(page: Page): Promise<StepChoice[]> {
  return sidebarFrame(page).evaluate(() => {
    const frameWidth = document.documentElement.clientWidth;
    const choices: { label: string; fits: boolean }[] = [];
    for (const select of document.querySelectorAll('form select')) {
      const style = getComputedStyle(select);
      const room =
        (select as HTMLSelectElement).clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      const context = document.createElement('canvas').getContext('2d')!;
      context.font = style.font;
      for (const option of (select as HTMLSelectElement).options) {
        choices.push({ label: option.text, fits: context.measureText(option.text).width <= room });
      }
    }
    for (const radio of document.querySelectorAll<HTMLInputElement>('form input[type="radio"]')) {
      const label = radio.labels![0]!;
      const text = document.createRange();
      text.selectNodeContents(label);
      const drawn = text.getBoundingClientRect();
      const box = label.getBoundingClientRect();
      choices.push({
        label: label.textContent ?? '',
        fits:
          label.scrollWidth <= label.clientWidth &&
          drawn.left >= box.left - 0.5 &&
          drawn.right <= Math.min(box.right, frameWidth) + 0.5,
      });
    }
    return choices;
  });
}

describe('the step choice at 320 px', () => {
  let served: Served;
  let browser: Browser;
  let page: Page;
  /** The agent's language as the preview's page gives it to the sidebar (`currentUser.locale`). */
  let agentLocale = 'en-US';
  const tickets: { scheduled: number; started: number }[] = [];

  beforeAll(async () => {
    served = await startServe();
    browser = await launch(served.agentToken);
    page = browser.page;
    // The sandbox's agent is English; a French agent is the same agent with `fr` as the page reports it.
    await page.route('**/preview/api/session', async (route) => {
      const response = await route.fetch();
      const session = (await response.json()) as { agent: { locale: string } };
      await route.fulfill({ response, json: { ...session, agent: { ...session.agent, locale: agentLocale } } });
    });
    const agent = jsonClient(served.backendUrl, served.agentToken);
    const automation = jsonClient(served.backendUrl, served.automationToken);
    const seed = (await (await fetch(`${served.backendUrl}/preview/api/tickets`)).json()) as {
      tickets: { id: number }[];
    };
    const ids = seed.tickets.map((ticket) => ticket.id);
    // Per language, a hot fix about to start (only "upgrade started" on offer) and one already started.
    for (const [scheduled, started] of [
      [ids[0]!, ids[1]!],
      [ids[2]!, ids[3]!],
    ]) {
      for (const id of [scheduled, started]) {
        const start = new Date(Math.ceil((Date.now() + 5 * MINUTE) / MINUTE) * MINUTE).toISOString();
        const booked = await agent('POST', `/api/tickets/${id}/window`, { start, class: 'hotfix', reason: 'Fix' });
        expect([id, booked.status]).toEqual([id, 201]);
      }
      const posted = await automation(
        'POST',
        `/api/tickets/${started}/events`,
        { type: 'upgrade_started' },
        { 'Idempotency-Key': `steps-${started}` },
      );
      expect(posted.status).toBe(202);
      tickets.push({ scheduled: scheduled!, started: started! });
    }
  });

  afterAll(async () => {
    await browser?.close();
    await served?.stop();
  });

  async function openStepForm(ticketId: number, postAStep: string): Promise<void> {
    await page.goto(`${served.previewUrl}?ticket=${ticketId}#ticket-${ticketId}`);
    const app = sidebar(page);
    await app.getByRole('button', { name: postAStep }).click();
    await app.getByRole('button', { name: /^(Preview the comment|Prévisualiser le commentaire)$/ }).waitFor();
  }

  it.each([
    {
      locale: 'en-US',
      postAStep: 'Post a step',
      before: ['Upgrade started (environment offline)'],
      after: ['Instance upgrade started', 'Go / No-Go requested'],
    },
    {
      locale: 'fr',
      postAStep: 'Publier une étape',
      before: ['Mise à niveau commencée (environnement hors ligne)'],
      after: ["Mise à niveau de l'instance commencée", 'Go / No-Go demandé'],
    },
  ])('shows every step in full in $locale', async ({ locale, postAStep, before, after }) => {
    agentLocale = locale;
    const { scheduled, started } = tickets[locale === 'fr' ? 1 : 0]!;
    await openStepForm(scheduled, postAStep);
    expect(await stepChoices(page)).toEqual(before.map((label) => ({ label, fits: true })));
    expect(await axeViolations(sidebarFrame(page))).toEqual([]);
    await openStepForm(started, postAStep);
    expect(await stepChoices(page)).toEqual(after.map((label) => ({ label, fits: true })));
    const overflows = await sidebarFrame(page).evaluate(
      () => document.documentElement.scrollWidth > document.documentElement.clientWidth,
    );
    expect(overflows).toBe(false);
    expect(await axeViolations(sidebarFrame(page))).toEqual([]);
    // The README's screenshot of "Post a step" is the English one (UPDATE_SCREENSHOTS=1).
    await screenshot(page, locale === 'en-US' ? 'post-a-step' : `post-a-step-${locale}`, locale === 'en-US');
  });
});
