// The wallet rules of the brief, as pure functions the till runs before validating an order and
// the server runs before authorising a wallet payment. They return a decision with a reason code;
// turning a reason into words for the cashier happens in the till's i18n layer.
import type { Customer, OfflineWalletLimits, Order, PaymentMethod } from './domain.ts';
import { walletMovementsOf } from './order-math.ts';

export type WalletRefusal =
  /** A wallet payment, a top-up or change onto the wallet needs an identified customer. */
  | 'customer_required'
  /** A payment method flagged "requires customer" was used without one. */
  | 'method_requires_customer'
  /** Only customers flagged as wallet users may pay with or credit a wallet. */
  | 'not_wallet_user'
  /** The balance after the order would fall below the wallet method's minimum. */
  | 'below_minimum_wallet_amount'
  /** A payment names a method the till does not know. */
  | 'unknown_payment_method';

export type WalletDecision =
  | {
      ok: true;
      /** What the order takes from the wallet after its own credits: 0 when it takes nothing. */
      walletChargeMinor: number;
      /** Signed change of the wallet balance made by this order. */
      walletDeltaMinor: number;
      balanceAfterMinor: number | null;
      isWalletTouched: boolean;
    }
  | { ok: false; reason: WalletRefusal; availableMinor?: number };

export type WalletOrder = Pick<Order, 'lines' | 'payments' | 'changeToWalletMinor'>;

export interface WalletCheckInput {
  order: WalletOrder;
  customer: Pick<Customer, 'isWalletUser'> | null;
  /** The balance the till shows: the server's balance plus this till's pending movements. */
  balanceMinor: number;
  paymentMethods: readonly Pick<
    PaymentMethod,
    'id' | 'kind' | 'minimumWalletMinor' | 'requiresCustomer'
  >[];
}

/** Credits and debits the order makes on the wallet, kept apart for the net charge. */
export function walletFlows(order: WalletOrder): { creditsMinor: number; debitsMinor: number } {
  let creditsMinor = 0;
  let debitsMinor = 0;
  for (const movement of walletMovementsOf(order)) {
    if (movement.amountMinor >= 0) creditsMinor += movement.amountMinor;
    else debitsMinor -= movement.amountMinor;
  }
  return { creditsMinor, debitsMinor };
}

export type WalletEligibility =
  | {
      ok: true;
      creditsMinor: number;
      debitsMinor: number;
      /** The strictest minimum among the wallet methods used, or null when none is used. */
      minimumWalletMinor: number | null;
    }
  | { ok: false; reason: WalletRefusal };

/**
 * The gates that hold whatever the balance: no wallet payment, top-up or change onto the wallet
 * without a customer, only for wallet users, and no "requires customer" method without one.
 * The server applies these to pushed orders; the floor it does not, since an offline sale that
 * breaks it has already happened.
 */
export function checkWalletEligibility(
  input: Omit<WalletCheckInput, 'balanceMinor'>,
): WalletEligibility {
  const { order, customer } = input;
  const methodsById = new Map(input.paymentMethods.map((method) => [method.id, method]));

  let minimumWalletMinor: number | null = null;
  for (const payment of order.payments) {
    const method = methodsById.get(payment.methodId);
    if (!method) return { ok: false, reason: 'unknown_payment_method' };
    if (method.requiresCustomer && !customer) {
      return {
        ok: false,
        reason: method.kind === 'wallet' ? 'customer_required' : 'method_requires_customer',
      };
    }
    if (method.kind === 'wallet') {
      // With two wallet methods in one order the stricter minimum governs.
      minimumWalletMinor = Math.max(
        minimumWalletMinor ?? method.minimumWalletMinor,
        method.minimumWalletMinor,
      );
    }
  }

  const { creditsMinor, debitsMinor } = walletFlows(order);
  if (creditsMinor > 0 || debitsMinor > 0) {
    if (!customer) return { ok: false, reason: 'customer_required' };
    if (!customer.isWalletUser) return { ok: false, reason: 'not_wallet_user' };
  }
  return { ok: true, creditsMinor, debitsMinor, minimumWalletMinor };
}

