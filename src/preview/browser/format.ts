// How the agent-workspace page writes times: Zendesk shows a comment's time in the agent's zone, and the preview
// names that zone, since its agent, its customers and the vendor are in different ones.

/**
 * "Dec 1, 2026, 6:00 PM (America/Chicago)": the instant in `zone`, named by its IANA name rather than "GMT+1" or
 * "CST", which name several zones. An unknown zone falls back to UTC, named as such.
 */
export function formatCommentTime(iso: string, zone: string | null): string {
  const instant = new Date(iso);
  const shown = zone !== null && isZone(zone) ? zone : 'UTC';
  const text = instant.toLocaleString('en-US', { dateStyle: 'medium', timeStyle: 'short', timeZone: shown });
  return `${text.replace(/[\u202f\u00a0]/g, ' ')} (${shown})`;
}

function isZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
