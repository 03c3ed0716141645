// Store-wide changes a manager makes from a till: the settings, a payment method, a product, a
// staff member. Each one is checked against the whole store as it would be after the change, and
// is written together with its audit row in one transaction, or not at all. The manager's
// credentials are checked by the caller (verifyManager) before the slow PIN hash, and checked
// again inside the transaction. Every write stamps a change number, so the other tills pull it
// after their next poke.
import type { PaymentMethod, Product, StaffMember, StoreSettings } from '../../shared/domain.ts';
import { money } from '../../shared/money.ts';
import { formatMoney } from '../../shared/money-format.ts';
import { hashPin } from '../../shared/pin.ts';
import type { IssueParams, StoreRuleCode, StoreSettingsInput } from '../../shared/protocol.ts';
import { recordAudit } from '../backoffice/audit.ts';
import { one, type Sql } from '../storage/database.ts';
import {
  readPaymentMethods,
  readProduct,
  readSettings,
  upsertPaymentMethod,
  upsertProduct,
  writeSettings,
} from './catalog.ts';
import { reserveChangeSeqs, type LedgerContext } from './context.ts';
import {
  describeStaffChange,
  isStillManager,
  writeStaffMember,
  type StaffChange,
} from './staff.ts';
import type { Till } from './tills.ts';

/** A wallet minimum further than this from zero is a typing mistake, not a store's policy. */
export const minimumWalletMinorBound = 100_000;

/** A broken rule: the field, the rule's code, the values its sentence names, and that sentence. */
export interface Issue {
  path: string;
  code: StoreRuleCode;
  params?: IssueParams;
  message: string;
}

export type WriteRefusal =
  /** The change breaks a rule of the store; `issues` says which fields and why. */
  | { code: 'invalid_change'; message: string; issues: Issue[] }
  | { code: 'settings_changed'; message: string; currentVersion: number }
  | { code: 'last_active_manager'; message: string }
  /** The manager was disabled, demoted or given another PIN since the check. */
  | { code: 'not_a_manager'; message: string };

export type WriteResult<T> = { ok: true; value: T } | { ok: false; refusal: WriteRefusal };

/** Who asked, as the audit trail names them. */
export interface ManagerAtTill {
  manager: StaffMember;
  till: Till;
}

class Refused extends Error {
  constructor(readonly refusal: WriteRefusal) {
    super(refusal.message);
  }
}

function invalid(issues: Issue[]): Refused {
  const first = issues[0];
  const message = first ? `${first.path}: ${first.message}` : 'The change is not valid.';
  return new Refused({ code: 'invalid_change', message, issues });
}

const managerGone: WriteRefusal = {
  code: 'not_a_manager',
  message: 'This staff member is no longer an active manager; nothing was saved.',
};

/**
 * Runs a manager's write: the refusals are thrown inside the transaction so that nothing of it
 * is kept, and come back as values. The change number is reserved before anything is checked:
 * every change to what the tills pull takes that lock, so no other change can commit between the
 * checks and the write (on PostgreSQL; SQLite's write lock already does it). These writes lock
 * no account, so taking it first keeps the one lock order.
 */
async function managerWrite<T>(
  context: LedgerContext,
  who: ManagerAtTill,
  work: (sql: Sql, seq: number, at: string) => Promise<T>,
): Promise<WriteResult<T>> {
  const at = context.now().toISOString();
  try {
    const done = await context.database.write(async (sql) => {
      const seq = await reserveChangeSeqs(sql, 1);
      if (!(await isStillManager(sql, who.manager))) throw new Refused(managerGone);
      return { value: await work(sql, seq, at), seq };
    });
    context.notifyChange(done.seq);
    return { ok: true, value: done.value };
  } catch (error) {
    if (error instanceof Refused) return { ok: false, refusal: error.refusal };
    throw error;
  }
}

