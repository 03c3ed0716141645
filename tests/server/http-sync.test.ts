// The sync API end to end over a real socket: health, the OpenAPI document, a push, a pull, a
// refresh, and the poke stream telling a second till about a first till's sale within a second.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pullResponseSchema, pushResponseSchema } from '../../shared/protocol.ts';
import { engines } from '../support/databases.ts';
import { call, startTestServer, waitForPoke, type TestServer } from '../support/server.ts';
import { line, makeOrder, pay } from '../support/store.ts';

describe.each(engines)('sync API on %s', (engine) => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(engine);
  });
  afterAll(() => server.close());

  it('answers health with its engine', async () => {
    const response = await call(server, 'GET', '/health');
    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({ status: 'ok', engine, protocolVersion: 1 });
  });

  it('lets a till page from another origin call it with its bearer token', async () => {
    const preflight = await fetch(`${server.url}/v1/push`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://127.0.0.1:5173',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-headers')).toContain('authorization');
    const health = await fetch(`${server.url}/health`, { headers: { origin: 'http://x.test' } });
    expect(health.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('documents every endpoint in the OpenAPI document', async () => {
    const response = await call(server, 'GET', '/openapi.json');
    expect(response.status).toBe(200);
    const paths = Object.keys(response.json.paths as object).sort();
    expect(paths).toEqual(
      [
        '/health',
        '/openapi.json',
        '/v1/events',
        '/v1/payment-methods/{id}',
        '/v1/products/{id}',
        '/v1/pull',
        '/v1/push',
        '/v1/refresh',
        '/v1/sessions/{sessionId}/figures',
        '/v1/sessions/{sessionId}/report',
        '/v1/staff/{id}',
        '/v1/store-settings',
        '/v1/tills/pair',
        '/v1/wallet/authorizations',
        '/v1/wallet/authorizations/{authorizationId}/release',
      ].sort(),
    );
    const push = (response.json.paths as Record<string, Record<string, unknown>>)['/v1/push'];
    expect(JSON.stringify(push)).toContain('protocolVersion');
  });

  it('books a pushed wallet sale, pulls its new balance and refreshes the customer', async () => {
    const { store } = server;
    const before = await call(server, 'GET', '/v1/pull?cursor=0&limit=5000', {
      token: store.token,
    });
    const firstPull = pullResponseSchema.parse(before.json);
    const order = makeOrder({
      customerId: store.alice.id,
      lines: [line(store.bread, 3000)],
      payments: [pay(store.wallet, 1215)],
    });
    const pushed = await call(server, 'POST', '/v1/push', {
      token: store.token,
      body: { protocolVersion: 1, tillId: store.till.id, orders: [order] },
    });
    expect(pushed.status).toBe(200);
    const result = pushResponseSchema.parse(pushed.json);
    expect(result.results).toEqual([
      {
        status: 'created',
        index: 0,
        orderId: order.id,
        walletBalanceMinor: 10_000 - 1215,
        isOverdrawn: false,
      },
    ]);

    const after = await call(server, 'GET', `/v1/pull?cursor=${firstPull.cursor}`, {
      token: store.token,
    });
    const changes = pullResponseSchema.parse(after.json);
    expect(changes.customers.map((customer) => [customer.id, customer.walletBalanceMinor])).toEqual(
      [[store.alice.id, 10_000 - 1215]],
    );

    const refreshed = await call(server, 'POST', '/v1/refresh', {
      token: store.token,
      body: {
        customerId: store.alice.id,
        pendingOrderIds: [order.id, makeOrder({ lines: [], payments: [] }).id],
      },
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.json).toMatchObject({
      customer: { id: store.alice.id, walletBalanceMinor: 10_000 - 1215 },
      bookedOrderIds: [order.id],
      heldMinor: 0,
    });
  });

  it("pokes a listening till within a second of another till's sale", async () => {
    const { store } = server;
    const other = await server.ledger.createTill('Caisse 2');
    const startedAt = Date.now();
    let pushedAt = 0;
    const cursor = await waitForPoke(
      server.url,
      other.token,
      (value) => value > 0,
      5_000,
      async () => {
        pushedAt = Date.now();
        const order = makeOrder({
          customerId: store.alice.id,
          lines: [line(store.soap)],
          payments: [pay(store.wallet, 1250)],
        });
        const response = await call(server, 'POST', '/v1/push', {
          token: store.token,
          body: { protocolVersion: 1, tillId: store.till.id, orders: [order] },
        });
        expect(response.status).toBe(200);
      },
    );
    expect(cursor).toBeGreaterThan(0);
    expect(pushedAt).toBeGreaterThanOrEqual(startedAt);
    // Generous bound: the poke is coalesced over 50 ms; a second is the product's promise.
    expect(Date.now() - pushedAt).toBeLessThan(1_000);
  });
});
