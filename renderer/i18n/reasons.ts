// Every reason code the till can meet, turned into words for the cashier in one place. Each
// switch is exhaustive, so a new reason code added to the domain fails the type check here
// until it has a message.
import { assertNever } from '../../shared/assert.ts';
import type { PairTillOutcome, PrintFailure, ServerCheck } from '../../shared/host-api.ts';
import type { ParseMoneyFailure } from '../../shared/money-format.ts';
import { minorUnitsMax } from '../../shared/money.ts';
import {
  storeRuleCodes,
  type ErrorIssue,
  type PushRejectionReason,
  type StoreRuleCode,
} from '../../shared/protocol.ts';
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

/** How the till writes the amounts and tax rates a server's issue names. */
export interface IssueFormats {
  amount: (minor: number) => string;
  percent: (basisPoints: number) => string;
}

function isStoreRuleCode(code: string | undefined): code is StoreRuleCode {
  return code !== undefined && (storeRuleCodes as readonly string[]).includes(code);
}

function textParam(issue: ErrorIssue, name: string): string | undefined {
  const value = issue.params?.[name];
  return value === undefined ? undefined : String(value);
}

function integerParam(issue: ErrorIssue, name: string): number | undefined {
  const value = issue.params?.[name];
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : undefined;
}

function amountParam(issue: ErrorIssue, name: string): number | undefined {
  const value = integerParam(issue, name);
  return value !== undefined && Math.abs(value) <= minorUnitsMax ? value : undefined;
}

/**
 * A store rule the server refused a change for, in the till's words. A code this till does not
 * know (a newer server's rule), or one without the values its sentence needs, falls back to the
 * server's own message, framed as the server's so the cashier sees why it reads differently.
 */
export function storeRuleMessage(t: Translate, formats: IssueFormats, issue: ErrorIssue): string {
  const fallback = () => t('settings.problem.server', { message: issue.message });
  const { code } = issue;
  if (!isStoreRuleCode(code)) return fallback();
  switch (code) {
    case 'top_up_product_unknown':
    case 'offline_per_payment_above_per_customer':
    case 'method_kind_wallet_change':
    case 'wallet_method_requires_customer':
    case 'minimum_only_on_wallet':
    case 'price_negative':
    case 'wallet_credit_taxed':
    case 'wallet_credit_not_service':
    case 'top_up_product_must_stay_wallet_credit':
    case 'top_up_product_cannot_be_disabled':
    case 'staff_pin_required':
      return t(`settings.rule.${code}`);
    case 'top_up_product_disabled':
    case 'top_up_product_not_wallet_credit':
    case 'top_up_product_not_service': {
      const product = textParam(issue, 'product');
      return product === undefined ? fallback() : t(`settings.rule.${code}`, { product });
    }
    case 'top_up_product_taxed': {
      const product = textParam(issue, 'product');
      const basisPoints = integerParam(issue, 'taxRateBasisPoints');
      if (product === undefined || basisPoints === undefined) return fallback();
      return t('settings.rule.top_up_product_taxed', {
        product,
        rate: formats.percent(basisPoints),
      });
    }
    case 'currency_locked': {
      const currency = textParam(issue, 'currency');
      return currency === undefined ? fallback() : t('settings.rule.currency_locked', { currency });
    }
    case 'minimum_out_of_range': {
      const low = amountParam(issue, 'lowMinor');
      const high = amountParam(issue, 'highMinor');
      if (low === undefined || high === undefined) return fallback();
      return t('settings.rule.minimum_out_of_range', {
        low: formats.amount(low),
        high: formats.amount(high),
      });
    }
    case 'second_wallet_method': {
      const method = textParam(issue, 'method');
      return method === undefined
        ? fallback()
        : t('settings.rule.second_wallet_method', { method });
    }
    case 'staff_name_taken': {
      const name = textParam(issue, 'name');
      return name === undefined ? fallback() : t('settings.rule.staff_name_taken', { name });
    }
    default:
      return assertNever(code, 'store rule');
  }
}
