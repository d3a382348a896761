import { buildInvite, type InviteEvent, type Person } from '../invites/build.js';
import type { Instant } from '../types.js';
import { renderSupportText, type RenderOptions } from './render.js';

/** What the lifecycle says about an invite (an `InviteSpec` of a comment effect). */
export type InviteRequest = InviteEvent;

/**
 * The `.ics` attachment of a comment: the lifecycle's invite data with the summary, description and reminders in
 * the requester's language, times in their zone and the vendor's.
 */
export function renderInvite(
  invite: InviteRequest,
  options: RenderOptions & { attendee: Person; stamp: Instant },
): string {
  const cancelled = invite.method === 'CANCEL';
  const window = { windowStart: invite.start, windowEnd: invite.end };
  const text = (key: string): string => renderSupportText('invite', key, window, options).text;
  return buildInvite({
    ...invite,
    summary: text(cancelled ? 'cancelledSummary' : 'summary'),
    description: text(cancelled ? 'cancelledDescription' : 'description'),
    organizer: invite.organizer,
    attendee: options.attendee,
    stamp: options.stamp,
    reminders: { day: text('reminderDay'), hour: text('reminderHour') },
  });
}
