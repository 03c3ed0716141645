// Booking a till's batch of orders. Each order gets its own result: created, exists (same id and
// content: nothing booked again), conflict (same id, other content: refused) or rejected with a
// reason. Checks that can fail are done before anything is written, so one bad order never
// blocks the others, and the whole batch is booked in one database transaction.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../../shared/canonical-json.ts';
import { orderSchema, type Order } from '../../shared/domain.ts';
import { checkOrderArithmetic, walletDeltaOf } from '../../shared/order-math.ts';
import type {
  PushItemResult,
  PushRejectionReason,
  PushResponse,
  SequenceGap,
} from '../../shared/protocol.ts';
import { checkWalletEligibility } from '../../shared/wallet-rules.ts';
import {
  asBoolean,
  asNumber,
  chunks,
  placeholders,
  tupleList,
  type Sql,
} from '../storage/database.ts';
import { ensureAccounts, lockAccounts } from './accounts.ts';
import { planOrderEntries } from './booking.ts';
import { readSettings } from './catalog.ts';
import { latestChangeSeq, type LedgerContext } from './context.ts';
import {
  applyMovements,
  insertTransactions,
  touchWalletHolders,
  type TransactionToBook,
} from './postings.ts';
import {
  checkRefund,
  loadRefundables,
  newRefundable,
  recordRefund,
  type Refundable,
} from './refunds.ts';
import type { Till } from './tills.ts';

interface ParsedItem {
  index: number;
  order: Order;
  /** The canonical JSON of the order, made once: it is both hashed and stored. */
  body: string;
  contentHash: string;
}

interface Booking {
  item: ParsedItem;
  walletId: string | null;
  walletDeltaMinor: number;
  minimumWalletMinor: number;
  transaction: TransactionToBook;
}

interface Rejection {
  reason: PushRejectionReason;
  detail: string;
}

export function hashOrder(order: Order): string {
  return hashBody(canonicalJson(order));
}

function hashBody(body: string): string {
  return createHash('sha256').update(body).digest('hex');
}

function parseItems(rawOrders: readonly unknown[]) {
  const results: PushItemResult[] = [];
  const parsed: ParsedItem[] = [];
  rawOrders.forEach((raw, index) => {
    const outcome = orderSchema.safeParse(raw);
    if (outcome.success) {
      const body = canonicalJson(outcome.data);
      parsed.push({ index, order: outcome.data, body, contentHash: hashBody(body) });
      return;
    }
    const rawId = (raw as { id?: unknown } | null)?.id;
    const issue = outcome.error.issues[0];
    results.push({
      status: 'rejected',
      index,
      orderId: typeof rawId === 'string' ? rawId.slice(0, 64) : null,
      reason: 'invalid_order',
      detail: issue ? `${issue.path.join('.') || 'order'}: ${issue.message}` : 'invalid order',
    });
  });
  return { results, parsed };
}

async function selectIn<T extends Record<string, unknown>>(
  sql: Sql,
  columns: string,
  table: string,
  ids: readonly string[],
): Promise<T[]> {
  const rows: T[] = [];
  for (const batch of chunks([...new Set(ids)], 500)) {
    rows.push(
      ...(await sql.all<T>(
        `SELECT ${columns} FROM ${table} WHERE id IN (${placeholders(batch.length)})`,
        batch,
      )),
    );
  }
  return rows;
}

interface ReferenceData {
  currency: string;
  customers: Map<string, { walletId: string; isWalletUser: boolean }>;
  productIds: Set<string>;
  methods: Map<
    string,
    {
      id: string;
      kind: Order['payments'][number]['kind'];
      minimumWalletMinor: number;
      requiresCustomer: boolean;
    }
  >;
  /** The orders a refund of this batch may name: booked ones, then this batch's as it books. */
  refundables: Map<string, Refundable>;
  /** Sessions of this batch that another till has used: their orders are refused. */
  foreignSessionIds: Set<string>;
}

