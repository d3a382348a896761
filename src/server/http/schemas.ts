import type { FastifyInstance, FastifySchema, FastifyTypeProvider } from 'fastify';
import { z } from 'zod';
import type { RouteContract } from '../../contract/routes.js';
import { badRequest } from './errors.js';

/**
 * Fastify speaks the contract (src/contract): zod validates each request part and replaces it with its parsed
 * value, and each answer is serialised by Fastify's own serializer from the JSON Schema zod writes, so an answer
 * carries no field the contract does not name. docs/DECISIONS.md §31 says why this over a type-provider package.
 */
export interface ZodTypeProvider extends FastifyTypeProvider {
  validator: this['schema'] extends z.ZodType ? z.output<this['schema']> : unknown;
  serializer: this['schema'] extends z.ZodType ? z.input<this['schema']> : unknown;
}

/** Installs the zod validator on `app`; a failure reaches the error handler as a ZodError (a 400 naming each path). */
export function useContractValidation(app: FastifyInstance): void {
  app.setValidatorCompiler<z.ZodType>(({ schema, httpPart }) => (data) => {
    const result = schema.safeParse(data);
    if (result.success) return { value: result.data };
    // A path parameter is an id; its own code lets a client tell a wrong URL from a wrong body.
    if (httpPart === 'params') return { error: badRequest(describeIds(result.error), 'INVALID_TICKET_ID') };
    return { error: result.error };
  });
}

const ID_NAMES: Record<string, string> = { id: 'ticket id', historyId: 'history entry id' };

function describeIds(error: z.ZodError): string {
  return error.issues.map((issue) => `${ID_NAMES[String(issue.path[0])] ?? 'id'} ${issue.message}`).join('; ');
}

type RequestParts<Route extends RouteContract> = Pick<
  Route,
  Extract<keyof Route, 'params' | 'querystring' | 'body' | 'headers'>
>;

/** The Fastify schema of one contract route: zod for the request parts, JSON Schema for the answers. */
export function schemaOf<Route extends RouteContract>(
  route: Route,
): RequestParts<Route> & { response: Record<string, unknown> } {
  const schema: FastifySchema & { response: Record<string, unknown> } = { response: {} };
  if (route.params !== undefined) schema.params = route.params;
  if (route.querystring !== undefined) schema.querystring = route.querystring;
  if (route.body !== undefined) schema.body = route.body;
  if (route.headers !== undefined) schema.headers = route.headers;
  for (const [status, body] of Object.entries(route.response)) {
    if (body !== undefined) schema.response[status] = jsonSchemaOf(body);
  }
  return schema as RequestParts<Route> & { response: Record<string, unknown> };
}

const jsonSchemas = new WeakMap<z.ZodType, unknown>();

function jsonSchemaOf(schema: z.ZodType): unknown {
  let json = jsonSchemas.get(schema);
  if (json === undefined) {
    // Draft 7 is what Fastify's serializer reads; `$schema` would only make it look the draft up.
    const { $schema: _draft, ...rest } = z.toJSONSchema(schema, { target: 'draft-7', io: 'output' });
    json = rest;
    jsonSchemas.set(schema, json);
  }
  return json;
}
