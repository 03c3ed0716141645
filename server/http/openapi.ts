// The OpenAPI 3.1 document, written from the route table and the shared zod schemas.
import { z } from 'zod';
import { errorBodySchema } from '../../shared/protocol.ts';
import type { RouteDefinition } from './routes.ts';

function jsonSchema(schema: z.ZodType, io: 'input' | 'output') {
  return z.toJSONSchema(schema, { io, unrepresentable: 'any', target: 'draft-2020-12' });
}

function queryParameters(schema: z.ZodType | undefined, location: 'query' | 'path') {
  if (!schema) return [];
  const document = jsonSchema(schema, 'input') as {
    properties?: Record<string, unknown>;
    required?: string[];
  };
  return Object.entries(document.properties ?? {}).map(([name, property]) => ({
    name,
    in: location,
    required: location === 'path' || (document.required ?? []).includes(name),
    schema: property,
  }));
}

export function buildOpenApi(routes: readonly RouteDefinition[], version: string) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const route of routes) {
    const path = route.path.replace(/:([A-Za-z]+)/g, '{$1}');
    const responses: Record<string, unknown> = {
      '200': {
        description: 'Success',
        content: route.response
          ? { 'application/json': { schema: jsonSchema(route.response, 'output') } }
          : { [route.produces ?? 'application/json']: {} },
      },
      '4XX': {
        description: 'Refused: the body says why in error.code; nothing was written.',
        content: { 'application/json': { schema: jsonSchema(errorBodySchema, 'output') } },
      },
    };
    paths[path] ??= {};
    paths[path][route.method.toLowerCase()] = {
      summary: route.summary,
      security: route.isTillAuthenticated ? [{ tillToken: [] }] : [],
      parameters: [
        ...queryParameters(route.query, 'query'),
        ...queryParameters(route.params, 'path'),
      ],
      ...(route.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: jsonSchema(route.body, 'input') } },
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'Caisse ledger server',
      version,
      description:
        'The central wallet ledger: tills push orders, pull changes, authorise wallet payments ' +
        'and listen for pokes. Amounts are integers in the minor units of the store currency.',
    },
    components: {
      securitySchemes: { tillToken: { type: 'http', scheme: 'bearer' } },
    },
    paths,
  };
}
