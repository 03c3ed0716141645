// The API as a table of routes. The same table registers the handlers and writes the OpenAPI
// document, so the documentation cannot forget an endpoint or describe a body the server does
// not check.
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import {
  apiPrefix,
  authorizeRequestSchema,
  type AuthorizeResponse,
  authorizeResponseSchema,
  healthResponseSchema,
  pullQuerySchema,
  pullResponseSchema,
  pushRequestSchema,
  pushResponseSchema,
  refreshRequestSchema,
  refreshResponseSchema,
  releaseResponseSchema,
} from '../../shared/protocol.ts';
import { idSchema } from '../../shared/domain.ts';
import type { Ledger } from '../ledger/ledger.ts';
import type { Till } from '../ledger/tills.ts';
import { HttpProblem, parseWith } from './errors.ts';

export interface RouteContext {
  ledger: Ledger;
  till: Till | null;
  request: FastifyRequest;
  reply: FastifyReply;
}

export interface RouteDefinition {
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  summary: string;
  isTillAuthenticated: boolean;
  body?: z.ZodType;
  query?: z.ZodType;
  params?: z.ZodType;
  response?: z.ZodType;
  /** Documented content type when the route does not answer JSON. */
  produces?: string;
  handle: (context: RouteContext) => Promise<unknown>;
}

export function tillOf(context: RouteContext): Till {
  if (!context.till) throw new HttpProblem(401, 'unauthorized', 'A till token is required.');
  return context.till;
}

type DeclineReason = Extract<AuthorizeResponse, { status: 'declined' }>['reason'];

const badInputDeclines: Partial<Record<DeclineReason, number>> = {
  unknown_customer: 404,
  unknown_payment_method: 422,
  not_a_wallet_method: 422,
  wrong_currency: 422,
};

const declineMessages: Record<DeclineReason, string> = {
  unknown_customer: 'No such customer.',
  unknown_payment_method: 'No such active payment method.',
  not_a_wallet_method: 'The payment method is not the wallet.',
  wrong_currency: 'The amount is not in the store currency.',
  below_minimum_wallet_amount: 'The balance would fall below the minimum wallet amount.',
  not_wallet_user: 'The customer is not a wallet user.',
  authorization_reused: 'This authorisation id was used for another payment.',
  authorization_closed: 'This authorisation was released or has expired; ask for a new one.',
};

const authorizationParamsSchema = z.object({ authorizationId: idSchema });

export const syncRoutes: RouteDefinition[] = [
  {
    method: 'POST',
    path: `${apiPrefix}/push`,
    summary: 'Book a batch of orders made by this till; each order gets its own result.',
    isTillAuthenticated: true,
    body: pushRequestSchema,
    response: pushResponseSchema,
    handle: async (context) => {
      const till = tillOf(context);
      const body = parseWith(pushRequestSchema, context.request.body, 'body');
      if (body.tillId !== till.id) {
        throw new HttpProblem(403, 'wrong_till', 'A till can only push its own orders.');
      }
      return context.ledger.push(till, body.orders);
    },
  },
  {
    method: 'GET',
    path: `${apiPrefix}/pull`,
    summary:
      'Customers, balances, products, payment methods, staff (with their PIN hashes) and ' +
      'settings changed since a cursor.',
    isTillAuthenticated: true,
    query: pullQuerySchema,
    response: pullResponseSchema,
    handle: async (context) => {
      tillOf(context);
      return context.ledger.pull(parseWith(pullQuerySchema, context.request.query, 'query'));
    },
  },
  {
    method: 'POST',
    path: `${apiPrefix}/refresh`,
    summary: 'One customer with their current balance, and which pending orders are booked.',
    isTillAuthenticated: true,
    body: refreshRequestSchema,
    response: refreshResponseSchema,
    handle: async (context) => {
      tillOf(context);
      const body = parseWith(refreshRequestSchema, context.request.body, 'body');
      const refreshed = await context.ledger.refresh(body);
      if (!refreshed) throw new HttpProblem(404, 'unknown_customer', 'No such customer.');
      return refreshed;
    },
  },
  {
    method: 'POST',
    path: `${apiPrefix}/wallet/authorizations`,
    summary: 'Check the wallet floor and hold the amount of an online wallet payment.',
    isTillAuthenticated: true,
    body: authorizeRequestSchema,
    response: authorizeResponseSchema,
    handle: async (context) => {
      const till = tillOf(context);
      const body = parseWith(authorizeRequestSchema, context.request.body, 'body');
      const answer = await context.ledger.authorize(till, body);
      // A request naming things that do not exist is bad input (4xx); a refusal under the
      // wallet rules is an answer (200, declined) the till shows to the cashier.
      if (answer.status === 'declined') {
        const statusCode = badInputDeclines[answer.reason];
        if (statusCode)
          throw new HttpProblem(statusCode, answer.reason, declineMessages[answer.reason]);
      }
      return answer;
    },
  },
  {
    method: 'POST',
    path: `${apiPrefix}/wallet/authorizations/:authorizationId/release`,
    summary: 'Give back the amount held by an authorisation whose payment was cancelled.',
    isTillAuthenticated: true,
    params: authorizationParamsSchema,
    response: releaseResponseSchema,
    handle: async (context) => {
      const till = tillOf(context);
      const params = parseWith(authorizationParamsSchema, context.request.params, 'params');
      return context.ledger.release(till, params.authorizationId);
    },
  },
  {
    method: 'GET',
    path: '/health',
    summary: 'Whether the server is up, and on which storage engine.',
    isTillAuthenticated: false,
    response: healthResponseSchema,
    handle: (context) =>
      Promise.resolve({
        status: 'ok',
        engine: context.ledger.database.dialect,
        protocolVersion: 1,
        serverTime: new Date().toISOString(),
      }),
  },
];
