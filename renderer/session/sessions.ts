// The till's sessions in its local store: opened with a cash float, closed with a Z report made
// from the orders that name the session. Closing computes the report and writes it in one
// transaction with the session's new state, so no order can slip in between the figures and the
// close, and the report is kept pending until the sender (sync/session-report-sender.ts) has
// handed it to the server.
import { assert } from '../../shared/assert.ts';
import { newId } from '../../shared/ids.ts';
import type { ZReport } from '../../shared/protocol.ts';
import { zReportSchema } from '../../shared/protocol.ts';
import { cashExpectedMinor, computeSessionFigures } from '../../shared/session-figures.ts';
import { readStoreSettings, type TillDatabase, type TillSession } from '../store/database.ts';

export interface StaffRef {
  id: string;
  name: string;
}

/** The session open on this till, if any; there is never more than one. */
export async function readOpenSession(db: TillDatabase): Promise<TillSession | null> {
  const open = await db.sessions.where('status').equals('open').first();
  return open ?? null;
}

/**
 * Opens a session with the float counted in the drawer. Opening while one is open answers the
 * open one: two screens (or a double press) never make two.
 */
export async function openSession(
  db: TillDatabase,
  input: { openedBy: StaffRef; floatMinor: number; now?: Date },
): Promise<TillSession> {
  assert(Number.isSafeInteger(input.floatMinor) && input.floatMinor >= 0, 'a float is >= 0');
  return db.transaction('rw', db.sessions, async () => {
    const open = await readOpenSession(db);
    if (open) return open;
    const session: TillSession = {
      id: newId(),
      status: 'open',
      openedAt: (input.now ?? new Date()).toISOString(),
      openedBy: { id: input.openedBy.id, name: input.openedBy.name },
      floatMinor: input.floatMinor,
      closedAt: null,
      report: null,
      reportStatus: 'none',
      reportSentAt: null,
    };
    await db.sessions.add(session);
    return session;
  });
}

export interface CloseInput {
  sessionId: string;
  closedBy: StaffRef;
  /** The manager who let the session close with orders not yet sent. */
  approvedBy: StaffRef | null;
  cashCountedMinor: number;
  now?: Date;
}

export type CloseOutcome =
  | { ok: true; session: TillSession; report: ZReport }
  | { ok: false; reason: 'not_open' | 'approval_needed'; unsyncedOrderCount: number };

/** The report the session would close with now; the close screen shows it before confirming. */
export function previewReport(db: TillDatabase, input: CloseInput): Promise<CloseOutcome> {
  return db.transaction('r', [db.sessions, db.orders, db.paymentMethods, db.settings], () =>
    makeReport(db, input),
  );
}

export function closeSession(db: TillDatabase, input: CloseInput): Promise<CloseOutcome> {
  const tables = [db.sessions, db.orders, db.paymentMethods, db.settings];
  return db.transaction('rw', tables, async () => {
    const outcome = await makeReport(db, input);
    if (!outcome.ok) return outcome;
    if (outcome.report.unsyncedOrderCount > 0 && !input.approvedBy) {
      return {
        ok: false,
        reason: 'approval_needed',
        unsyncedOrderCount: outcome.report.unsyncedOrderCount,
      };
    }
    const closed: TillSession = {
      ...outcome.session,
      status: 'closed',
      closedAt: outcome.report.closedAt,
      report: outcome.report,
      reportStatus: 'pending',
    };
    await db.sessions.put(closed);
    return { ok: true, session: closed, report: outcome.report };
  });
}

async function makeReport(db: TillDatabase, input: CloseInput): Promise<CloseOutcome> {
  const [session, orders, methods, settings] = await Promise.all([
    db.sessions.get(input.sessionId),
    db.orders.where('order.sessionId').equals(input.sessionId).toArray(),
    db.paymentMethods.toArray(),
    readStoreSettings(db),
  ]);
  if (!session || session.status !== 'open') {
    return { ok: false, reason: 'not_open', unsyncedOrderCount: 0 };
  }
  assert(settings, 'a till sells, and so opens sessions, only after its first sync');

  const figures = computeSessionFigures(
    orders.map((row) => row.order),
    methods,
    settings.currency,
  );
  const expectedMinor = cashExpectedMinor(session.floatMinor, figures);
  const unsyncedOrderCount = orders.filter((row) => row.status !== 'synced').length;
  const report: ZReport = {
    sessionId: session.id,
    openedAt: session.openedAt,
    openedBy: session.openedBy,
    closedAt: (input.now ?? new Date()).toISOString(),
    closedBy: { id: input.closedBy.id, name: input.closedBy.name },
    // An approval matters only for orders still unsent; with none left it is not reported.
    approvedBy:
      input.approvedBy && unsyncedOrderCount > 0
        ? { id: input.approvedBy.id, name: input.approvedBy.name }
        : null,
    floatMinor: session.floatMinor,
    figures,
    cashExpectedMinor: expectedMinor,
    cashCountedMinor: input.cashCountedMinor,
    cashDifferenceMinor: input.cashCountedMinor - expectedMinor,
    unsyncedOrderCount,
  };
  // What is stored is what is sent: a report the server's schema would refuse is a bug here.
  const parsed = zReportSchema.safeParse(report);
  assert(parsed.success, `malformed Z report: ${parsed.error?.issues[0]?.message ?? ''}`);
  return { ok: true, session, report };
}

/** Closed sessions, newest first, for the history and a reprint of their reports. */
export function readClosedSessions(db: TillDatabase, limit = 50): Promise<TillSession[]> {
  return db.sessions
    .orderBy('openedAt')
    .reverse()
    .filter((s) => s.status === 'closed')
    .limit(limit)
    .toArray();
}