async function audit(
  sql: Sql,
  who: ManagerAtTill,
  at: string,
  entry: { action: string; targetKind: string; targetId: string | null; detail: string },
) {
  await recordAudit(sql, {
    actor: { userId: null, name: `${who.manager.name} (${who.till.name})` },
    action: entry.action,
    targetKind: entry.targetKind,
    targetId: entry.targetId,
    detail:
      `${entry.detail}; manager ${who.manager.name} (${who.manager.id}) ` +
      `at till ${who.till.name} (${who.till.id})`,
    occurredAt: at,
  });
}

async function hasAnyTransaction(sql: Sql): Promise<boolean> {
  return (await one(sql, 'SELECT id FROM transactions LIMIT 1')) !== undefined;
}

type TopUpProductIssue = Omit<Issue, 'path'>;

function topUpProductIssues(product: Product | null): TopUpProductIssue[] {
  if (!product) return [{ code: 'top_up_product_unknown', message: 'No product has this id.' }];
  const problems: TopUpProductIssue[] = [];
  const params = { product: product.name };
  const named = `The wallet top-up product "${product.name}"`;
  if (!product.isActive) {
    problems.push({ code: 'top_up_product_disabled', params, message: `${named} is disabled.` });
  }
  if (!product.isWalletCredit) {
    problems.push({
      code: 'top_up_product_not_wallet_credit',
      params,
      message: `${named} is not a wallet credit.`,
    });
  }
  if (!product.isService) {
    problems.push({
      code: 'top_up_product_not_service',
      params,
      message: `${named} is not a service.`,
    });
  }
  if (product.taxRateBasisPoints !== 0) {
    const percent = product.taxRateBasisPoints / 100;
    problems.push({
      code: 'top_up_product_taxed',
      params: { ...params, taxRateBasisPoints: product.taxRateBasisPoints },
      message: `${named} is taxed at ${percent}%; it must have no tax.`,
    });
  }
  return problems;
}

async function settingsIssues(
  sql: Sql,
  current: StoreSettings,
  settings: StoreSettingsInput,
): Promise<Issue[]> {
  const issues: Issue[] = [];
  if (settings.walletTopUpProductId !== null) {
    const product = await readProduct(sql, settings.walletTopUpProductId);
    for (const issue of topUpProductIssues(product)) {
      issues.push({ path: 'settings.walletTopUpProductId', ...issue });
    }
  }
  const limits = settings.offlineWalletLimits;
  if (limits.perPaymentMaxMinor > limits.perCustomerMaxMinor) {
    issues.push({
      path: 'settings.offlineWalletLimits.perPaymentMaxMinor',
      code: 'offline_per_payment_above_per_customer',
      message: 'The offline limit per payment cannot be above the offline limit per customer.',
    });
  }
  if (settings.currency !== current.currency && (await hasAnyTransaction(sql))) {
    issues.push({
      path: 'settings.currency',
      code: 'currency_locked',
      params: { currency: current.currency },
      message:
        `The currency cannot change once the ledger holds transactions: every amount booked ` +
        `is in ${current.currency}.`,
    });
  }
  return issues;
}

/** Saves the store settings over the version the manager edited, never over a newer one. */
export function saveStoreSettings(
  context: LedgerContext,
  who: ManagerAtTill,
  expectedVersion: number,
  settings: StoreSettingsInput,
): Promise<WriteResult<StoreSettings>> {
  return managerWrite(context, who, async (sql, seq, at) => {
    const current = await readSettings(sql);
    if (current.version !== expectedVersion) {
      throw new Refused({
        code: 'settings_changed',
        message:
          `The store settings were changed elsewhere (version ${current.version}, this change ` +
          `was made on version ${expectedVersion}); reload them and make the change again.`,
        currentVersion: current.version,
      });
    }
    const issues = await settingsIssues(sql, current, settings);
    if (issues.length > 0) throw invalid(issues);

    const saved = await writeSettings(sql, settings, seq, at);
    const changed = (Object.keys(settings) as (keyof StoreSettingsInput)[]).filter(
      (key) => JSON.stringify(settings[key]) !== JSON.stringify(current[key]),
    );
    await audit(sql, who, at, {
      action: 'store_settings_changed',
      targetKind: 'settings',
      targetId: null,
      detail:
        `version ${saved.version}, changed: ` +
        `${changed.length > 0 ? changed.join(', ') : 'nothing'}`,
    });
    return saved;
  });
}

