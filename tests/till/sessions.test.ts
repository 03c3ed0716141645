// Till sessions in the local store against a real server: one session open at a time, its
// orders named by it, a close that computes the Z report from them in the same step, refuses to
// close over unsent orders without a manager and writes nothing then, and a report that stays
// pending offline and reaches the server once, even when the server's first answer is lost.
// IndexedDB must exist before Dexie loads, so this import comes first.
import 'fake-indexeddb/auto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../shared/ids.ts';
import { createMemoryLogger } from '../../shared/logger.ts';
import { computeSessionFigures } from '../../shared/session-figures.ts';
import { validateSale } from '../../renderer/sale/validate-sale.ts';
import {
  closeSession,
  openSession,
  previewReport,
  readOpenSession,
} from '../../renderer/session/sessions.ts';
import {
  createSessionReportSender,
  type SessionReportSender,
} from '../../renderer/sync/session-report-sender.ts';
import { createLedgerClient } from '../../renderer/api/ledger-client.ts';
import { engines } from '../support/databases.ts';
import { startTestServer, type TestServer } from '../support/server.ts';
import { line, pay } from '../support/store.ts';
import {
  draft,
  openTill,
  startSynced,
  waitForDb,
  waitForDrained,
  waitOnline,
  type TestTill,
} from './support.ts';

const cashier = { id: newId(), name: 'Camille' };
const manager = { id: newId(), name: 'Mona' };

describe.each(engines)('till sessions on %s', (engine) => {
  let server: TestServer;
  let till: TestTill;
  let sender: SessionReportSender;

  beforeEach(async () => {
    server = await startTestServer(engine);
    till = openTill(server);
    await startSynced(till);
    const client = createLedgerClient(
      {
        serverUrl: server.url,
        tillId: server.store.till.id,
        tillToken: server.store.token,
        tillName: 'Caisse 1',
      },
      till.network.fetch,
    );
    sender = createSessionReportSender({
      db: till.db,
      client,
      logger: createMemoryLogger('reports').logger,
      online$: till.engine.online$,
      isOnline: () => till.engine.isOnline(),
      retryDelayMsMin: 20,
      retryDelayMsMax: 200,
    });
    sender.start();
  });
  afterEach(async () => {
    sender.stop();
    await till.close();
    await server.close();
  });

  async function sell(sessionId: string, sale: Parameters<typeof draft>[0]) {
    const outcome = await validateSale(till.deps, { ...draft(sale), sessionId });
    expect(outcome.ok).toBe(true);
  }

  function storedReportCount(sessionId: string) {
    return server.ledger.database.read(async (sql) => {
      const rows = await sql.all<{ count: unknown }>(
        'SELECT COUNT(*) AS count FROM till_session_reports WHERE session_id = ?',
        [sessionId],
      );
      return Number(rows[0]?.count ?? 0);
    });
  }

  it('keeps one session open, however often it is opened', async () => {
    const first = await openSession(till.db, { openedBy: cashier, floatMinor: 15_000 });
    const again = await openSession(till.db, { openedBy: manager, floatMinor: 0 });
    expect(again).toEqual(first);
    expect(await till.db.sessions.count()).toBe(1);
    expect(await readOpenSession(till.db)).toMatchObject({ floatMinor: 15_000, status: 'open' });
    await expect(openSession(till.db, { openedBy: cashier, floatMinor: -1 })).rejects.toThrow();
  });

  it('closes with the figures of its own orders and sends the report once', async () => {
    const { bread, soap, cash, card } = server.store;
    const session = await openSession(till.db, { openedBy: cashier, floatMinor: 5_000 });
    await sell(session.id, { lines: [line(bread)], payments: [pay(cash, 1_000)] });
    await sell(session.id, { lines: [line(soap)], payments: [pay(card, soap.priceMinor)] });
    // An order of no session (validated by an older till version) stays out of the figures.
    await sell('0190a0a0-0000-7000-8000-00000000dead', {
      lines: [line(soap)],
      payments: [pay(cash, soap.priceMinor)],
    });
    await waitForDrained(till.db);

    const closed = await closeSession(till.db, {
      sessionId: session.id,
      closedBy: cashier,
      approvedBy: manager,
      cashCountedMinor: 5_400,
    });
    if (!closed.ok) throw new Error(`close refused: ${closed.reason}`);
    const orders = await till.db.orders.where('order.sessionId').equals(session.id).toArray();
    const methods = await till.db.paymentMethods.toArray();
    const figures = computeSessionFigures(
      orders.map((row) => row.order),
      methods,
      'EUR',
    );
    expect(orders).toHaveLength(2);
    expect(closed.report).toMatchObject({
      figures,
      floatMinor: 5_000,
      cashExpectedMinor: 5_000 + bread.priceMinor,
      cashCountedMinor: 5_400,
      cashDifferenceMinor: 5_400 - 5_405,
      unsyncedOrderCount: 0,
      // Nothing was unsent, so no approval is reported.
      approvedBy: null,
    });
    expect(await readOpenSession(till.db)).toBeNull();
    // A second close finds nothing open and changes nothing.
    const twice = await closeSession(till.db, {
      sessionId: session.id,
      closedBy: cashier,
      approvedBy: null,
      cashCountedMinor: 0,
    });
    expect(twice).toEqual({ ok: false, reason: 'not_open', unsyncedOrderCount: 0 });

    await waitForDb(
      () => till.db.sessions.get(session.id),
      (row) => row?.reportStatus === 'sent',
    );
    expect(await storedReportCount(session.id)).toBe(1);
    expect(await server.ledger.sessionFigures(session.id)).toEqual(figures);
  });

  it('refuses to close over unsent orders without a manager, and writes nothing', async () => {
    const { bread, cash } = server.store;
    const session = await openSession(till.db, { openedBy: cashier, floatMinor: 0 });
    till.network.isDown = true;
    await waitOnline(till.engine, false);
    await sell(session.id, { lines: [line(bread)], payments: [pay(cash, bread.priceMinor)] });

    const input = {
      sessionId: session.id,
      closedBy: cashier,
      approvedBy: null,
      cashCountedMinor: bread.priceMinor,
    };
    const preview = await previewReport(till.db, input);
    expect(preview.ok && preview.report.unsyncedOrderCount).toBe(1);
    expect(await closeSession(till.db, input)).toEqual({
      ok: false,
      reason: 'approval_needed',
      unsyncedOrderCount: 1,
    });
    expect(await till.db.sessions.get(session.id)).toEqual(session);

    const closed = await closeSession(till.db, { ...input, approvedBy: manager });
    expect(closed.ok && closed.report).toMatchObject({
      unsyncedOrderCount: 1,
      approvedBy: manager,
      cashDifferenceMinor: 0,
    });
    // Offline the report waits; the server has nothing yet.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect((await till.db.sessions.get(session.id))?.reportStatus).toBe('pending');
    expect(await storedReportCount(session.id)).toBe(0);

    // Back online, the order is pushed first, then the report, whose first answer is lost: the
    // retry is answered "exists" and the report is stored once.
    till.network.lostAnswers.set(`/v1/sessions/${session.id}/report`, 1);
    till.network.isDown = false;
    await waitForDb(
      () => till.db.sessions.get(session.id),
      (row) => row?.reportStatus === 'sent',
    );
    const reportRequests = till.network.requests.filter((path) => path.includes('/report'));
    expect(reportRequests.length).toBeGreaterThanOrEqual(2);
    expect(await storedReportCount(session.id)).toBe(1);
    expect(await server.ledger.sessionFigures(session.id)).toEqual(
      closed.ok ? closed.report.figures : null,
    );
  });
});
