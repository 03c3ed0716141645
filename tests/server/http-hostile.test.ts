// Hostile input at every endpoint: wrong types, floats, negative or huge amounts, unknown
// customers or products, the wrong currency, missing or foreign tokens, oversized bodies. Each
// is refused with a 4xx and a machine-readable code, and the database is left exactly as it was.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids.ts';
import { engines } from '../support/databases.ts';
import { call, startTestServer, type TestServer } from '../support/server.ts';
import { line, makeOrder, pay } from '../support/store.ts';
import type { Ledger } from '../../server/ledger/ledger.ts';

async function snapshot(ledger: Ledger) {
  return ledger.database.read(async (sql) => {
    const counts: Record<string, unknown> = {};
    for (const table of [
      'entries',
      'transactions',
      'orders',
      'wallet_holds',
      'tills',
      'customers',
    ]) {
      const rows = await sql.all<{ count: unknown }>(`SELECT COUNT(*) AS count FROM ${table}`);
      counts[table] = Number(rows[0]?.count);
    }
    const balances = await sql.all('SELECT id, balance_minor FROM accounts ORDER BY id');
    const counter = await sql.all('SELECT value FROM change_counter');
    const tills = await sql.all(
      'SELECT id, highest_sequence, contiguous_sequence FROM tills ORDER BY id',
    );
    return JSON.stringify({ counts, balances, counter, tills });
  });
}

interface HostileCase {
  name: string;
  method: 'GET' | 'POST';
  path: string;
  token?: 'valid' | 'none' | 'garbage' | 'other';
  body?: unknown;
  rawBody?: string;
  contentType?: string;
  status: number;
  code: string;
}

