import { z } from 'zod';
import { STATES, type Upgrade } from '../../core/lifecycle/types.js';

/**
 * The lifecycle's `Upgrade` as the store keeps it: JSON text, read back through a schema so that the rest of the
 * backend works with the core's own type and a damaged row is named instead of travelling on as a wrong shape.
 * The schema follows the core type (`satisfies` fails the typecheck when they drift apart).
 */
const state = z.enum(STATES);
const instant = z.number();

const upgradeSchema = z.object({
  ticketId: z.string(),
  state,
  booking: z
    .object({
      start: instant,
      end: instant,
      rule: z.string(),
      class: z.enum(['maintenance', 'hotfix']),
      reason: z.string().nullable(),
      sequence: z.number(),
      uid: z.string(),
      timeZone: z.string(),
    })
    .nullable(),
  instances: z.array(z.object({ name: z.string(), status: z.enum(['upgrading', 'completed', 'failed']) })),
  validation: z.enum(['none', 'running', 'completed', 'failed']),
  decision: z
    .object({
      value: z.enum(['GO', 'NO_GO']),
      at: instant,
      by: z.string(),
      evidence: z.string(),
      commentId: z.string(),
      source: z.enum(['customer', 'agent']),
    })
    .nullable(),
  review: z.object({ commentId: z.string().exactOptional(), evidence: z.string() }).nullable(),
  decisionRequest: z
    .object({
      requestedAt: instant,
      deadline: instant,
      anticipatedEnd: instant,
      reason: z.string(),
      onTimeout: z.enum(['wait', 'no_go']),
    })
    .nullable(),
  flaggedNoWindow: z.boolean(),
  startedAt: instant.nullable(),
  bookingsMade: z.number(),
  product: z.string().exactOptional(),
  offer: z
    .object({
      windows: z.array(z.object({ rule: z.string(), start: instant, end: instant, timeZone: z.string() })),
      offeredAt: instant,
      expiresAt: instant,
    })
    .nullable()
    .exactOptional(),
  deferrals: z.number().exactOptional(),
  agreeDate: z.boolean().exactOptional(),
  appliedKeys: z.record(
    z.string(),
    z.object({ type: z.string(), instance: z.string().nullable(), at: instant, state }),
  ),
}) satisfies z.ZodType<Upgrade>;

/** The stored text of an upgrade. */
export function encodeUpgrade(upgrade: Upgrade): string {
  return JSON.stringify(upgrade);
}

/** An upgrade read back from the store; throws naming the ticket and the field when the row is not one. */
export function decodeUpgrade(json: string, ticketId: number): Upgrade {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch (error) {
    throw new Error(`the stored upgrade of ticket ${ticketId} is not JSON: ${(error as Error).message}`);
  }
  const parsed = upgradeSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`the stored upgrade of ticket ${ticketId} is damaged: ${issue.path.join('.')}: ${issue.message}`);
  }
  return parsed.data;
}
