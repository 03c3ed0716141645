// Validating a sale: the last checks, then one transaction that writes the order, its outbox
// item, its pending wallet movement and the till's next sequence number, before any receipt is
// printed or anything is pushed. Whatever happens afterwards (crash, power cut, no network) the
// sale is kept and is booked once: its id was made when the sale started, and validating the
// same draft again answers what the first validation wrote.
//
// The cashier waits for every IndexedDB round trip here, so requests that do not depend on each
// other go out together: one read for the earlier validation and the wallet, the settings and
// payment methods from memory (sale-settings.ts), and one transaction of two steps to write.
import { assert } from '../../shared/assert.ts';
import { orderSchema, type Customer, type Order, type StoreSettings } from '../../shared/domain.ts';
import type { Logger } from '../../shared/logger.ts';
import { checkOrderArithmetic } from '../../shared/order-math.ts';
import { checkWalletRules, type WalletDecision } from '../../shared/wallet-rules.ts';
import type { LedgerClient } from '../api/ledger-client.ts';
import type { TillDatabase, TillOrder } from '../store/database.ts';
import { readSaleSettings } from '../store/sale-settings.ts';
import { readWalletView, type WalletView } from '../store/wallet-view.ts';
import type { SyncEngine } from '../sync/types.ts';
import { authorizeWalletCharge, type WalletChargeDecision } from './wallet-charge.ts';
import { summarizeSale, type SaleDraft, type SaleOutcome } from './sale.ts';

export interface ValidateSaleDeps {
  db: TillDatabase;
  engine: Pick<SyncEngine, 'isOnline' | 'notifyOutbox'>;
  client: LedgerClient;
  tillId: string;
  now?: () => Date;
  logger?: Logger;
}

type WalletApproval = Extract<WalletDecision, { ok: true }>;

export async function validateSale(deps: ValidateSaleDeps, draft: SaleDraft): Promise<SaleOutcome> {
  assert(
    deps.tillId === deps.client.connection.tillId,
    'a sale must be validated for the till its orders are pushed as',
  );
  const [{ already, wallet }, { settings, paymentMethods }] = await Promise.all([
    readSaleState(deps.db, draft),
    readSaleSettings(deps.db),
  ]);
  if (already) return outcomeOf(already);

  if (draft.lines.length === 0) return { ok: false, reason: 'nothing_to_sell' };
  const summary = summarizeSale(draft);
  if (!summary.isSettled) return { ok: false, reason: 'not_settled' };

  assert(settings, 'no store settings: a till sells only after its first sync');
  const now = (deps.now ?? (() => new Date()))();
  const order: Order = {
    id: draft.orderId,
    // The real number is taken in the writing transaction, so two sales never share one.
    sequence: 1,
    currency: settings.currency,
    createdAt: now.toISOString(),
    customerId: draft.customer?.id ?? null,
    cashierId: draft.cashierId,
    cashierName: draft.cashierName,
    sessionId: draft.sessionId,
    lines: draft.lines,
    payments: draft.payments,
    changeGivenMinor: summary.changeGivenMinor,
    changeToWalletMinor: summary.changeToWalletMinor,
    isOffline: false,
    walletAuthorizationId: null,
    refundOfOrderId: draft.refundOfOrderId,
  };
  const arithmetic = checkOrderArithmetic(order);
  if (arithmetic) return { ok: false, reason: arithmetic.reason };

  const decision = checkWalletRules({
    order,
    customer: wallet?.customer ?? draft.customer,
    balanceMinor: wallet?.shownBalanceMinor ?? draft.customer?.walletBalanceMinor ?? 0,
    paymentMethods,
  });
  if (!decision.ok) return decision;

  const charge = await decideCharge(deps, { order, settings, wallet, decision, now });
  if (!charge.ok) return charge;
  const validated: Order = {
    ...order,
    isOffline: charge.isOffline,
    walletAuthorizationId: charge.authorizationId,
  };
  assertWellFormed(validated);

  try {
    const holder = wallet?.customer ?? draft.customer;
    const receiptBalance = receiptBalanceOf(decision, wallet, holder, deps.engine.isOnline());
    const stored = await writeSale(deps.db, {
      order: validated,
      decision,
      holder,
      charge,
      receiptBalance,
    });
    deps.engine.notifyOutbox();
    return outcomeOf(stored);
  } catch (error) {
    // Nothing was written, so the hold the server keeps for this payment is given back.
    if (charge.authorizationId) releaseQuietly(deps, charge.authorizationId);
    throw error;
  }
}

interface SaleState {
  /** What an earlier validation of this draft wrote: a repeated press answers with it. */
  already: TillOrder | undefined;
  wallet: WalletView | null;
}

/** One read transaction, its requests sent together. */
function readSaleState(db: TillDatabase, draft: SaleDraft): Promise<SaleState> {
  const { customer } = draft;
  return db.transaction('r', [db.orders, db.customers, db.pendingMovements], async () => {
    const [already, wallet] = await Promise.all([
      db.orders.get(draft.orderId),
      customer ? readWalletView(db, customer.id, customer.walletId) : null,
    ]);
    return { already, wallet };
  });
}

