import type { z } from 'zod';
import {
  bookingBody,
  commentPreview,
  decisionBody,
  eventAccepted,
  eventBody,
  offerBody,
  previewBody,
} from './actions.js';
import { bookingRows, bookingsQuery } from './bookings.js';
import { errorBody } from './errors.js';
import { health, scheduleQuery, webhookAck } from './public.js';
import { agentHeaders, deliveryParams, ticketParams, ticketUpgrade } from './tickets.js';
import { policyView, windowOffers, windowsQuery } from './windows.js';

/** One route of the API: what a request carries, and the body of each answer by status. */
export interface RouteContract {
  method: 'GET' | 'POST' | 'DELETE';
  url: string;
  params?: z.ZodType;
  querystring?: z.ZodType;
  body?: z.ZodType;
  headers?: z.ZodType;
  /** JSON answers by status; text pages (the public schedule) have none. */
  response: Partial<Record<number | '4xx' | '5xx', z.ZodType>>;
}

// Every JSON route may answer with the error shape; a route's own statuses come first.
const errors = { '4xx': errorBody, '5xx': errorBody } as const;

/** The HTTP API (docs/API.md), route by route. The server registers these; clients take their types from them. */
export const API = {
  listWindows: {
    method: 'GET',
    url: '/api/windows',
    querystring: windowsQuery,
    response: { 200: windowOffers, ...errors },
  },
  getPolicy: { method: 'GET', url: '/api/policy', response: { 200: policyView, ...errors } },
  bookWindow: {
    method: 'POST',
    url: '/api/tickets/:id/window',
    params: ticketParams,
    body: bookingBody,
    headers: agentHeaders,
    response: { 200: ticketUpgrade, 201: ticketUpgrade, ...errors },
  },
  cancelBooking: {
    method: 'DELETE',
    url: '/api/tickets/:id/window',
    params: ticketParams,
    headers: agentHeaders,
    response: { 200: ticketUpgrade, ...errors },
  },
  postEvent: {
    method: 'POST',
    url: '/api/tickets/:id/events',
    params: ticketParams,
    body: eventBody,
    headers: agentHeaders,
    response: { 202: eventAccepted, ...errors },
  },
  recordDecision: {
    method: 'POST',
    url: '/api/tickets/:id/decision',
    params: ticketParams,
    body: decisionBody,
    headers: agentHeaders,
    response: { 200: ticketUpgrade, ...errors },
  },
  offerWindows: {
    method: 'POST',
    url: '/api/tickets/:id/offer',
    params: ticketParams,
    body: offerBody,
    headers: agentHeaders,
    response: { 202: ticketUpgrade, ...errors },
  },
  preview: {
    method: 'POST',
    url: '/api/tickets/:id/preview',
    params: ticketParams,
    body: previewBody,
    response: { 200: commentPreview, ...errors },
  },
  getTicket: {
    method: 'GET',
    url: '/api/tickets/:id',
    params: ticketParams,
    response: { 200: ticketUpgrade, ...errors },
  },
  retryDelivery: {
    method: 'POST',
    url: '/api/tickets/:id/deliveries/:historyId/retry',
    params: deliveryParams,
    response: { 202: ticketUpgrade, ...errors },
  },
  // One page of the range (`limit`, `after`); while more follow, the answer carries `Link: <…>; rel="next"`.
  listBookings: {
    method: 'GET',
    url: '/api/bookings',
    querystring: bookingsQuery,
    response: { 200: bookingRows, ...errors },
  },
  schedulePage: { method: 'GET', url: '/schedule', querystring: scheduleQuery, response: {} },
  scheduleFeed: { method: 'GET', url: '/schedule.ics', querystring: scheduleQuery, response: {} },
  health: { method: 'GET', url: '/healthz', response: { 200: health, 503: health } },
  webhook: { method: 'POST', url: '/webhooks/zendesk', response: { 200: webhookAck, ...errors } },
} as const satisfies Record<string, RouteContract>;
