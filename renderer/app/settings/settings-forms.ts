// The settings pane's forms as plain data: what a manager typed, checked field by field and
// turned into the one request each form sends. Amounts are typed in the store's locale and read
// with the same parser as the payment screen. The server checks everything again; these checks
// are there so that a manager sees every wrong field at once, in words, before anything is sent.
import type { DeviceSettingsInput, PrinterSettings } from '../../../shared/device-settings.ts';
import type {
  PaymentMethod,
  PaymentMethodKind,
  Product,
  StoreSettings,
} from '../../../shared/domain.ts';
import { toMinor, type CurrencyCode } from '../../../shared/money.ts';
import {
  parseMoney,
  type LocaleCode,
  type ParseMoneyFailure,
} from '../../../shared/money-format.ts';
import type { StoreSettingsInput } from '../../../shared/protocol.ts';

export type FieldProblem =
  | 'required'
  | 'not_a_whole_number'
  | 'out_of_range'
  | 'wallet_requires_customer'
  | 'top_up_unknown'
  | 'top_up_not_service'
  | 'top_up_taxed'
  | 'top_up_not_wallet_credit'
  | 'pin_format'
  | 'pin_mismatch'
  | `amount_${ParseMoneyFailure}`;

export type FieldProblems = Partial<Record<string, FieldProblem>>;

export type FormResult<T> = { ok: true; value: T } | { ok: false; problems: FieldProblems };

export interface AmountFormat {
  locale: LocaleCode;
  currency: CurrencyCode;
  format: (minor: number) => string;
}

function readAmount(
  text: string,
  amounts: AmountFormat,
  isNegativeAllowed: boolean,
): { minor: number } | { problem: FieldProblem } {
  const parsed = parseMoney(text, amounts.currency, {
    locale: amounts.locale,
    isNegativeAllowed,
  });
  if (!parsed.ok) return { problem: `amount_${parsed.reason}` };
  return { minor: toMinor(parsed.amount) };
}

function readWholeNumber(
  text: string,
  min: number,
  max: number,
): { value: number } | { problem: FieldProblem } {
  const trimmed = text.trim();
  if (trimmed === '') return { problem: 'required' };
  if (!/^\d+$/.test(trimmed)) return { problem: 'not_a_whole_number' };
  const value = Number(trimmed);
  if (value < min || value > max) return { problem: 'out_of_range' };
  return { value };
}

// Payment methods.

export interface MethodDraft {
  name: string;
  kind: PaymentMethodKind;
  minimumText: string;
  requiresCustomer: boolean;
  sortOrderText: string;
  isActive: boolean;
}

export function methodDraftOf(
  method: PaymentMethod | null,
  amounts: AmountFormat,
  nextSortOrder: number,
): MethodDraft {
  return {
    name: method?.name ?? '',
    kind: method?.kind ?? 'other',
    minimumText: amounts.format(method?.minimumWalletMinor ?? 0),
    requiresCustomer: method?.requiresCustomer ?? false,
    sortOrderText: String(method?.sortOrder ?? nextSortOrder),
    isActive: method?.isActive ?? true,
  };
}

export function methodFromDraft(
  draft: MethodDraft,
  amounts: AmountFormat,
): FormResult<Omit<PaymentMethod, 'id'>> {
  const problems: FieldProblems = {};
  const name = draft.name.trim();
  if (name === '') problems.name = 'required';

  // A negative minimum lets a wallet go into overdraft, down to that amount. Other methods have
  // no wallet, so no minimum: whatever the field held, they get 0.
  const minimum =
    draft.kind === 'wallet' ? readAmount(draft.minimumText, amounts, true) : { minor: 0 };
  if ('problem' in minimum) problems.minimumWalletMinor = minimum.problem;

  // The wallet method debits a customer's wallet: there is no wallet without a customer.
  if (draft.kind === 'wallet' && !draft.requiresCustomer) {
    problems.requiresCustomer = 'wallet_requires_customer';
  }

  const sortOrder = readWholeNumber(draft.sortOrderText, 0, 10_000);
  if ('problem' in sortOrder) problems.sortOrder = sortOrder.problem;

  if ('problem' in minimum || 'problem' in sortOrder || Object.keys(problems).length > 0) {
    return { ok: false, problems };
  }
  return {
    ok: true,
    value: {
      name,
      kind: draft.kind,
      minimumWalletMinor: minimum.minor,
      requiresCustomer: draft.requiresCustomer,
      sortOrder: sortOrder.value,
      isActive: draft.isActive,
    },
  };
}

// The store-wide settings form: one request for the whole of it.

export interface StoreDraft {
  storeName: string;
  locale: LocaleCode;
  currency: CurrencyCode;
  walletTopUpProductId: string | null;
  perPaymentMaxText: string;
  perCustomerMaxText: string;
  cachedBalanceMaxAgeText: string;
  walletHoldMinutes: number;
  receiptHeader: string;
  receiptFooter: string;
}

export function storeDraftOf(settings: StoreSettings, amounts: AmountFormat): StoreDraft {
  const limits = settings.offlineWalletLimits;
  return {
    storeName: settings.storeName,
    locale: settings.locale,
    currency: settings.currency,
    walletTopUpProductId: settings.walletTopUpProductId,
    perPaymentMaxText: amounts.format(limits.perPaymentMaxMinor),
    perCustomerMaxText: amounts.format(limits.perCustomerMaxMinor),
    cachedBalanceMaxAgeText: String(limits.cachedBalanceMaxAgeMinutes),
    walletHoldMinutes: settings.walletHoldMinutes,
    receiptHeader: settings.receiptHeader ?? '',
    receiptFooter: settings.receiptFooter ?? '',
  };
}