/** The sessions among these that another till's orders or Z report already use. */
async function sessionsOfOtherTills(sql: Sql, till: Till, orders: readonly Order[]) {
  const sessionIds = [...new Set(orders.flatMap((order) => order.sessionId ?? []))];
  const foreign = new Set<string>();
  for (const batch of chunks(sessionIds, 500)) {
    const params = [...batch, till.id];
    const rows = await sql.all<{ session_id: string }>(
      `SELECT DISTINCT session_id FROM orders WHERE session_id IN (${placeholders(batch.length)}) ` +
        'AND till_id <> ? UNION SELECT session_id FROM till_session_reports ' +
        `WHERE session_id IN (${placeholders(batch.length)}) AND till_id <> ?`,
      [...params, ...params],
    );
    for (const row of rows) foreign.add(row.session_id);
  }
  return foreign;
}

async function loadReferenceData(
  sql: Sql,
  till: Till,
  orders: readonly Order[],
): Promise<ReferenceData> {
  const settings = await readSettings(sql);
  const customerRows = await selectIn<{ id: string; wallet_id: string; is_wallet_user: unknown }>(
    sql,
    'id, wallet_id, is_wallet_user',
    'customers',
    orders.flatMap((order) => (order.customerId ? [order.customerId] : [])),
  );
  const productRows = await selectIn<{ id: string }>(
    sql,
    'id',
    'products',
    orders.flatMap((order) => order.lines.map((line) => line.productId)),
  );
  const methodRows = await selectIn<Record<string, unknown>>(
    sql,
    'id, kind, minimum_wallet_minor, requires_customer',
    'payment_methods',
    orders.flatMap((order) => order.payments.map((payment) => payment.methodId)),
  );
  const refundables = await loadRefundables(
    sql,
    orders.flatMap((order) => (order.refundOfOrderId ? [order.refundOfOrderId] : [])),
  );
  return {
    currency: settings.currency,
    customers: new Map(
      customerRows.map((row) => [
        row.id,
        { walletId: row.wallet_id, isWalletUser: asBoolean(row.is_wallet_user) },
      ]),
    ),
    productIds: new Set(productRows.map((row) => row.id)),
    methods: new Map(
      methodRows.map((row) => [
        row.id as string,
        {
          id: row.id as string,
          kind: row.kind as Order['payments'][number]['kind'],
          minimumWalletMinor: asNumber(row.minimum_wallet_minor),
          requiresCustomer: asBoolean(row.requires_customer),
        },
      ]),
    ),
    refundables,
    foreignSessionIds: await sessionsOfOtherTills(sql, till, orders),
  };
}

function checkReferences(order: Order, data: ReferenceData): Rejection | null {
  if (order.currency !== data.currency) {
    return { reason: 'wrong_currency', detail: `the store books in ${data.currency}` };
  }
  if (order.customerId && !data.customers.has(order.customerId)) {
    return { reason: 'unknown_customer', detail: `no customer ${order.customerId}` };
  }
  const unknownProduct = order.lines.find((line) => !data.productIds.has(line.productId));
  if (unknownProduct) {
    return { reason: 'unknown_product', detail: `no product ${unknownProduct.productId}` };
  }
  for (const payment of order.payments) {
    const method = data.methods.get(payment.methodId);
    if (!method)
      return { reason: 'unknown_payment_method', detail: `no method ${payment.methodId}` };
    if (method.kind !== payment.kind) {
      return { reason: 'payment_kind_mismatch', detail: `method ${method.id} is ${method.kind}` };
    }
  }
  if (order.refundOfOrderId && !data.refundables.has(order.refundOfOrderId)) {
    return { reason: 'unknown_refunded_order', detail: `no order ${order.refundOfOrderId}` };
  }
  if (order.sessionId && data.foreignSessionIds.has(order.sessionId)) {
    return { reason: 'session_of_another_till', detail: `session ${order.sessionId}` };
  }
  return null;
}