function describeMinimum(minor: number, settings: StoreSettings): string {
  return formatMoney(money(minor, settings.currency), 'en');
}

function isWalletMethod(method: PaymentMethod): boolean {
  return method.kind === 'wallet';
}

function paymentMethodIssues(
  method: PaymentMethod,
  previous: PaymentMethod | undefined,
  others: readonly PaymentMethod[],
  settings: StoreSettings,
): Issue[] {
  const issues: Issue[] = [];
  const isWallet = isWalletMethod(method);
  if (previous && isWalletMethod(previous) !== isWallet) {
    issues.push({
      path: 'method.kind',
      code: 'method_kind_wallet_change',
      message:
        'A payment method cannot become the wallet or stop being it: its payments are booked ' +
        'differently. Make a new method instead.',
    });
  }
  if (isWallet && !method.requiresCustomer) {
    issues.push({
      path: 'method.requiresCustomer',
      code: 'wallet_method_requires_customer',
      message: 'The wallet method must require a customer: it pays from their wallet.',
    });
  }
  if (!isWallet && method.minimumWalletMinor !== 0) {
    issues.push({
      path: 'method.minimumWalletMinor',
      code: 'minimum_only_on_wallet',
      message: 'Only the wallet method has a minimum wallet amount; it must be 0 here.',
    });
  }
  if (isWallet && Math.abs(method.minimumWalletMinor) > minimumWalletMinorBound) {
    const low = describeMinimum(-minimumWalletMinorBound, settings);
    const high = describeMinimum(minimumWalletMinorBound, settings);
    issues.push({
      path: 'method.minimumWalletMinor',
      code: 'minimum_out_of_range',
      params: {
        lowMinor: -minimumWalletMinorBound,
        highMinor: minimumWalletMinorBound,
        currency: settings.currency,
      },
      message: `The minimum wallet amount must be between ${low} and ${high}.`,
    });
  }
  const otherWallet = others.find((other) => other.kind === 'wallet' && other.isActive);
  if (isWallet && method.isActive && otherWallet) {
    issues.push({
      path: 'method.isActive',
      code: 'second_wallet_method',
      params: { method: otherWallet.name },
      message:
        `"${otherWallet.name}" is already the active wallet method; there can be only one. ` +
        'Disable it first.',
    });
  }
  return issues;
}

/**
 * Creates or replaces one payment method. Disabling the only wallet method is allowed: the tills
 * then take no wallet payment, while balances stay and top-ups can still be sold.
 */
export function savePaymentMethod(
  context: LedgerContext,
  who: ManagerAtTill,
  id: string,
  input: Omit<PaymentMethod, 'id'>,
): Promise<WriteResult<PaymentMethod>> {
  const method: PaymentMethod = { ...input, id };
  return managerWrite(context, who, async (sql, seq, at) => {
    const methods = await readPaymentMethods(sql);
    const previous = methods.find((candidate) => candidate.id === id);
    const others = methods.filter((candidate) => candidate.id !== id);
    const issues = paymentMethodIssues(method, previous, others, await readSettings(sql));
    if (issues.length > 0) throw invalid(issues);

    await upsertPaymentMethod(sql, method, seq, at);
    await audit(sql, who, at, {
      action: 'payment_method_saved',
      targetKind: 'payment_method',
      targetId: id,
      detail:
        `${previous ? 'changed' : 'created'} "${method.name}" (${method.kind}, ` +
        `${method.isActive ? 'active' : 'disabled'}` +
        `${isWalletMethod(method) ? `, minimum ${method.minimumWalletMinor}` : ''})`,
    });
    return method;
  });
}