/**
 * Decides whether an order may be validated as far as the wallet is concerned: the eligibility
 * gates, then the floor. Top-ups, change onto the wallet and refunds in the same order count
 * first: the wallet is charged net. The minimum is checked only when that net charge is
 * positive, so a customer below the minimum can still pay cash, top up, or be refunded.
 */
export function checkWalletRules(input: WalletCheckInput): WalletDecision {
  const eligibility = checkWalletEligibility(input);
  if (!eligibility.ok) return eligibility;

  const { creditsMinor, debitsMinor } = eligibility;
  const isWalletTouched = creditsMinor > 0 || debitsMinor > 0;
  if (!isWalletTouched) {
    return {
      ok: true,
      walletChargeMinor: 0,
      walletDeltaMinor: 0,
      balanceAfterMinor: null,
      isWalletTouched,
    };
  }

  // An order that takes from the wallet without a wallet payment (a returned top-up) is held to
  // the wallet method's minimum all the same.
  const minimumMinor = eligibility.minimumWalletMinor ?? walletMethodMinimum(input.paymentMethods);
  const walletDeltaMinor = creditsMinor - debitsMinor;
  const walletChargeMinor = Math.max(0, -walletDeltaMinor);
  const balanceAfterMinor = input.balanceMinor + walletDeltaMinor;
  if (walletChargeMinor > 0 && balanceAfterMinor < minimumMinor) {
    const availableMinor = Math.max(0, input.balanceMinor + creditsMinor - minimumMinor);
    return { ok: false, reason: 'below_minimum_wallet_amount', availableMinor };
  }
  return { ok: true, walletChargeMinor, walletDeltaMinor, balanceAfterMinor, isWalletTouched };
}

function walletMethodMinimum(methods: WalletCheckInput['paymentMethods']): number {
  const minimums = methods.filter((m) => m.kind === 'wallet').map((m) => m.minimumWalletMinor);
  return minimums.length > 0 ? Math.max(...minimums) : 0;
}

/**
 * How much of what is still due the customer could pay from the wallet, so the payment screen
 * can offer it (0 when nothing).
 */
export function walletPayableMinor(input: {
  balanceMinor: number;
  minimumWalletMinor: number;
  orderCreditsMinor: number;
  dueMinor: number;
}): number {
  const room = input.balanceMinor + input.orderCreditsMinor - input.minimumWalletMinor;
  return Math.max(0, Math.min(room, input.dueMinor));
}

export type OfflineRefusal =
  'offline_payment_limit' | 'offline_customer_limit' | 'cached_balance_too_old';

/**
 * The store's policy for wallet payments taken while the server cannot be asked: bounded per
 * payment, per customer (summed over this till's unsynced orders) and by the age of the cached
 * balance. Anything beyond has to wait for the network or be paid another way.
 */
export function checkOfflineWalletLimits(input: {
  walletChargeMinor: number;
  pendingOfflineChargeMinor: number;
  cachedBalanceAgeMinutes: number;
  limits: OfflineWalletLimits;
}): { ok: true } | { ok: false; reason: OfflineRefusal } {
  if (input.walletChargeMinor <= 0) return { ok: true };
  if (input.cachedBalanceAgeMinutes > input.limits.cachedBalanceMaxAgeMinutes) {
    return { ok: false, reason: 'cached_balance_too_old' };
  }
  if (input.walletChargeMinor > input.limits.perPaymentMaxMinor) {
    return { ok: false, reason: 'offline_payment_limit' };
  }
  const totalMinor = input.pendingOfflineChargeMinor + input.walletChargeMinor;
  if (totalMinor > input.limits.perCustomerMaxMinor) {
    return { ok: false, reason: 'offline_customer_limit' };
  }
  return { ok: true };
}
