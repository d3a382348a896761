import { applyDecision, applyEvent, cancel, type LifecycleResult } from '../../core/lifecycle/index.js';
import { bookingCountsAt, lifecycleContext } from '../changes/context.js';
import { deliveryComment } from '../changes/write.js';
import { refusedBy } from '../errors.js';
import type { BookingInput, EventInput, PreviewInput } from '../http/input.js';
import type { PreviewView } from '../views/preview.js';
import { bookableWindow, bookChecked } from './booking.js';
import { agentDecisionInput } from './decisions.js';
import { upgradeOf, type UseCaseDeps } from './deps.js';
import { lifecycleEvent } from './events.js';
import { offerNext, type OfferInput } from './offers.js';
import { productFor } from './products.js';

/**
 * `POST /api/tickets/:id/preview`: the comment an event or booking change would post, rendered for this ticket's
 * requester, under the same checks as the change itself; nothing is stored.
 */
export async function previewComment(deps: UseCaseDeps, ticketId: number, input: PreviewInput): Promise<PreviewView> {
  const now = deps.now();
  const { upgrade } = await upgradeOf(deps.store, ticketId);
  const start = 'start' in input && typeof input.start === 'number' ? input.start : now;
  const counts = await bookingCountsAt(deps.store, ticketId, Math.min(now, start));
  const context = lifecycleContext(deps.policy, counts, now, upgrade.product);
  let result: LifecycleResult;
  if (input.type === 'window_cancelled') {
    result = cancel(upgrade, context);
  } else if (input.type === 'decision_received') {
    const decision = input as Extract<PreviewInput, { type: 'decision_received' }>;
    result = applyDecision(upgrade, agentDecisionInput(decision, null, now), context);
  } else if (input.type === 'window_offered') {
    result = offerNext(upgrade, input as OfferInput, deps.policy, now, counts);
  } else if (input.type === 'window_scheduled' || input.type === 'window_rescheduled') {
    const booking = input as PreviewInput & BookingInput;
    const product = productFor(deps.policy, booking.product, upgrade.product, true);
    const window = bookableWindow(deps.policy, booking, now, counts, product);
    result = bookChecked(upgrade, booking, window, now, counts, deps.policy, product);
  } else {
    result = applyEvent(upgrade, lifecycleEvent(input as EventInput, `preview:${now}`), context);
  }
  if (!result.ok) throw refusedBy(result);
  // The customer's comment when the change posts one (an agent's decision also leaves an internal note).
  const comments = result.effects.filter((effect) => effect.kind === 'comment');
  const comment = comments.find((effect) => effect.public) ?? comments[0];
  if (comment === undefined || comment.kind !== 'comment') {
    return { type: input.type, text: '', html: '', public: false, locale: null, posts: false };
  }
  const requester = await deps.requesters.of(ticketId);
  const rendered = deps.render(deliveryComment(comment), requester);
  return {
    type: comment.template,
    public: comment.public,
    locale: requester.locale,
    text: rendered.text,
    html: rendered.html,
    attachments: rendered.attachments.map((file) => ({ filename: file.filename, contentType: file.contentType })),
    posts: true,
  };
}
