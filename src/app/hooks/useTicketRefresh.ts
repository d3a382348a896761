import { useEffect, useLayoutEffect, useRef } from 'react';
import type { ZafClient } from '../zaf/client.js';

/**
 * What makes the sidebar read the ticket again while the agent looks at it: the ticket changed in Zendesk (saved,
 * a comment added: a customer's reply may have been captured) and, while something is on its way (a comment
 * waiting for delivery, a decision awaited), a gentle poll, since those change on the backend's side with no
 * event in the agent's browser.
 */
export const TICKET_EVENTS = ['ticket.updated', 'ticket.submit.done', 'ticket.comments.changed', 'app.activated'];
export const PENDING_POLL_MS = 15_000;

export function useTicketRefresh(client: ZafClient, refresh: () => void, pending: boolean): void {
  const latest = useRef(refresh);
  useLayoutEffect(() => {
    latest.current = refresh;
  });
  useEffect(() => {
    const handler = () => latest.current();
    for (const name of TICKET_EVENTS) client.on(name, handler);
    return () => {
      for (const name of TICKET_EVENTS) client.off(name, handler);
    };
  }, [client]);
  useEffect(() => {
    if (!pending) return;
    const timer = setInterval(() => latest.current(), PENDING_POLL_MS);
    return () => clearInterval(timer);
  }, [pending]);
}