describe.each(engines)('hostile HTTP input on %s', (engine) => {
  let server: TestServer;
  let otherToken: string;

  beforeAll(async () => {
    server = await startTestServer(engine);
    otherToken = (await server.ledger.createTill('Caisse 2')).token;
  });
  afterAll(() => server.close());

  const store = () => server.store;
  const validOrder = () =>
    makeOrder({ lines: [line(store().bread)], payments: [pay(store().cash, 405)] });
  const pushBody = (orders: unknown[]) => ({
    protocolVersion: 1,
    tillId: store().till.id,
    orders,
  });
  const authorizeBody = (overrides: Record<string, unknown> = {}) => ({
    authorizationId: newId(),
    orderId: newId(),
    customerId: store().alice.id,
    methodId: store().wallet.id,
    currency: 'EUR',
    amountMinor: 500,
    ...overrides,
  });

  const cases = (): HostileCase[] => [
    {
      name: 'push without a token',
      method: 'POST',
      path: '/v1/push',
      token: 'none',
      body: pushBody([validOrder()]),
      status: 401,
      code: 'unauthorized',
    },
    {
      name: 'push with a made-up token',
      method: 'POST',
      path: '/v1/push',
      token: 'garbage',
      body: pushBody([validOrder()]),
      status: 401,
      code: 'unauthorized',
    },
    {
      name: 'push as another till',
      method: 'POST',
      path: '/v1/push',
      token: 'other',
      body: pushBody([validOrder()]),
      status: 403,
      code: 'wrong_till',
    },
    {
      name: 'push of invalid JSON',
      method: 'POST',
      path: '/v1/push',
      rawBody: '{"orders": [',
      status: 400,
      code: 'invalid_json',
    },
    {
      name: 'push as plain text',
      method: 'POST',
      path: '/v1/push',
      rawBody: 'hello',
      contentType: 'text/plain',
      status: 415,
      code: 'unsupported_media_type',
    },
    {
      name: 'push of an oversized body',
      method: 'POST',
      path: '/v1/push',
      rawBody: JSON.stringify({ pad: 'x'.repeat(5 * 1024 * 1024) }),
      status: 413,
      code: 'body_too_large',
    },
    {
      name: 'push of an empty object',
      method: 'POST',
      path: '/v1/push',
      body: {},
      status: 400,
      code: 'invalid_body',
    },
    {
      name: 'push of an array',
      method: 'POST',
      path: '/v1/push',
      body: [validOrder()],
      status: 400,
      code: 'invalid_body',
    },
    {
      name: 'push of another protocol version',
      method: 'POST',
      path: '/v1/push',
      body: { ...pushBody([validOrder()]), protocolVersion: 2 },
      status: 400,
      code: 'invalid_body',
    },
    {
      name: 'push of no orders',
      method: 'POST',
      path: '/v1/push',
      body: pushBody([]),
      status: 400,
      code: 'invalid_body',
    },
    {
      name: 'push of too many orders',
      method: 'POST',
      path: '/v1/push',
      body: pushBody(Array.from({ length: 501 }, () => ({}))),
      status: 400,
      code: 'invalid_body',
    },
    {
      name: 'push with a till id that is not a string',
      method: 'POST',
      path: '/v1/push',
      body: { ...pushBody([validOrder()]), tillId: 42 },
      status: 400,
      code: 'invalid_body',
    },
    {
      name: 'authorize without a token',
      method: 'POST',
      path: '/v1/wallet/authorizations',
      token: 'none',
      body: authorizeBody(),
      status: 401,
      code: 'unauthorized',
    },
    {
      name: 'authorize a float amount',
      method: 'POST',
      path: '/v1/wallet/authorizations',
      body: authorizeBody({ amountMinor: 10.5 }),
      status: 400,
      code: 'invalid_body',
    },
    {
      name: 'authorize an amount as a string',
      method: 'POST',
      path: '/v1/wallet/authorizations',
      body: authorizeBody({ amountMinor: '500' }),
      status: 400,
      code: 'invalid_body',
    },
    {
      name: 'authorize a negative amount',
      method: 'POST',
      path: '/v1/wallet/authorizations',
      body: authorizeBody({ amountMinor: -500 }),
      status: 400,
      code: 'invalid_body',
    },
    {
      name: 'authorize zero',
      method: 'POST',
      path: '/v1/wallet/authorizations',
      body: authorizeBody({ amountMinor: 0 }),
      status: 400,
      code: 'invalid_body',
    },
    {
      name: 'authorize a huge amount',
      method: 'POST',
      path: '/v1/wallet/authorizations',
      body: authorizeBody({ amountMinor: 1e20 }),
      status: 400,
      code: 'invalid_body',
    },
    {
      name: 'authorize in an unknown currency',
      method: 'POST',
      path: '/v1/wallet/authorizations',
      body: authorizeBody({ currency: 'USD' }),
      status: 400,
      code: 'invalid_body',
    },
    {
      name: 'authorize in the wrong currency',
      method: 'POST',
      path: '/v1/wallet/authorizations',
      body: authorizeBody({ currency: 'CHF' }),
      status: 422,
      code: 'wrong_currency',
    },
    {
      name: 'authorize for an unknown customer',
      method: 'POST',
      path: '/v1/wallet/authorizations',
      body: authorizeBody({ customerId: newId() }),
      status: 404,
      code: 'unknown_customer',
    },
    {
      name: 'authorize with the cash method',
      method: 'POST',
      path: '/v1/wallet/authorizations',
      body: authorizeBody({ methodId: store().cash.id }),
      status: 422,
      code: 'not_a_wallet_method',
    },
    {
      name: 'authorize with an id that is not a UUIDv7',
      method: 'POST',
      path: '/v1/wallet/authorizations',
      body: authorizeBody({ authorizationId: 'abc' }),
      status: 400,
      code: 'invalid_body',
    },
    {
      name: 'release an id that is not a UUID',
      method: 'POST',
      path: '/v1/wallet/authorizations/abc/release',
      status: 400,
      code: 'invalid_params',
    },
    {
      name: 'release as nobody',
      method: 'POST',
      path: `/v1/wallet/authorizations/${newId()}/release`,
      token: 'none',
      status: 401,
      code: 'unauthorized',
    },
    {
      name: 'refresh an unknown customer',
      method: 'POST',
      path: '/v1/refresh',
      body: { customerId: newId(), pendingOrderIds: [] },
      status: 404,
      code: 'unknown_customer',
    },
    {
      name: 'refresh with pending ids that are not ids',
      method: 'POST',
      path: '/v1/refresh',
      body: { customerId: store().alice.id, pendingOrderIds: [1, 2] },
      status: 400,
      code: 'invalid_body',
    },
    {
      name: 'refresh without a token',
      method: 'POST',
      path: '/v1/refresh',
      token: 'none',
      body: { customerId: store().alice.id, pendingOrderIds: [] },
      status: 401,
      code: 'unauthorized',
    },
    {
      name: 'pull with a negative cursor',
      method: 'GET',
      path: '/v1/pull?cursor=-1',
      status: 400,
      code: 'invalid_query',
    },
    {
      name: 'pull with a page too large',
      method: 'GET',
      path: '/v1/pull?limit=100000',
      status: 400,
      code: 'invalid_query',
    },
    {
      name: 'pull with a fractional cursor',
      method: 'GET',
      path: '/v1/pull?cursor=1.5',
      status: 400,
      code: 'invalid_query',
    },
    {
      name: 'pull without a token',
      method: 'GET',
      path: '/v1/pull',
      token: 'none',
      status: 401,
      code: 'unauthorized',
    },
    {
      name: 'events without a token',
      method: 'GET',
      path: '/v1/events',
      token: 'none',
      status: 401,
      code: 'unauthorized',
    },
    {
      name: 'an unknown route',
      method: 'GET',
      path: '/v1/nothing',
      status: 404,
      code: 'not_found',
    },
  ];

  it('refuses every hostile request with its code and leaves the database as it was', async () => {
    for (const hostile of cases()) {
      const before = await snapshot(server.ledger);
      const tokens = {
        valid: store().token,
        none: null,
        garbage: 'x'.repeat(43),
        other: otherToken,
      };
      const response = await call(server, hostile.method, hostile.path, {
        token: tokens[hostile.token ?? 'valid'],
        body: hostile.body,
        rawBody: hostile.rawBody,
        contentType: hostile.contentType,
      });
      expect({ name: hostile.name, status: response.status }).toEqual({
        name: hostile.name,
        status: hostile.status,
      });
      const error = (response.json as { error?: { code?: string; message?: string } }).error;
      expect({ name: hostile.name, code: error?.code }).toEqual({
        name: hostile.name,
        code: hostile.code,
      });
      expect(error?.message, hostile.name).toBeTruthy();
      expect(await snapshot(server.ledger), hostile.name).toBe(before);
    }
  });

  it('rejects each hostile order of a push on its own and books none of them', async () => {
    const base = validOrder();
    const [firstLine] = base.lines;
    if (!firstLine) throw new Error('order without a line');
    const hostileOrders: [string, unknown][] = [
      ['a float price', { ...base, id: newId(), lines: [{ ...firstLine, unitPriceMinor: 4.05 }] }],
      [
        'a float payment',
        { ...base, id: newId(), payments: [{ ...base.payments[0], amountMinor: 4.05 }] },
      ],
      [
        'a huge amount',
        { ...base, id: newId(), payments: [{ ...base.payments[0], amountMinor: 1e15 }] },
      ],
      ['an unknown customer', { ...base, id: newId(), customerId: newId() }],
      [
        'an unknown product',
        { ...base, id: newId(), lines: [{ ...firstLine, productId: newId() }] },
      ],
      ['the wrong currency', { ...base, id: newId(), currency: 'CHF' }],
      ['payments that do not add up', { ...base, id: newId(), payments: [pay(store().cash, 400)] }],
      [
        'a line total that is not price times quantity',
        { ...base, id: newId(), lines: [{ ...firstLine, totalMinor: 1 }] },
      ],
      [
        'a wallet payment by a non-wallet user',
        { ...base, id: newId(), customerId: store().bob.id, payments: [pay(store().wallet, 405)] },
      ],
      [
        'a wallet payment without a customer',
        { ...base, id: newId(), payments: [pay(store().wallet, 405)] },
      ],
      ['a number instead of an order', 42],
      ['an order with no lines', { ...base, id: newId(), lines: [] }],
    ];
    const before = await snapshot(server.ledger);
    const response = await call(server, 'POST', '/v1/push', {
      token: store().token,
      body: pushBody(hostileOrders.map(([, order]) => order)),
    });
    expect(response.status).toBe(200);
    const results = response.json.results as { status: string; reason?: string }[];
    expect(results).toHaveLength(hostileOrders.length);
    results.forEach((result, index) => {
      expect({ order: hostileOrders[index]?.[0], status: result.status }).toEqual({
        order: hostileOrders[index]?.[0],
        status: 'rejected',
      });
      expect(result.reason).toBeTruthy();
    });
    expect(await snapshot(server.ledger)).toBe(before);
  });
});