function planBooking(item: ParsedItem, till: Till, data: ReferenceData): Booking | Rejection {
  const { order } = item;
  const referenceProblem = checkReferences(order, data);
  if (referenceProblem) return referenceProblem;

  const arithmetic = checkOrderArithmetic(order);
  if (arithmetic) return arithmetic;

  const original = order.refundOfOrderId ? data.refundables.get(order.refundOfOrderId) : null;
  if (original) {
    const refundProblem = checkRefund(order, original);
    if (refundProblem) return refundProblem;
  }

  const customer = order.customerId ? (data.customers.get(order.customerId) ?? null) : null;
  const eligibility = checkWalletEligibility({
    order,
    customer,
    paymentMethods: [...data.methods.values()],
  });
  if (!eligibility.ok) {
    if (eligibility.reason === 'below_minimum_wallet_amount') {
      return { reason: 'invalid_order', detail: 'unexpected floor refusal' };
    }
    return { reason: eligibility.reason, detail: `wallet rule: ${eligibility.reason}` };
  }

  const walletDeltaMinor = walletDeltaOf(order);
  const isWalletTouched = eligibility.creditsMinor > 0 || eligibility.debitsMinor > 0;
  const walletId = isWalletTouched && customer ? customer.walletId : null;
  return {
    item,
    walletId,
    walletDeltaMinor,
    minimumWalletMinor: eligibility.minimumWalletMinor ?? 0,
    transaction: {
      id: order.id,
      kind: 'order',
      orderId: order.id,
      tillId: till.id,
      description: order.refundOfOrderId ? `Refund of ${order.refundOfOrderId}` : 'Till order',
      occurredAt: order.createdAt,
      entries: planOrderEntries(order, walletId),
    },
  };
}

function isRejection(value: Booking | Rejection): value is Rejection {
  return 'reason' in value;
}

/** Sorts out retries: an id already booked, or seen earlier in the same batch. */
async function separateRetries(sql: Sql, till: Till, parsed: readonly ParsedItem[]) {
  const existingRows = await selectIn<{ id: string; content_hash: string; till_id: string }>(
    sql,
    'id, content_hash, till_id',
    'orders',
    parsed.map((item) => item.order.id),
  );
  const known = new Map(existingRows.map((row) => [row.id, row]));
  const seenHashes = new Map<string, string>();
  const results: PushItemResult[] = [];
  const fresh: ParsedItem[] = [];
  const copies: ParsedItem[] = [];
  for (const item of parsed) {
    const orderId = item.order.id;
    const existing = known.get(orderId);
    const earlierHash = existing ? existing.content_hash : seenHashes.get(orderId);
    const isSameTill = existing ? existing.till_id === till.id : true;
    if (earlierHash === undefined) {
      seenHashes.set(orderId, item.contentHash);
      fresh.push(item);
    } else if (!existing && earlierHash === item.contentHash) {
      // A copy of an order earlier in this batch shares that order's fate, decided below.
      copies.push(item);
    } else if (earlierHash === item.contentHash && isSameTill) {
      results.push({ status: 'exists', index: item.index, orderId });
    } else {
      const detail = isSameTill
        ? 'an order with this id and other content is already booked'
        : 'an order with this id was booked by another till';
      results.push({ status: 'conflict', index: item.index, orderId, detail });
    }
  }
  return { results, fresh, copies };
}

/**
 * Answers the copies of an order sent twice in one batch as the first one was answered: "exists"
 * only when it was booked, the same rejection when it was refused. A false "exists" would make
 * the till drop a sale it still has to fix and resend.
 */
function answerCopies(copies: readonly ParsedItem[], results: PushItemResult[]): void {
  const firstResults = new Map(results.map((result) => [result.orderId, result]));
  for (const copy of copies) {
    const first = firstResults.get(copy.order.id);
    const index = copy.index;
    if (first?.status === 'rejected') results.push({ ...first, index });
    else results.push({ status: 'exists', index, orderId: copy.order.id });
  }
}