/** Why a product cannot be the wallet top-up product, or null when it can. */
export function topUpProductProblem(product: Product | undefined): FieldProblem | null {
  if (!product) return 'top_up_unknown';
  if (!product.isWalletCredit) return 'top_up_not_wallet_credit';
  if (!product.isService) return 'top_up_not_service';
  if (product.taxRateBasisPoints !== 0) return 'top_up_taxed';
  return null;
}

export const receiptTextMax = 500;

export function storeSettingsFromDraft(
  draft: StoreDraft,
  amounts: AmountFormat,
  products: readonly Product[],
): FormResult<StoreSettingsInput> {
  const problems: FieldProblems = {};
  const storeName = draft.storeName.trim();
  if (storeName === '') problems.storeName = 'required';

  if (draft.walletTopUpProductId !== null) {
    const product = products.find((candidate) => candidate.id === draft.walletTopUpProductId);
    const problem = topUpProductProblem(product);
    if (problem) problems.walletTopUpProductId = problem;
  }

  const perPayment = readAmount(draft.perPaymentMaxText, amounts, false);
  if ('problem' in perPayment) problems.perPaymentMaxMinor = perPayment.problem;
  const perCustomer = readAmount(draft.perCustomerMaxText, amounts, false);
  if ('problem' in perCustomer) problems.perCustomerMaxMinor = perCustomer.problem;
  const maxAge = readWholeNumber(draft.cachedBalanceMaxAgeText, 0, 60 * 24 * 30);
  if ('problem' in maxAge) problems.cachedBalanceMaxAgeMinutes = maxAge.problem;

  if (draft.receiptHeader.length > receiptTextMax) problems.receiptHeader = 'out_of_range';
  if (draft.receiptFooter.length > receiptTextMax) problems.receiptFooter = 'out_of_range';

  if (
    'problem' in perPayment ||
    'problem' in perCustomer ||
    'problem' in maxAge ||
    Object.keys(problems).length > 0
  ) {
    return { ok: false, problems };
  }
  return {
    ok: true,
    value: {
      storeName,
      locale: draft.locale,
      currency: draft.currency,
      walletTopUpProductId: draft.walletTopUpProductId,
      offlineWalletLimits: {
        perPaymentMaxMinor: perPayment.minor,
        perCustomerMaxMinor: perCustomer.minor,
        cachedBalanceMaxAgeMinutes: maxAge.value,
      },
      walletHoldMinutes: draft.walletHoldMinutes,
      receiptHeader: draft.receiptHeader,
      receiptFooter: draft.receiptFooter,
    },
  };
}

/** A new wallet top-up product as the pane creates it: a service with no tax, 1 unit = 1. */
export function newTopUpProduct(name: string): FormResult<Omit<Product, 'id'>> {
  const trimmed = name.trim();
  if (trimmed === '') return { ok: false, problems: { topUpName: 'required' } };
  return {
    ok: true,
    value: {
      name: trimmed,
      barcode: null,
      priceMinor: 100,
      taxRateBasisPoints: 0,
      isWalletCredit: true,
      isService: true,
      isActive: true,
    },
  };
}

// This till's device settings.

export interface DeviceDraft {
  transport: PrinterSettings['transport'];
  host: string;
  portText: string;
  devicePath: string;
  paperColumns: 32 | 48;
  drawerPin: 2 | 5 | null;
  language: DeviceSettingsInput['language'];
  lockAfterIdleText: string;
}

export function deviceDraftOf(settings: DeviceSettingsInput): DeviceDraft {
  const printer = settings.printer;
  return {
    transport: printer.transport,
    host: printer.transport === 'tcp' ? printer.host : '',
    portText: printer.transport === 'tcp' ? String(printer.port) : '9100',
    devicePath:
      printer.transport === 'usb' || printer.transport === 'serial' ? printer.devicePath : '',
    paperColumns: settings.paperColumns,
    drawerPin: settings.drawerPin,
    language: settings.language,
    lockAfterIdleText: String(settings.lockAfterIdleMinutes),
  };
}

const devicePathPatterns = {
  usb: /^\/dev\/usb\/lp\d+$/,
  serial: /^\/dev\/tty(S|USB|ACM)\d+$/,
};

export function deviceSettingsFromDraft(
  draft: DeviceDraft,
  current: DeviceSettingsInput,
): FormResult<DeviceSettingsInput> {
  const problems: FieldProblems = {};
  let printer: PrinterSettings = { transport: 'none' };
  if (draft.transport === 'tcp') {
    const host = draft.host.trim();
    if (host === '') problems.host = 'required';
    const port = readWholeNumber(draft.portText, 1, 65_535);
    if ('problem' in port) problems.port = port.problem;
    else printer = { transport: 'tcp', host, port: port.value };
  } else if (draft.transport === 'usb' || draft.transport === 'serial') {
    const devicePath = draft.devicePath.trim();
    if (!devicePathPatterns[draft.transport].test(devicePath)) problems.devicePath = 'out_of_range';
    printer = { transport: draft.transport, devicePath };
  }
  const lock = readWholeNumber(draft.lockAfterIdleText, 1, 240);
  if ('problem' in lock) problems.lockAfterIdleMinutes = lock.problem;

  if ('problem' in lock || Object.keys(problems).length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      ...current,
      printer,
      paperColumns: draft.paperColumns,
      drawerPin: draft.drawerPin,
      language: draft.language,
      lockAfterIdleMinutes: lock.value,
    },
  };
}

/** A field name from a server issue's path ("settings.offlineWalletLimits.perPaymentMaxMinor"). */
export function fieldOfIssuePath(path: string): string {
  return path.split('.').filter(Boolean).at(-1) ?? '';
}