function decideCharge(
  deps: ValidateSaleDeps,
  input: {
    order: Order;
    settings: StoreSettings;
    wallet: WalletView | null;
    decision: WalletApproval;
    now: Date;
  },
): Promise<WalletChargeDecision> {
  const { order, settings, wallet, decision, now } = input;
  return authorizeWalletCharge({
    client: deps.client,
    isOnline: deps.engine.isOnline(),
    order,
    walletChargeMinor: decision.walletChargeMinor,
    isWalletTouched: decision.isWalletTouched,
    limits: settings.offlineWalletLimits,
    pendingOfflineChargeMinor: wallet?.pendingOfflineChargeMinor ?? 0,
    balanceAt: wallet?.customer.balanceAt ?? null,
    now,
    logger: deps.logger,
  });
}

interface SaleToWrite {
  order: Order;
  decision: WalletApproval;
  /** Whose wallet the sale moves, as the cache knows them (or as the screen had them). */
  holder: Pick<Customer, 'id' | 'walletId' | 'isWalletUser'> | null;
  charge: Extract<WalletChargeDecision, { ok: true }>;
  receiptBalance: ReceiptBalance;
}

interface ReceiptBalance {
  balanceAfterMinor: number | null;
  isProvisional: boolean;
}

/**
 * The balance a wallet user's receipt shows: after this sale when it moves the wallet, and the
 * balance as it stands when they paid another way, since every wallet user's receipt tells them
 * what is left. Without the server at hand that balance is the cached one, so it is provisional.
 */
function receiptBalanceOf(
  decision: WalletApproval,
  wallet: WalletView | null,
  holder: Pick<Customer, 'isWalletUser'> | null,
  isOnline: boolean,
): ReceiptBalance {
  if (decision.isWalletTouched)
    return { balanceAfterMinor: decision.balanceAfterMinor, isProvisional: false };
  if (!holder?.isWalletUser || !wallet) return { balanceAfterMinor: null, isProvisional: false };
  return { balanceAfterMinor: wallet.shownBalanceMinor, isProvisional: !isOnline };
}

async function writeSale(db: TillDatabase, sale: SaleToWrite): Promise<TillOrder> {
  const { decision, holder, charge } = sale;
  const createdAt = sale.order.createdAt;
  const tables = [db.orders, db.outbox, db.pendingMovements, db.syncState];
  return db.transaction('rw', tables, async () => {
    // A second press on "validate" while the first was writing finds the first one's order.
    const [existing, lastSequence] = await Promise.all([
      db.orders.get(sale.order.id),
      db.syncState.get('sequence'),
    ]);
    if (existing) return existing;

    const sequence = (typeof lastSequence?.value === 'number' ? lastSequence.value : 0) + 1;
    const order: Order = { ...sale.order, sequence };
    const stored: TillOrder = {
      id: order.id,
      order,
      status: 'pending',
      walletBalanceAfterMinor: sale.receiptBalance.balanceAfterMinor,
      isBalanceProvisional: decision.isWalletTouched
        ? charge.isBalanceProvisional
        : sale.receiptBalance.isProvisional,
      failure: null,
      syncedAt: null,
    };
    // Sent together, applied in this order; any one failing aborts the whole transaction.
    const writes: Promise<unknown>[] = [
      db.syncState.put({ key: 'sequence', value: sequence }),
      db.orders.add(stored),
      db.outbox.add({
        orderId: order.id,
        sequence,
        createdAt,
        attemptCount: 0,
        nextAttemptAt: createdAt,
        lastError: null,
      }),
    ];
    if (decision.isWalletTouched) {
      assert(holder, 'the wallet rules let no sale move a wallet without a customer');
      writes.push(
        db.pendingMovements.add({
          orderId: order.id,
          walletId: holder.walletId,
          customerId: holder.id,
          deltaMinor: decision.walletDeltaMinor,
          offlineChargeMinor: charge.isOffline ? decision.walletChargeMinor : 0,
          createdAt,
        }),
      );
    }
    await Promise.all(writes);
    return stored;
  });
}

function outcomeOf(stored: TillOrder): SaleOutcome {
  return {
    ok: true,
    orderId: stored.id,
    walletBalanceAfterMinor: stored.walletBalanceAfterMinor,
    isBalanceProvisional: stored.isBalanceProvisional,
  };
}

/**
 * The screen builds the lines and payments; one the shared schema refuses (a zero quantity,
 * 501 lines) is a bug there, caught here before it reaches the outbox and is refused later.
 */
function assertWellFormed(order: Order): void {
  const parsed = orderSchema.safeParse(order);
  const issue = parsed.success ? null : parsed.error.issues[0];
  assert(parsed.success, `malformed order: ${issue?.path.join('.') ?? ''} ${issue?.message ?? ''}`);
}

function releaseQuietly(deps: ValidateSaleDeps, authorizationId: string): void {
  deps.client.release(authorizationId).catch((error: unknown) => {
    // The hold expires on its own after the store's hold time; nothing more to do here.
    deps.logger?.warn('could not release a wallet hold', { authorizationId, error });
  });
}
