// Who vouches for a wallet charge. Online, the server does: it checks the floor and holds the
// amount atomically, so two tills can never both spend the last euro. When the server cannot be
// reached, the till may charge against its cached balance, but only within the store's offline
// limits (per payment, per customer, and a cached balance recent enough), and the balance it
// prints is marked provisional.
import type { OfflineWalletLimits, Order } from '../../shared/domain.ts';
import { assert } from '../../shared/assert.ts';
import { newId } from '../../shared/ids.ts';
import type { Logger } from '../../shared/logger.ts';
import { checkOfflineWalletLimits } from '../../shared/wallet-rules.ts';
import { LedgerUnreachableError, type LedgerClient } from '../api/ledger-client.ts';
import type { SaleRefusal } from './sale.ts';

export type WalletChargeDecision =
  | {
      ok: true;
      /** True when the wallet was charged without the server. */
      isOffline: boolean;
      authorizationId: string | null;
      /** The balance after the sale comes from the cache, not from the server. */
      isBalanceProvisional: boolean;
    }
  | { ok: false; reason: SaleRefusal; availableMinor?: number };

export interface WalletChargeInput {
  client: LedgerClient;
  isOnline: boolean;
  order: Order;
  /** Net amount the order takes from the wallet after its own credits; 0 when none. */
  walletChargeMinor: number;
  isWalletTouched: boolean;
  limits: OfflineWalletLimits;
  pendingOfflineChargeMinor: number;
  /** When the server last vouched for the cached balance; null when it never did. */
  balanceAt: string | null;
  now: Date;
  logger?: Logger | undefined;
}

const minuteMs = 60_000;

export async function authorizeWalletCharge(
  input: WalletChargeInput,
): Promise<WalletChargeDecision> {
  if (input.walletChargeMinor <= 0) {
    // A top-up or change onto the wallet needs nobody's approval; offline, the balance shown
    // after it still rests on the cache.
    return {
      ok: true,
      isOffline: false,
      authorizationId: null,
      isBalanceProvisional: !input.isOnline,
    };
  }
  if (input.isOnline) {
    const answer = await askServer(input);
    if (answer !== 'unreachable') return answer;
  }
  return checkOffline(input);
}

async function askServer(input: WalletChargeInput): Promise<WalletChargeDecision | 'unreachable'> {
  const { order } = input;
  const walletPayment = order.payments.find(
    (payment) => payment.kind === 'wallet' && payment.amountMinor > 0,
  );
  assert(walletPayment && order.customerId, 'a wallet charge has a wallet payment and a customer');
  const authorizationId = newId();
  try {
    const answer = await input.client.authorize({
      authorizationId,
      orderId: order.id,
      customerId: order.customerId,
      methodId: walletPayment.methodId,
      currency: order.currency,
      amountMinor: input.walletChargeMinor,
    });
    if (answer.status === 'declined') {
      return { ok: false, reason: 'authorization_declined', availableMinor: answer.availableMinor };
    }
    return { ok: true, isOffline: false, authorizationId, isBalanceProvisional: false };
  } catch (error) {
    if (error instanceof LedgerUnreachableError) return 'unreachable';
    // The server answered but not with a decision (unknown customer, a malformed answer): the
    // cashier is told the payment cannot be authorised, rather than the till guessing.
    input.logger?.warn('wallet authorisation failed', { orderId: order.id, error });
    return { ok: false, reason: 'authorization_unavailable' };
  }
}

function checkOffline(input: WalletChargeInput): WalletChargeDecision {
  const balanceAtMs = input.balanceAt === null ? Number.NaN : Date.parse(input.balanceAt);
  // A balance with no known time is as good as infinitely old; a clock a little behind the
  // server's gives a negative age, read as fresh.
  const cachedBalanceAgeMinutes = Number.isNaN(balanceAtMs)
    ? Number.POSITIVE_INFINITY
    : Math.max(0, (input.now.getTime() - balanceAtMs) / minuteMs);
  const limits = checkOfflineWalletLimits({
    walletChargeMinor: input.walletChargeMinor,
    pendingOfflineChargeMinor: input.pendingOfflineChargeMinor,
    cachedBalanceAgeMinutes,
    limits: input.limits,
  });
  if (!limits.ok) return limits;
  return { ok: true, isOffline: true, authorizationId: null, isBalanceProvisional: true };
}
