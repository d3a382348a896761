import type { Policy } from '../../core/schedule.js';
import { audienceLocale, renderComment, type RenderOptions } from '../../core/templates/render.js';
import type { Catalog } from '../../core/templates/catalog.js';
import { renderInvite } from '../../core/templates/invite.js';
import type { DeliveryComment, RenderedDelivery, Requester } from './worker.js';

/**
 * What the lifecycle puts in a comment's `invite`: the booking's identity and instants. The rest of the
 * `.ics` (organizer, attendee, texts in the requester's language, stamp) is filled here at delivery time.
 */
export interface InviteSpec {
  uid: string;
  sequence: number;
  method: 'REQUEST' | 'CANCEL';
  start: number;
  end: number;
  timeZone?: string;
}

export interface RenderDeps {
  policy: Policy;
  catalog?: Catalog;
  now: () => number;
}

/**
 * Renders an outbox comment for its requester (language and zone from the Zendesk user; an internal note in the
 * vendor's language), with its invite.
 * Both the worker and the preview route use it, so a preview shows exactly what would be posted.
 */
export function createRenderer(deps: RenderDeps): (comment: DeliveryComment, requester: Requester) => RenderedDelivery {
  return (comment, requester) => {
    const options: RenderOptions = {
      locale: audienceLocale(comment.template, requester.locale, deps.policy),
      requesterZone: requester.timeZone,
      policy: deps.policy,
      ...(deps.catalog !== undefined ? { catalog: deps.catalog } : {}),
    };
    const rendered = renderComment(comment.template, comment.vars, options);
    const attachments: RenderedDelivery['attachments'] = [];
    const invite = asInviteSpec(comment.invite);
    if (invite !== null) {
      attachments.push({
        filename: 'invite.ics',
        contentType: 'text/calendar',
        content: inviteText(invite, requester, options, deps),
      });
    }
    return { text: rendered.text, html: rendered.html, attachments };
  };
}

function inviteText(invite: InviteSpec, requester: Requester, options: RenderOptions, deps: RenderDeps): string {
  return renderInvite(
    {
      ...invite,
      timeZone: invite.timeZone ?? deps.policy.timeZone,
      organizer: { name: deps.policy.vendor.name, email: deps.policy.vendor.email },
    },
    {
      ...options,
      attendee: {
        name: requester.name ?? requester.email ?? 'Customer',
        email: requester.email ?? deps.policy.vendor.email,
      },
      stamp: deps.now(),
    },
  );
}

function asInviteSpec(value: unknown): InviteSpec | null {
  if (value === null || typeof value !== 'object') return null;
  const spec = value as Partial<InviteSpec>;
  if (typeof spec.uid !== 'string' || typeof spec.start !== 'number' || typeof spec.end !== 'number') return null;
  return {
    uid: spec.uid,
    sequence: typeof spec.sequence === 'number' ? spec.sequence : 0,
    method: spec.method === 'CANCEL' ? 'CANCEL' : 'REQUEST',
    start: spec.start,
    end: spec.end,
    ...(typeof spec.timeZone === 'string' ? { timeZone: spec.timeZone } : {}),
  };
}
