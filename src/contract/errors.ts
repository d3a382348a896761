import { z } from 'zod';
import { reason } from './windows.js';

/**
 * Every error the API answers with (4xx and 5xx): `{ error: { code, message, reasons? } }`. `reasons` comes with
 * WINDOW_UNAVAILABLE. Messages are for the caller and never carry a credential or an internal detail.
 */
export const errorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    reasons: z.array(reason).optional(),
  }),
});

export type ErrorBody = z.infer<typeof errorBody>;
