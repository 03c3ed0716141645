// Till sessions as the books see them. A till opens a session with a cash float, stamps every
// order with its id, and closes it with a Z report of the figures it worked out from its own
// orders. The server keeps that report as it came and computes the same figures from the journal
// entries of the orders it booked under the session, so the two can be set side by side: they
// agree to the cent once every order of the session has arrived.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../shared/canonical-json.ts';
import type { WalletMovementKind } from '../../shared/domain.ts';
import {
  zReportSchema,
  type SessionFigures,
  type SessionMethodTotal,
  type ZReport,
} from '../../shared/protocol.ts';
import { asNumber, one, type Sql } from '../storage/database.ts';
import { systemAccounts, type AccountKind } from './accounts.ts';
import { readSettings } from './catalog.ts';
import type { LedgerContext } from './context.ts';
import type { Till } from './tills.ts';

type EntryRow = {
  order_id: string;
  refund_of_order_id: string | null;
  account_id: string | null;
  account_kind: AccountKind | null;
  amount_minor: unknown;
  payment_method_id: string | null;
  movement_kind: WalletMovementKind | null;
  method_name: string | null;
  method_kind: string | null;
  method_sort_order: unknown;
};

interface MethodTally extends SessionMethodTotal {
  sortOrder: number;
}

/** Figures of a session nothing was booked under yet. */
function emptyFigures(currency: SessionFigures['currency']): SessionFigures {
  return {
    currency,
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

/**
 * The session's figures from the entries of its orders' transactions, read inside the caller's
 * transaction. Amounts are signed credit positive, so money taken in is a debit and is negated.
 *
 * Three things are not in the entries and are taken from each order's booked row instead: the
 * order and refund counts (an order of free articles books no entry at all), which transactions
 * are refunds (refund_of_order_id, written with the order), and the payment method that handed
 * the change back: the change is one credit to the cash account naming no method, and is set
 * against the order's first cash payment, the one change can only come out of.
 */
export async function readSessionFigures(sql: Sql, sessionId: string): Promise<SessionFigures> {
  const settings = await readSettings(sql);
  const rows = await sql.all<EntryRow>(
    'SELECT o.id AS order_id, o.refund_of_order_id, e.account_id, a.kind AS account_kind, ' +
      'e.amount_minor, e.payment_method_id, e.movement_kind, pm.name AS method_name, ' +
      'pm.kind AS method_kind, pm.sort_order AS method_sort_order ' +
      'FROM orders o LEFT JOIN entries e ON e.transaction_id = o.transaction_id ' +
      'LEFT JOIN accounts a ON a.id = e.account_id ' +
      'LEFT JOIN payment_methods pm ON pm.id = e.payment_method_id ' +
      'WHERE o.session_id = ? ORDER BY o.id, e.id',
    [sessionId],
  );
  const figures = emptyFigures(settings.currency);
  const methods = new Map<string, MethodTally>();
  const tally = (row: EntryRow, methodId: string, takenMinor: number) => {
    const method = methods.get(methodId) ?? {
      methodId,
      name: row.method_name ?? methodId,
      kind: row.method_kind ?? 'cash',
      amountMinor: 0,
      sortOrder: row.method_sort_order === null ? 0 : asNumber(row.method_sort_order),
    };
    method.amountMinor += takenMinor;
    methods.set(methodId, method);
  };

  let currentOrderId: string | null = null;
  let orderTotalMinor = 0;
  let isRefund = false;
  let cashRow: EntryRow | null = null;
  const closeOrder = () => {
    if (currentOrderId === null) return;
    figures.netSalesMinor += orderTotalMinor;
    if (isRefund) {
      figures.refundCount += 1;
      figures.refundsMinor -= orderTotalMinor;
    } else {
      figures.orderCount += 1;
    }
  };

  for (const row of rows) {
    if (row.order_id !== currentOrderId) {
      closeOrder();
      currentOrderId = row.order_id;
      orderTotalMinor = 0;
      isRefund = row.refund_of_order_id !== null;
      cashRow = null;
    }
    if (row.account_id === null) continue;
    const amountMinor = asNumber(row.amount_minor);

    switch (row.account_kind) {
      case 'sales':
      case 'tax_payable':
        orderTotalMinor += amountMinor;
        break;
      case 'wallet':
        orderTotalMinor += walletFigures(figures, row.movement_kind, amountMinor, isRefund);
        if (row.payment_method_id) tally(row, row.payment_method_id, -amountMinor);
        break;
      case 'cash':
        figures.netCashMinor -= amountMinor;
        if (row.payment_method_id) {
          cashRow ??= row;
          tally(row, row.payment_method_id, -amountMinor);
        } else if (row.account_id === systemAccounts.cash.id && cashRow?.payment_method_id) {
          tally(cashRow, cashRow.payment_method_id, -amountMinor);
        }
        break;
      case 'card':
      case 'other_payments':
        if (row.payment_method_id) tally(row, row.payment_method_id, -amountMinor);
        break;
      case 'bank':
      case 'suspense':
      case 'receivable':
      case null:
        // A till order never books to these; nothing of a session's figures is there.
        break;
    }
  }
  closeOrder();

  figures.byMethod = [...methods.values()]
    .sort((a, b) => a.sortOrder - b.sortOrder || a.name.localeCompare(b.name))
    .map(({ sortOrder: _sortOrder, ...method }) => method);
  return figures;
}

/**
 * Adds one wallet entry to the figures; returns what it adds to the order's total (a top-up line
 * is part of the total, a wallet payment is not).
 */
function walletFigures(
  figures: SessionFigures,
  movementKind: WalletMovementKind | null,
  amountMinor: number,
  isRefund: boolean,
): number {
  switch (movementKind) {
    case 'top_up':
      figures.walletTopUpsMinor += amountMinor;
      return amountMinor;
    case 'spend':
      figures.walletSpendsMinor -= amountMinor;
      return 0;
    case 'refund':
      if (isRefund) figures.refundsToWalletMinor += amountMinor;
      return 0;
    case 'change_to_wallet':
      figures.changeToWalletMinor += amountMinor;
      return 0;
    case 'payout':
    case 'bank_top_up':
    case 'invoice_top_up':
    case 'adjustment':
    case null:
      // Made by the back office and the bank, never by a till order.
      return 0;
  }
}

export type SaveReportOutcome =
  | { status: 'created' | 'exists'; ledgerFigures: SessionFigures }
  /** The session's report is stored already with other content. */
  | { status: 'conflict' }
  /** Another till closed this session, or booked orders under it. */
  | { status: 'wrong_till' }
  | { status: 'wrong_currency'; currency: string };

function hashOf(report: ZReport): string {
  return createHash('sha256').update(canonicalJson(report)).digest('hex');
}

/**
 * Stores a till's Z report once. The same report sent again is answered "exists" (a retry after
 * a lost answer); another report for the same session is a conflict; a report for a session of
 * another till is refused. Either way the answer carries the ledger's figures as booked so far.
 */
export async function saveSessionReport(
  context: LedgerContext,
  till: Till,
  report: ZReport,
): Promise<SaveReportOutcome> {
  const contentHash = hashOf(report);
  const receivedAt = context.now().toISOString();
  const outcome = await context.database.write(async (sql): Promise<SaveReportOutcome> => {
    const settings = await readSettings(sql);
    if (report.figures.currency !== settings.currency) {
      return { status: 'wrong_currency', currency: settings.currency };
    }
    const existing = await one<{ till_id: string; content_hash: string }>(
      sql,
      'SELECT till_id, content_hash FROM till_session_reports WHERE session_id = ?',
      [report.sessionId],
    );
    if (existing) {
      if (existing.till_id !== till.id) return { status: 'wrong_till' };
      if (existing.content_hash !== contentHash) return { status: 'conflict' };
      return { status: 'exists', ledgerFigures: await readSessionFigures(sql, report.sessionId) };
    }
    if (await isSessionOfAnotherTill(sql, till, report.sessionId)) return { status: 'wrong_till' };
    await sql.run(
      'INSERT INTO till_session_reports (session_id, till_id, body, content_hash, closed_at, ' +
        'received_at) VALUES (?, ?, ?, ?, ?, ?)',
      [report.sessionId, till.id, canonicalJson(report), contentHash, report.closedAt, receivedAt],
    );
    return { status: 'created', ledgerFigures: await readSessionFigures(sql, report.sessionId) };
  });
  context.logger.debug('session report received', {
    tillId: till.id,
    sessionId: report.sessionId,
    status: outcome.status,
  });
  return outcome;
}

async function isSessionOfAnotherTill(sql: Sql, till: Till, sessionId: string): Promise<boolean> {
  const rows = await sql.all(
    'SELECT 1 AS found FROM orders WHERE session_id = ? AND till_id <> ? UNION ' +
      'SELECT 1 AS found FROM till_session_reports WHERE session_id = ? AND till_id <> ?',
    [sessionId, till.id, sessionId, till.id],
  );
  return rows.length > 0;
}

/** The ledger's figures for a session of this till; null when the session is another till's. */
export async function sessionFiguresForTill(
  context: LedgerContext,
  till: Till,
  sessionId: string,
): Promise<SessionFigures | null> {
  return context.database.read(async (sql) => {
    if (await isSessionOfAnotherTill(sql, till, sessionId)) return null;
    return readSessionFigures(sql, sessionId);
  });
}

export interface StoredSessionReport {
  sessionId: string;
  tillId: string;
  tillName: string;
  report: ZReport;
  receivedAt: string;
  ledgerFigures: SessionFigures;
}

export interface OpenSession {
  sessionId: string;
  tillId: string;
  tillName: string;
  firstOrderAt: string;
  lastOrderAt: string;
  ledgerFigures: SessionFigures;
}

/**
 * The latest Z reports, newest closing first, each with the ledger's figures now; and the
 * sessions with booked orders but no report yet (still open, or closed by a till that has not
 * sent its report).
 */
export async function listSessions(
  context: LedgerContext,
  options: { limit: number },
): Promise<{ reports: StoredSessionReport[]; openSessions: OpenSession[] }> {
  return context.database.read(async (sql) => {
    const reportRows = await sql.all<{
      session_id: string;
      till_id: string;
      till_name: string | null;
      body: string;
      received_at: string;
    }>(
      'SELECT r.session_id, r.till_id, t.name AS till_name, r.body, r.received_at ' +
        'FROM till_session_reports r LEFT JOIN tills t ON t.id = r.till_id ' +
        'ORDER BY r.closed_at DESC, r.session_id DESC LIMIT ?',
      [options.limit],
    );
    const reports: StoredSessionReport[] = [];
    for (const row of reportRows) {
      reports.push({
        sessionId: row.session_id,
        tillId: row.till_id,
        tillName: row.till_name ?? row.till_id,
        report: zReportSchema.parse(JSON.parse(row.body)),
        receivedAt: row.received_at,
        ledgerFigures: await readSessionFigures(sql, row.session_id),
      });
    }

    const openRows = await sql.all<{
      session_id: string;
      till_id: string;
      till_name: string | null;
      first_order_at: string;
      last_order_at: string;
    }>(
      'SELECT o.session_id, o.till_id, t.name AS till_name, MIN(o.created_at) AS first_order_at, ' +
        'MAX(o.created_at) AS last_order_at FROM orders o ' +
        'LEFT JOIN tills t ON t.id = o.till_id WHERE o.session_id IS NOT NULL AND NOT EXISTS ' +
        '(SELECT 1 FROM till_session_reports r WHERE r.session_id = o.session_id) ' +
        'GROUP BY o.session_id, o.till_id, t.name ORDER BY last_order_at DESC LIMIT ?',
      [options.limit],
    );
    const openSessions: OpenSession[] = [];
    for (const row of openRows) {
      openSessions.push({
        sessionId: row.session_id,
        tillId: row.till_id,
        tillName: row.till_name ?? row.till_id,
        firstOrderAt: row.first_order_at,
        lastOrderAt: row.last_order_at,
        ledgerFigures: await readSessionFigures(sql, row.session_id),
      });
    }
    return { reports, openSessions };
  });
}
