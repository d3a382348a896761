/**
 * The HTTP API's contract, shared by the server and the sidebar: zod schemas for each route's request and
 * answers (routes.ts), from which both take their TypeScript types. It imports only the core.
 * The sidebar imports types only (`import type`), so no schema reaches its bundle.
 */
export * from './actions.js';
export * from './bookings.js';
export * from './errors.js';
export * from './public.js';
export * from './routes.js';
export * from './tickets.js';
export * from './windows.js';
export { isoInstant } from './fields.js';