export async function pushOrders(
  context: LedgerContext,
  till: Till,
  rawOrders: readonly unknown[],
): Promise<PushResponse> {
  const { results, parsed } = parseItems(rawOrders);
  const receivedAt = context.now().toISOString();

  const outcome = await context.database.write(async (sql) => {
    // Pushes of one till are booked one after the other: a batch resent while the first request
    // is still booking waits here, then finds the orders booked and answers "exists". The till's
    // row comes first in the lock order (till, wallets, shared accounts, change counter).
    await sql.all(`SELECT id FROM tills WHERE id = ?${sql.forUpdate}`, [till.id]);
    const retries = await separateRetries(sql, till, parsed);
    results.push(...retries.results);

    const data = await loadReferenceData(
      sql,
      till,
      retries.fresh.map((item) => item.order),
    );
    const bookings: Booking[] = [];
    for (const item of retries.fresh) {
      const plan = planBooking(item, till, data);
      if (isRejection(plan)) {
        results.push({ status: 'rejected', index: item.index, orderId: item.order.id, ...plan });
      } else {
        bookings.push(plan);
        // A refund may name an order booked earlier in the same batch, and counts against its
        // original for the refunds that come after it.
        const { order } = item;
        const original = order.refundOfOrderId ? data.refundables.get(order.refundOfOrderId) : null;
        if (original) recordRefund(original, order);
        data.refundables.set(order.id, newRefundable(order));
      }
    }

    const booked = await bookAll(sql, till, bookings, receivedAt);
    answerCopies(retries.copies, results);
    await releaseHoldsOfRejected(sql, results, receivedAt);
    for (const booking of bookings) {
      const wallet = booked.get(booking.item.order.id);
      results.push({
        status: 'created',
        index: booking.item.index,
        orderId: booking.item.order.id,
        walletBalanceMinor: wallet?.balanceMinor ?? null,
        isOverdrawn: wallet?.isOverdrawn ?? false,
      });
    }

    const sequenceGaps = await advanceSequences(sql, till, bookings);
    const seq = await touchWalletHolders(
      sql,
      bookings.flatMap((booking) => (booking.walletId ? [booking.walletId] : [])),
    );
    return { sequenceGaps, seq, cursor: seq ?? (await latestChangeSeq(sql)) };
  });

  if (outcome.seq !== null) context.notifyChange(outcome.seq);
  results.sort((left, right) => left.index - right.index);
  context.logger.debug('push booked', {
    tillId: till.id,
    itemCount: rawOrders.length,
    createdCount: results.filter((result) => result.status === 'created').length,
  });
  return { results, sequenceGaps: outcome.sequenceGaps, cursor: outcome.cursor };
}

interface BookedWallet {
  balanceMinor: number;
  isOverdrawn: boolean;
}

/**
 * Writes the planned transactions, the orders and the balances. Wallet balances are followed
 * order by order so that an offline spend which takes a wallet below its minimum is flagged:
 * it is booked anyway, the goods are gone, and the manager sees it as an overdrawn wallet.
 */
async function bookAll(
  sql: Sql,
  till: Till,
  bookings: readonly Booking[],
  receivedAt: string,
): Promise<Map<string, BookedWallet>> {
  const booked = new Map<string, BookedWallet>();
  if (bookings.length === 0) return booked;

  const accountIds = new Set<string>();
  for (const booking of bookings) {
    for (const entry of booking.transaction.entries) accountIds.add(entry.accountId);
  }
  await ensureAccounts(sql, [...accountIds], receivedAt);
  // Only the wallets are locked up front: their balances decide the overdrawn flag. The shared
  // accounts (cash, sales, VAT) every push touches are locked by their balance update, as late
  // as possible, so concurrent pushes queue on them only for the end of the transaction.
  const walletIds = bookings.flatMap((booking) => (booking.walletId ? [booking.walletId] : []));
  const balances = await lockAccounts(sql, walletIds);

  const orderRows: (string | number | null)[][] = [];
  for (const booking of bookings) {
    const { order } = booking.item;
    let isOverdrawn = false;
    if (booking.walletId) {
      const balanceMinor = (balances.get(booking.walletId) ?? 0) + booking.walletDeltaMinor;
      balances.set(booking.walletId, balanceMinor);
      isOverdrawn = booking.walletDeltaMinor < 0 && balanceMinor < booking.minimumWalletMinor;
      booked.set(order.id, { balanceMinor, isOverdrawn });
    }
    orderRows.push([
      order.id,
      till.id,
      order.sequence,
      booking.item.contentHash,
      order.id,
      order.customerId,
      booking.walletId,
      booking.walletDeltaMinor,
      order.isOffline ? 1 : 0,
      isOverdrawn ? 1 : 0,
      order.createdAt,
      receivedAt,
      booking.item.body,
      order.sessionId,
      order.cashierId,
      order.refundOfOrderId,
    ]);
  }

  const movements = await insertTransactions(
    sql,
    bookings.map((booking) => booking.transaction),
    receivedAt,
  );
  for (const batch of chunks(orderRows, 100)) {
    await sql.run(
      'INSERT INTO orders (id, till_id, sequence, content_hash, transaction_id, customer_id, ' +
        'wallet_id, wallet_delta_minor, is_offline, is_overdrawn, created_at, received_at, body, ' +
        `session_id, cashier_id, refund_of_order_id) VALUES ${tupleList(batch.length, 16)}`,
      batch.flat(),
    );
  }
  await applyMovements(sql, movements);
  await consumeHolds(sql, bookings, receivedAt);
  return booked;
}

