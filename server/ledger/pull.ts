// What a till reads: changes since its cursor, paged, and one customer refreshed on selection.
import type {
  PullQuery,
  PullResponse,
  RefreshRequest,
  RefreshResponse,
} from '../../shared/protocol.ts';
import { asNumber, chunks, placeholders, type Sql } from '../storage/database.ts';
import { heldOnWallet } from './authorize.ts';
import {
  customerColumns,
  readCustomer,
  readSettings,
  toCustomer,
  toHousehold,
  toPaymentMethod,
  toProduct,
  type CustomerRow,
} from './catalog.ts';
import { latestChangeSeq, type LedgerContext } from './context.ts';
import { toStaffMember } from './staff.ts';

type Change =
  | { seq: number; kind: 'customer'; row: CustomerRow }
  | {
      seq: number;
      kind: 'household' | 'product' | 'paymentMethod' | 'staff' | 'settings';
      row: Record<string, unknown>;
    };

async function changesOf(
  sql: Sql,
  kind: Change['kind'],
  text: string,
  cursor: number,
  limit: number,
): Promise<Change[]> {
  const rows = await sql.all<Record<string, unknown>>(text, [cursor, limit + 1]);
  return rows.map((row) => ({ seq: asNumber(row.change_seq), kind, row }) as Change);
}

/**
 * Each table gives at most limit + 1 rows after the cursor in change order; merged and cut at
 * `limit`, no row below the cut can be missing, so the next page starts exactly after it.
 */
export async function pullChanges(context: LedgerContext, query: PullQuery): Promise<PullResponse> {
  const { cursor, limit } = query;
  return context.database.read(async (sql) => {
    const latestCursor = await latestChangeSeq(sql);
    const all = [
      ...(await changesOf(
        sql,
        'customer',
        `SELECT ${customerColumns} FROM customers c JOIN accounts a ON a.id = c.wallet_id ` +
          'WHERE c.change_seq > ? ORDER BY c.change_seq LIMIT ?',
        cursor,
        limit,
      )),
      ...(await changesOf(
        sql,
        'household',
        'SELECT * FROM households WHERE change_seq > ? ORDER BY change_seq LIMIT ?',
        cursor,
        limit,
      )),
      ...(await changesOf(
        sql,
        'product',
        'SELECT * FROM products WHERE change_seq > ? ORDER BY change_seq LIMIT ?',
        cursor,
        limit,
      )),
      ...(await changesOf(
        sql,
        'paymentMethod',
        'SELECT * FROM payment_methods WHERE change_seq > ? ORDER BY change_seq LIMIT ?',
        cursor,
        limit,
      )),
      ...(await changesOf(
        sql,
        'staff',
        'SELECT * FROM staff WHERE change_seq > ? ORDER BY change_seq LIMIT ?',
        cursor,
        limit,
      )),
      ...(await changesOf(
        sql,
        'settings',
        'SELECT change_seq FROM store_settings WHERE change_seq > ? ORDER BY change_seq LIMIT ?',
        cursor,
        limit,
      )),
    ].sort((left, right) => left.seq - right.seq);

    const page = all.slice(0, limit);
    const hasMore = all.length > limit;
    const response: PullResponse = {
      cursor: hasMore ? (page.at(-1)?.seq ?? cursor) : Math.max(cursor, latestCursor),
      hasMore,
      latestCursor,
      customers: [],
      households: [],
      products: [],
      paymentMethods: [],
      staff: [],
      settings: null,
      serverTime: context.now().toISOString(),
    };
    for (const change of page) {
      switch (change.kind) {
        case 'customer':
          response.customers.push(toCustomer(change.row));
          break;
        case 'household':
          response.households.push(toHousehold(change.row));
          break;
        case 'product':
          response.products.push(toProduct(change.row));
          break;
        case 'paymentMethod':
          response.paymentMethods.push(toPaymentMethod(change.row));
          break;
        case 'staff':
          response.staff.push(toStaffMember(change.row));
          break;
        case 'settings':
          response.settings = await readSettings(sql);
          break;
      }
    }
    return response;
  });
}

export async function refreshCustomer(
  context: LedgerContext,
  request: RefreshRequest,
): Promise<RefreshResponse | null> {
  const now = context.now().toISOString();
  return context.database.read(async (sql) => {
    const customer = await readCustomer(sql, request.customerId);
    if (!customer) return null;
    const bookedOrderIds: string[] = [];
    for (const batch of chunks([...new Set(request.pendingOrderIds)], 500)) {
      const rows = await sql.all<{ id: string }>(
        `SELECT id FROM orders WHERE id IN (${placeholders(batch.length)})`,
        batch,
      );
      bookedOrderIds.push(...rows.map((row) => row.id));
    }
    const heldMinor = await heldOnWallet(sql, customer.walletId, now, null);
    return { customer, bookedOrderIds, heldMinor, serverTime: now };
  });
}
