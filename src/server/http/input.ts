/** The contract (src/contract) parses every request part; the service takes its parsed types from here. */
export type { BookingInput, EventInput, PreviewInput } from '../../contract/actions.js';

/**
 * The acting agent from the contract's parsed `X-Agent-Id` / `X-Agent-Name` (the name arrives percent-encoded and
 * the contract has decoded it: "Zo%C3%AB" is "Zoë" here), or null when neither was sent.
 */
export function agentOf(headers: {
  'x-agent-id': string | null;
  'x-agent-name': string | null;
}): { id: string | null; name: string | null } | null {
  const id = headers['x-agent-id'];
  const name = headers['x-agent-name'];
  return id === null && name === null ? null : { id, name };
}
