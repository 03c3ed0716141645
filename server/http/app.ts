// The HTTP server: Fastify with the route table, till authentication, the poke stream and the
// OpenAPI document. Bodies are parsed by Fastify (with a size limit) and validated by the shared
// schemas in each handler, so every refusal has the same shape.
import Fastify, { type FastifyInstance, type FastifyRequest } from 'fastify';
import type { Logger } from '../../shared/logger.ts';
import { apiPrefix } from '../../shared/protocol.ts';
import { registerBackOffice, type BackOfficeOptions } from '../backoffice/index.ts';
import { pairingRoutes } from '../backoffice/pairing.ts';
import { latestChangeSeq } from '../ledger/context.ts';
import type { Ledger } from '../ledger/ledger.ts';
import type { Till } from '../ledger/tills.ts';
import { registerInvoicePages } from '../invoices/pages.ts';
import { registerPortal, type PortalOptions } from '../portal/routes.ts';
import { registerStatementPages } from '../statements/pages.ts';
import { HttpProblem, makeErrorHandler, problemBody } from './errors.ts';
import { streamPokes } from './events.ts';
import { buildOpenApi } from './openapi.ts';
import { syncRoutes, type RouteDefinition } from './routes.ts';
import { sessionRoutes } from './session-routes.ts';
import { storeWriteRoutes } from './store-routes.ts';

/** A push of the largest batch stays far below this; anything bigger is refused unread. */
export const bodySizeMaxBytes = 4 * 1024 * 1024;

export interface AppOptions {
  ledger: Ledger;
  logger: Logger;
  version?: string;
  backOffice?: Omit<BackOfficeOptions, 'ledger' | 'logger'>;
  portal?: Omit<PortalOptions, 'ledger' | 'logger'>;
}

async function tillFromRequest(ledger: Ledger, request: FastifyRequest): Promise<Till | null> {
  const header = request.headers.authorization;
  if (!header) return null;
  const match = /^Bearer ([A-Za-z0-9_-]+)$/.exec(header);
  if (!match?.[1]) return null;
  return ledger.authenticateTill(match[1]);
}

async function requireTill(ledger: Ledger, request: FastifyRequest): Promise<Till> {
  const till = await tillFromRequest(ledger, request);
  if (!till) throw new HttpProblem(401, 'unauthorized', 'A valid till token is required.');
  return till;
}

function register(app: FastifyInstance, ledger: Ledger, route: RouteDefinition): void {
  app.route({
    method: route.method,
    url: route.path,
    handler: async (request, reply) => {
      const till = route.isTillAuthenticated ? await requireTill(ledger, request) : null;
      return route.handle({ ledger, till, request, reply });
    },
  });
}

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { ledger } = options;
  const logger = options.logger.child('http');
  const app = Fastify({ logger: false, bodyLimit: bodySizeMaxBytes, return503OnClosing: true });
  // The API speaks JSON only; anything else is refused as an unsupported media type.
  app.removeContentTypeParser('text/plain');
  app.setErrorHandler(makeErrorHandler(logger));
  allowCrossOrigin(app);
  app.setNotFoundHandler((request, reply) =>
    reply.status(404).send(problemBody('not_found', `No route ${request.method} ${request.url}`)),
  );

  const eventsRoute: RouteDefinition = {
    method: 'GET',
    path: `${apiPrefix}/events`,
    summary: 'Server-sent events: a `poke` with the newest cursor whenever there is news to pull.',
    isTillAuthenticated: true,
    produces: 'text/event-stream',
    handle: async ({ reply }) => {
      const cursor = await ledger.database.read((sql) => latestChangeSeq(sql));
      streamPokes(ledger, reply, cursor);
      return reply;
    },
  };
  const routes = [
    ...syncRoutes,
    ...sessionRoutes,
    ...storeWriteRoutes,
    eventsRoute,
    ...pairingRoutes,
  ];
  for (const route of routes) register(app, ledger, route);

  const openApi = buildOpenApi(
    [...routes, { ...openApiRoute, handle: () => Promise.resolve(null) }],
    options.version ?? '0.1.0',
  );
  app.get('/openapi.json', () => openApi);
  await registerBackOffice(app, { ...options.backOffice, ledger, logger: options.logger });
  await registerStatementPages(app);
  await registerInvoicePages(app);
  await registerPortal(app, { ...options.portal, ledger, logger: options.logger });

  app.addHook('onResponse', (request, reply, done) => {
    logger.debug('request', {
      method: request.method,
      route: request.routeOptions.url,
      statusCode: reply.statusCode,
      durationMs: Math.round(reply.elapsedTime),
    });
    done();
  });
  return app;
}

/**
 * The till's renderer is served from its own origin (a file in Electron, a local page in the
 * tests) and calls this server directly. Tills authenticate with a bearer token, never a
 * cookie, so allowing every origin gives a page nothing it could not do without a token.
 */
function allowCrossOrigin(app: FastifyInstance): void {
  app.addHook('onRequest', (request, reply, done) => {
    reply.header('access-control-allow-origin', '*');
    if (request.method === 'OPTIONS') {
      reply
        .header('access-control-allow-methods', 'GET, POST, PUT')
        .header('access-control-allow-headers', 'authorization, content-type')
        .header('access-control-max-age', '600')
        .status(204)
        .send();
      return;
    }
    done();
  });
}

const openApiRoute: Omit<RouteDefinition, 'handle'> = {
  method: 'GET',
  path: '/openapi.json',
  summary: 'This document.',
  isTillAuthenticated: false,
};