/**
 * An order that arrives ends the holds its online authorisations made: consumed when it did take
 * from the wallet, released when the cashier switched to another payment, so the money is not
 * kept from the customer until the hold expires.
 */
async function consumeHolds(sql: Sql, bookings: readonly Booking[], now: string): Promise<void> {
  const resolve = async (status: 'consumed' | 'released', orderIds: readonly string[]) => {
    for (const batch of chunks(orderIds, 500)) {
      await sql.run(
        'UPDATE wallet_holds SET status = ?, resolved_at = ? ' +
          `WHERE status = 'active' AND order_id IN (${placeholders(batch.length)})`,
        [status, now, ...batch],
      );
    }
  };
  await resolve(
    'consumed',
    bookings.filter((b) => b.walletId !== null).map((b) => b.item.order.id),
  );
  await resolve(
    'released',
    bookings.filter((b) => b.walletId === null).map((b) => b.item.order.id),
  );
}

/** A refused order will not take from the wallet: its hold goes back to the customer now. */
async function releaseHoldsOfRejected(
  sql: Sql,
  results: readonly PushItemResult[],
  now: string,
): Promise<void> {
  const orderIds = results.flatMap((result) =>
    result.status === 'rejected' && result.orderId ? [result.orderId] : [],
  );
  for (const batch of chunks(orderIds, 500)) {
    await sql.run(
      "UPDATE wallet_holds SET status = 'released', resolved_at = ? " +
        `WHERE status = 'active' AND order_id IN (${placeholders(batch.length)})`,
      [now, ...batch],
    );
  }
}

const gapsReportedMax = 100;
const sequenceScanMax = 10_000;

/**
 * Moves the till's contiguous sequence forward over what is now booked and reports the holes
 * between it and the highest sequence seen: orders the till made that never arrived.
 */
async function advanceSequences(
  sql: Sql,
  till: Till,
  bookings: readonly Booking[],
): Promise<SequenceGap[]> {
  const row = await sql.all<{ highest_sequence: unknown; contiguous_sequence: unknown }>(
    `SELECT highest_sequence, contiguous_sequence FROM tills WHERE id = ?${sql.forUpdate}`,
    [till.id],
  );
  const highestBefore = asNumber(row[0]?.highest_sequence ?? 0);
  const contiguousBefore = asNumber(row[0]?.contiguous_sequence ?? 0);
  let highest = highestBefore;
  let contiguous = contiguousBefore;
  for (const booking of bookings) highest = Math.max(highest, booking.item.order.sequence);

  const gaps: SequenceGap[] = [];
  if (highest > contiguous) {
    const sequences = await sql.all<{ sequence: unknown }>(
      'SELECT DISTINCT sequence FROM orders WHERE till_id = ? AND sequence > ? ' +
        'ORDER BY sequence LIMIT ?',
      [till.id, contiguous, sequenceScanMax],
    );
    let expected = contiguous + 1;
    let isContiguous = true;
    for (const item of sequences) {
      const sequence = asNumber(item.sequence);
      if (sequence > expected) {
        isContiguous = false;
        if (gaps.length < gapsReportedMax) gaps.push({ from: expected, to: sequence - 1 });
      }
      if (isContiguous) contiguous = sequence;
      expected = sequence + 1;
    }
  }
  if (highest === highestBefore && contiguous === contiguousBefore) return gaps;
  await sql.run('UPDATE tills SET highest_sequence = ?, contiguous_sequence = ? WHERE id = ?', [
    highest,
    contiguous,
    till.id,
  ]);
  return gaps;
}