function productIssues(product: Product, isTopUpProduct: boolean): Issue[] {
  const issues: Issue[] = [];
  if (product.priceMinor < 0) {
    issues.push({
      path: 'product.priceMinor',
      code: 'price_negative',
      message: 'A price cannot be negative.',
    });
  }
  if (product.isWalletCredit && product.taxRateBasisPoints !== 0) {
    issues.push({
      path: 'product.taxRateBasisPoints',
      code: 'wallet_credit_taxed',
      message: 'A wallet credit has no tax: the tax is due when the wallet is spent on goods.',
    });
  }
  if (product.isWalletCredit && !product.isService) {
    issues.push({
      path: 'product.isService',
      code: 'wallet_credit_not_service',
      message: 'A wallet credit is a service: there is no stock of it.',
    });
  }
  if (isTopUpProduct && !product.isWalletCredit) {
    issues.push({
      path: 'product.isWalletCredit',
      code: 'top_up_product_must_stay_wallet_credit',
      message: 'This is the wallet top-up product: it must stay a wallet credit.',
    });
  }
  if (isTopUpProduct && !product.isActive) {
    issues.push({
      path: 'product.isActive',
      code: 'top_up_product_cannot_be_disabled',
      message:
        'This is the wallet top-up product: choose another one in the store settings before ' +
        'disabling it.',
    });
  }
  return issues;
}

/** Creates or replaces one product, such as the wallet top-up product made at the till. */
export function saveProduct(
  context: LedgerContext,
  who: ManagerAtTill,
  id: string,
  input: Omit<Product, 'id'>,
): Promise<WriteResult<Product>> {
  const product: Product = { ...input, id };
  return managerWrite(context, who, async (sql, seq, at) => {
    const previous = await readProduct(sql, id);
    const settings = await readSettings(sql);
    const issues = productIssues(product, settings.walletTopUpProductId === id);
    if (issues.length > 0) throw invalid(issues);

    await upsertProduct(sql, product, seq, at);
    await audit(sql, who, at, {
      action: 'product_saved',
      targetKind: 'product',
      targetId: id,
      detail: `${previous ? 'changed' : 'created'} "${product.name}"`,
    });
    return product;
  });
}

/** Creates or changes one staff member; a null PIN keeps the current one. */
export async function saveStaff(
  context: LedgerContext,
  who: ManagerAtTill,
  id: string,
  change: StaffChange,
): Promise<WriteResult<StaffMember>> {
  // The slow hash is made before the transaction, so it never holds the write lock.
  const pinHash = change.pin === null ? null : await hashPin(change.pin);
  return managerWrite(context, who, async (sql, seq, at) => {
    const result = await writeStaffMember(sql, id, { ...change, pinHash }, seq, at);
    if (!result.ok) {
      switch (result.reason) {
        case 'pin_required':
          throw invalid([
            {
              path: 'member.pin',
              code: 'staff_pin_required',
              message: 'A new staff member needs a PIN.',
            },
          ]);
        case 'staff_name_taken':
          throw invalid([
            {
              path: 'member.name',
              code: 'staff_name_taken',
              params: { name: change.name.trim() },
              message: `Another active staff member is already called "${change.name.trim()}".`,
            },
          ]);
        case 'last_active_manager':
          throw new Refused({
            code: 'last_active_manager',
            message:
              'This is the last active manager: make someone else a manager before disabling ' +
              'them or making them a cashier.',
          });
      }
    }
    await audit(sql, who, at, {
      action: 'staff_saved',
      targetKind: 'staff',
      targetId: id,
      detail: describeStaffChange(result, change.pin !== null),
    });
    return result.member;
  });
}
