// Till sessions on every engine: the figures the ledger computes for a session from the entries
// of its orders equal, to the cent, those worked out by hand for a scripted session; the Z
// report is stored once (a resend is "exists", another report a conflict, another till's
// refused); and hostile input to the session endpoints is refused without storing anything.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids.ts';
import { sessionFiguresSchema, sessionReportResponseSchema } from '../../shared/protocol.ts';
import { asNumber } from '../../server/storage/database.ts';
import { engines } from '../support/databases.ts';
import { call, startTestServer, type TestServer } from '../support/server.ts';
import { scriptSession, zReportFor, type ScriptedSession } from '../support/session-script.ts';
import { line, makeOrder, pay } from '../support/store.ts';

async function reportCount(server: TestServer): Promise<number> {
  const rows = await server.ledger.database.read((sql) =>
    sql.all<{ count: unknown }>('SELECT COUNT(*) AS count FROM till_session_reports'),
  );
  return asNumber(rows[0]?.count);
}

function reportPath(sessionId: string) {
  return `/v1/sessions/${sessionId}/report`;
}

describe.each(engines)('till sessions on %s', (engine) => {
  let server: TestServer;
  let session: ScriptedSession;
  let otherToken: string;

  beforeAll(async () => {
    server = await startTestServer(engine);
    session = scriptSession(server.store);
    const { store } = server;
    // Orders of another session and of no session must not count.
    const elsewhere = [
      makeOrder({
        sessionId: newId(),
        lines: [line(store.bread, 1000)],
        payments: [pay(store.cash, 405)],
      }),
      makeOrder({ lines: [line(store.soap, 1000)], payments: [pay(store.card, 1250)] }),
    ];
    // In three batches, the refunds in the last one with an unrelated order.
    const [first, second, third] = [
      session.orders.slice(0, 2),
      session.orders.slice(2, 6),
      [...session.orders.slice(6), ...elsewhere],
    ];
    for (const batch of [first, second, third]) {
      const response = await server.ledger.push(store.till, batch ?? []);
      expect(response.results.map((result) => result.status)).toEqual(
        (batch ?? []).map(() => 'created'),
      );
    }
    otherToken = (await server.ledger.createTill('Caisse 2')).token;
  });

  afterAll(() => server?.close());

  it('computes the scripted session’s figures from the ledger, to the cent', async () => {
    const figures = await server.ledger.sessionFigures(session.sessionId);

    expect(figures).toEqual(session.expected);
    expect(await server.ledger.check()).toEqual([]);
  });

  it('gives the same figures to the till over HTTP', async () => {
    const response = await call(server, 'GET', `/v1/sessions/${session.sessionId}/figures`, {
      token: server.store.token,
    });

    expect(response.status).toBe(200);
    expect(sessionFiguresSchema.parse(response.json)).toEqual(session.expected);
  });

  it('gives zero figures for a session nothing was booked under', async () => {
    const response = await call(server, 'GET', `/v1/sessions/${newId()}/figures`, {
      token: server.store.token,
    });

    expect(response.status).toBe(200);
    expect(response.json).toMatchObject({
      orderCount: 0,
      refundCount: 0,
      netSalesMinor: 0,
      netCashMinor: 0,
      byMethod: [],
    });
  });

  it('stores a Z report once and answers with the ledger’s figures', async () => {
    const report = zReportFor(session.sessionId, session.expected, { cashCountedMinor: 12_200 });
    const path = reportPath(session.sessionId);

    const first = await call(server, 'PUT', path, { token: server.store.token, body: report });
    const again = await call(server, 'PUT', path, { token: server.store.token, body: report });

    expect(first.status).toBe(200);
    expect(sessionReportResponseSchema.parse(first.json)).toEqual({
      sessionId: session.sessionId,
      status: 'created',
      ledgerFigures: session.expected,
    });
    expect(again.status).toBe(200);
    expect(again.json).toMatchObject({ status: 'exists', ledgerFigures: session.expected });
    const rows = await server.ledger.database.read((sql) =>
      sql.all<{ body: string; till_id: string }>(
        'SELECT body, till_id FROM till_session_reports WHERE session_id = ?',
        [session.sessionId],
      ),
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.till_id).toBe(server.store.till.id);
    expect(JSON.parse(rows[0]?.body ?? 'null')).toEqual(report);
  });

  it('refuses another report for a stored session, keeping the first', async () => {
    const stored = await server.ledger.database.read((sql) =>
      sql.all('SELECT body FROM till_session_reports WHERE session_id = ?', [session.sessionId]),
    );
    const changed = zReportFor(session.sessionId, session.expected, { cashCountedMinor: 1 });

    const response = await call(server, 'PUT', reportPath(session.sessionId), {
      token: server.store.token,
      body: changed,
    });

    expect(response.status).toBe(409);
    expect(response.json).toMatchObject({ error: { code: 'conflict' } });
    const after = await server.ledger.database.read((sql) =>
      sql.all('SELECT body FROM till_session_reports WHERE session_id = ?', [session.sessionId]),
    );
    expect(after).toEqual(stored);
  });

  it('refuses a report or figures of this session to another till', async () => {
    const report = zReportFor(session.sessionId, session.expected);

    const put = await call(server, 'PUT', reportPath(session.sessionId), {
      token: otherToken,
      body: report,
    });
    const figures = await call(server, 'GET', `/v1/sessions/${session.sessionId}/figures`, {
      token: otherToken,
    });

    expect(put.status).toBe(403);
    expect(put.json).toMatchObject({ error: { code: 'wrong_till' } });
    expect(figures.status).toBe(403);
  });

  it('refuses a report from another till for a session with orders but no report', async () => {
    const sessionId = newId();
    await server.ledger.push(server.store.till, [
      makeOrder({
        sessionId,
        lines: [line(server.store.bread, 1000)],
        payments: [pay(server.store.cash, 405)],
      }),
    ]);
    const before = await reportCount(server);
    const figures = await server.ledger.sessionFigures(sessionId);

    const response = await call(server, 'PUT', reportPath(sessionId), {
      token: otherToken,
      body: zReportFor(sessionId, figures),
    });

    expect(response.status).toBe(403);
    expect(await reportCount(server)).toBe(before);
  });

  const hostile: {
    name: string;
    status: number;
    code?: string;
    token?: 'none' | 'garbage';
    path?: (sessionId: string) => string;
    body?: (sessionId: string) => unknown;
    rawBody?: string;
    contentType?: string;
  }[] = [
    { name: 'no token', status: 401, code: 'unauthorized', token: 'none' },
    { name: 'a token no till has', status: 401, code: 'unauthorized', token: 'garbage' },
    {
      name: 'a session id that is not an id',
      status: 400,
      code: 'invalid_params',
      path: () => reportPath('..%2F..%2Fpush'),
    },
    {
      name: 'a session id of another kind of uuid',
      status: 400,
      code: 'invalid_params',
      path: () => reportPath('11111111-2222-4333-8444-555555555555'),
    },
    {
      name: 'a report for another session than the path',
      status: 400,
      code: 'session_mismatch',
      body: () => zReportFor(newId(), zeroFigures()),
    },
    {
      name: 'a negative float',
      status: 400,
      code: 'invalid_body',
      body: (id) => ({ ...zReportFor(id, zeroFigures()), floatMinor: -1, cashExpectedMinor: -1 }),
    },
    {
      name: 'a float with cents in a fraction',
      status: 400,
      code: 'invalid_body',
      body: (id) => ({ ...zReportFor(id, zeroFigures()), floatMinor: 10.5 }),
    },
    {
      name: 'an amount as a string',
      status: 400,
      code: 'invalid_body',
      body: (id) => ({ ...zReportFor(id, zeroFigures()), cashCountedMinor: '100' }),
    },
    {
      name: 'a huge amount',
      status: 400,
      code: 'invalid_body',
      body: (id) => ({ ...zReportFor(id, zeroFigures()), cashCountedMinor: 1e20 }),
    },
    {
      name: 'no figures',
      status: 400,
      code: 'invalid_body',
      body: (id) => ({ ...zReportFor(id, zeroFigures()), figures: undefined }),
    },
    {
      name: 'a negative order count',
      status: 400,
      code: 'invalid_body',
      body: (id) => zReportFor(id, { ...zeroFigures(), orderCount: -1 }),
    },
    {
      name: 'a closing name too long',
      status: 400,
      code: 'invalid_body',
      body: (id) => ({
        ...zReportFor(id, zeroFigures()),
        closedBy: { id: '7f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d', name: 'x'.repeat(101) },
      }),
    },
    {
      name: 'a cash expected that is not the float plus the net cash',
      status: 422,
      code: 'report_does_not_add_up',
      body: (id) => {
        const report = zReportFor(id, zeroFigures());
        return { ...report, cashExpectedMinor: report.cashExpectedMinor + 1 };
      },
    },
    {
      name: 'a cash difference that is not counted less expected',
      status: 422,
      code: 'report_does_not_add_up',
      body: (id) => ({ ...zReportFor(id, zeroFigures()), cashDifferenceMinor: 5 }),
    },
    {
      name: 'a session that closes before it opens',
      status: 422,
      code: 'report_does_not_add_up',
      body: (id) => ({ ...zReportFor(id, zeroFigures()), closedAt: '2026-03-01T00:00:00.000Z' }),
    },
    {
      name: 'figures in another currency',
      status: 422,
      code: 'wrong_currency',
      body: (id) => zReportFor(id, { ...zeroFigures(), currency: 'CHF' }),
    },
    { name: 'a body that is not JSON', status: 400, code: 'invalid_json', rawBody: '{"session' },
    {
      name: 'a body sent as text',
      status: 415,
      code: 'unsupported_media_type',
      rawBody: 'hello',
      contentType: 'text/plain',
    },
  ];

  it.each(hostile)('refuses a report with $name and stores nothing', async (item) => {
    const sessionId = newId();
    const before = await reportCount(server);
    const token =
      item.token === 'none' ? null : item.token === 'garbage' ? 'not-a-token' : server.store.token;

    const response = await call(server, 'PUT', (item.path ?? reportPath)(sessionId), {
      token,
      body: item.rawBody === undefined ? (item.body ?? defaultBody)(sessionId) : undefined,
      rawBody: item.rawBody,
      contentType: item.contentType,
    });

    expect(response.status).toBe(item.status);
    if (item.code) expect(response.json).toMatchObject({ error: { code: item.code } });
    expect(await reportCount(server)).toBe(before);
  });

  it('refuses figures without a till token or for a malformed session id', async () => {
    const anonymous = await call(server, 'GET', `/v1/sessions/${session.sessionId}/figures`);
    const malformed = await call(server, 'GET', '/v1/sessions/not-an-id/figures', {
      token: server.store.token,
    });

    expect(anonymous.status).toBe(401);
    expect(malformed.status).toBe(400);
  });
});

function zeroFigures() {
  return {
    currency: 'EUR' as const,
    orderCount: 0,
    refundCount: 0,
    netSalesMinor: 0,
    byMethod: [],
    walletSpendsMinor: 0,
    walletTopUpsMinor: 0,
    changeToWalletMinor: 0,
    refundsMinor: 0,
    refundsToWalletMinor: 0,
    netCashMinor: 0,
  };
}

function defaultBody(sessionId: string) {
  return zReportFor(sessionId, zeroFigures());
}
