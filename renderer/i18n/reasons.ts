// Every reason code the till can meet, turned into words for the cashier in one place. Each
// switch is exhaustive, so a new reason code added to the domain fails the type check here
// until it has a message.
import { assertNever } from '../../shared/assert.ts';
import type { PairTillOutcome, PrintFailure, ServerCheck } from '../../shared/host-api.ts';
import type { ParseMoneyFailure } from '../../shared/money-format.ts';
import type { PushRejectionReason } from '../../shared/protocol.ts';
import type { StoreWideRefusal } from '../app/settings/store-wide-save.ts';
import type { SaleRefusal } from '../sale/sale.ts';
import type { Translate } from './i18n.ts';

export interface RefusalFacts {
  /** What the wallet can still give, when the refusal says so. */
  availableMinor?: number;
  /** What is still to pay on the screen, for a sale that is not settled. */
  dueMinor: number;
  offlinePaymentMaxMinor: number;
  offlineCustomerMaxMinor: number;
}

/** The message shown (role="alert") when a sale cannot be validated; nothing was written. */
export function refusalMessage(
  t: Translate,
  formatMinor: (minor: number) => string,
  reason: SaleRefusal,
  facts: RefusalFacts,
): string {
  const available = facts.availableMinor;
  switch (reason) {
    case 'customer_required':
    case 'method_requires_customer':
    case 'not_wallet_user':
    case 'unknown_payment_method':
    case 'cached_balance_too_old':
    case 'line_total_mismatch':
    case 'wallet_credit_line_invalid':
    case 'payments_do_not_match_total':
    case 'change_exceeds_cash':
    case 'change_on_refund':
    case 'nothing_to_sell':
    case 'authorization_unavailable':
      return t(`refusal.${reason}`);
    case 'below_minimum_wallet_amount':
      return available === undefined
        ? t('refusal.below_minimum_wallet_amount.plain')
        : t('refusal.below_minimum_wallet_amount', { available: formatMinor(available) });
    case 'authorization_declined':
      return available === undefined
        ? t('refusal.authorization_declined.plain')
        : t('refusal.authorization_declined', { available: formatMinor(available) });
    case 'offline_payment_limit':
      return t('refusal.offline_payment_limit', {
        limit: formatMinor(facts.offlinePaymentMaxMinor),
      });
    case 'offline_customer_limit':
      return t('refusal.offline_customer_limit', {
        limit: formatMinor(facts.offlineCustomerMaxMinor),
      });
    case 'not_settled':
      return facts.dueMinor > 0
        ? t('refusal.not_settled', { due: formatMinor(facts.dueMinor) })
        : t('refusal.not_settled.overpaid');
    default:
      return assertNever(reason, 'sale refusal');
  }
}

/** Why the server refused an order, as a clause for "Sale no. 12: …". */
export function pushFailureMessage(t: Translate, reason: PushRejectionReason | 'conflict'): string {
  switch (reason) {
    case 'invalid_order':
    case 'wrong_currency':
    case 'unknown_customer':
    case 'unknown_product':
    case 'unknown_payment_method':
    case 'payment_kind_mismatch':
    case 'line_total_mismatch':
    case 'wallet_credit_line_invalid':
    case 'payments_do_not_match_total':
    case 'change_exceeds_cash':
    case 'change_on_refund':
    case 'customer_required':
    case 'method_requires_customer':
    case 'not_wallet_user':
    case 'unknown_refunded_order':
    case 'refund_of_refund':
    case 'refund_customer_mismatch':
    case 'refund_line_not_on_original':
    case 'refund_of_wallet_credit':
    case 'refund_exceeds_quantity':
    case 'refund_exceeds_paid':
    case 'session_of_another_till':
    case 'refund_method_not_original':
    case 'conflict':
      return t(`push.${reason}`);
    default:
      return assertNever(reason, 'push rejection reason');
  }
}

/** A printer problem, followed by the reassurance that the sale itself is kept. */
export function printFailureMessage(t: Translate, reason: PrintFailure): string {
  switch (reason) {
    case 'not_configured':
    case 'printer_unreachable':
    case 'paper_out':
    case 'cover_open':
    case 'timeout':
    case 'failed':
      return `${t(`print.${reason}`)} ${t('print.saleKept')}`;
    default:
      return assertNever(reason, 'print failure');
  }
}

export function amountProblemMessage(t: Translate, reason: ParseMoneyFailure | 'zero'): string {
  switch (reason) {
    case 'empty':
    case 'not_a_number':
    case 'too_many_decimals':
    case 'negative':
    case 'too_large':
    case 'zero':
      return t(`amount.${reason}`);
    default:
      return assertNever(reason, 'amount problem');
  }
}

/** Why a till could not be paired, with what to do next. */
export function pairingFailureMessage(
  t: Translate,
  reason: Extract<PairTillOutcome, { ok: false }>['reason'],
): string {
  switch (reason) {
    case 'pairing_code_unknown':
    case 'pairing_code_used':
    case 'pairing_code_expired':
    case 'too_many_attempts':
    case 'invalid_url':
    case 'unreachable':
    case 'invalid_request':
      return t(`pairing.${reason}`);
    default:
      return assertNever(reason, 'pairing refusal');
  }
}

/** The outcome of a server connection test, success included. */
export function serverCheckMessage(t: Translate, check: ServerCheck): string {
  if (check.ok) {
    return t('serverCheck.ok', {
      engine: check.engine === 'postgres' ? 'PostgreSQL' : 'SQLite',
      version: String(check.protocolVersion),
      milliseconds: String(check.latencyMs),
    });
  }
  switch (check.reason) {
    case 'invalid_url':
    case 'unreachable':
    case 'not_a_caisse_server':
    case 'incompatible':
      return t(`serverCheck.${check.reason}`);
    default:
      return assertNever(check.reason, 'server check');
  }
}

/** Why a store-wide settings change was not saved; nothing of it was. */
export function storeWideRefusalMessage(t: Translate, reason: StoreWideRefusal): string {
  switch (reason) {
    case 'offline':
    case 'manager_refused':
    case 'settings_changed':
    case 'invalid':
    case 'failed':
      return t(`settings.refusal.${reason}`);
    default:
      return assertNever(reason, 'store-wide refusal');
  }
}

/**
 * Why a cashier's or manager's change was refused. The last active manager is a 409 like a
 * settings conflict, but it asks for another remedy, so it has its own words.
 */
export function staffRefusalMessage(
  t: Translate,
  outcome: { reason: StoreWideRefusal; serverCode: string | null },
): string {
  if (outcome.serverCode === 'last_active_manager') return t('settings.staff.lastActiveManager');
  return storeWideRefusalMessage(t, outcome.reason);
}
