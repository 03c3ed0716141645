// The settings pane's forms: what a manager types is checked field by field and becomes one
// request, or a list of every wrong field and no request at all. Amounts are read in the
// store's locale by the payment screen's own parser.
import { describe, expect, it } from 'vitest';
import {
  deviceDraftOf,
  deviceSettingsFromDraft,
  fieldOfIssuePath,
  methodDraftOf,
  methodFromDraft,
  newTopUpProduct,
  storeDraftOf,
  storeSettingsFromDraft,
  topUpProductProblem,
  type AmountFormat,
  type MethodDraft,
} from '../../renderer/app/settings/settings-forms.ts';
import type { DeviceSettingsInput } from '../../shared/device-settings.ts';
import type { PaymentMethod, Product, StoreSettings } from '../../shared/domain.ts';
import { money } from '../../shared/money.ts';
import { formatMoney } from '../../shared/money-format.ts';

const belgian: AmountFormat = {
  locale: 'fr-BE',
  currency: 'EUR',
  format: (minor) => formatMoney(money(minor, 'EUR'), 'fr-BE'),
};
const english: AmountFormat = {
  locale: 'en',
  currency: 'EUR',
  format: (minor) => formatMoney(money(minor, 'EUR'), 'en'),
};

const wallet: PaymentMethod = {
  id: '0199a1b2-0000-7000-8000-000000000003',
  name: 'Portefeuille',
  kind: 'wallet',
  minimumWalletMinor: -500,
  requiresCustomer: true,
  sortOrder: 3,
  isActive: true,
};

function product(overrides: Partial<Product>): Product {
  return {
    id: '0199a1b2-0000-7000-8000-000000000010',
    name: 'Recharge',
    barcode: null,
    priceMinor: 100,
    taxRateBasisPoints: 0,
    isWalletCredit: true,
    isService: true,
    isActive: true,
    ...overrides,
  };
}

const settings: StoreSettings = {
  version: 4,
  storeName: 'Épicerie',
  currency: 'EUR',
  locale: 'fr-BE',
  walletTopUpProductId: null,
  offlineWalletLimits: {
    perPaymentMaxMinor: 5_000,
    perCustomerMaxMinor: 10_000,
    cachedBalanceMaxAgeMinutes: 1_440,
  },
  walletHoldMinutes: 15,
  receiptHeader: '',
  receiptFooter: '',
};

describe('the payment method form', () => {
  it('round-trips a method through its draft, overdraft minimum included', () => {
    const draft = methodDraftOf(wallet, belgian, 9);
    expect(draft.minimumText).toMatch(/^-5,00/);
    expect(methodFromDraft(draft, belgian)).toEqual({
      ok: true,
      value: {
        name: wallet.name,
        kind: 'wallet',
        minimumWalletMinor: -500,
        requiresCustomer: true,
        sortOrder: 3,
        isActive: true,
      },
    });
  });

  it.each([
    ['douze', 'fr-BE', 'amount_not_a_number'],
    ['', 'fr-BE', 'amount_empty'],
    ['1,234', 'fr-BE', 'amount_too_many_decimals'],
    ['12,345', 'fr-BE', 'amount_too_many_decimals'],
    ['1.5.5', 'en', 'amount_not_a_number'],
    ['99999999999', 'fr-BE', 'amount_too_large'],
  ] as const)('refuses the minimum %j in %s as %s', (text, locale, problem) => {
    const amounts = locale === 'en' ? english : belgian;
    const draft: MethodDraft = { ...methodDraftOf(wallet, amounts, 1), minimumText: text };
    expect(methodFromDraft(draft, amounts)).toEqual({
      ok: false,
      problems: { minimumWalletMinor: problem },
    });
  });

  it('reads the minimum in the store locale', () => {
    const draft = { ...methodDraftOf(wallet, english, 1), minimumText: '1,234.50' };
    expect(methodFromDraft(draft, english)).toMatchObject({
      ok: true,
      value: { minimumWalletMinor: 123_450 },
    });
  });

  it('lists every wrong field at once: no name, a wallet without a customer, a bad order', () => {
    const draft: MethodDraft = {
      ...methodDraftOf(wallet, belgian, 1),
      name: '  ',
      requiresCustomer: false,
      sortOrderText: '2.5',
    };
    expect(methodFromDraft(draft, belgian)).toEqual({
      ok: false,
      problems: {
        name: 'required',
        requiresCustomer: 'wallet_requires_customer',
        sortOrder: 'not_a_whole_number',
      },
    });
  });

  it('gives a method that is not the wallet no minimum, whatever was typed', () => {
    const draft: MethodDraft = {
      ...methodDraftOf(null, belgian, 4),
      name: 'Chèque-repas',
      minimumText: 'n’importe quoi',
    };
    expect(methodFromDraft(draft, belgian)).toEqual({
      ok: true,
      value: {
        name: 'Chèque-repas',
        kind: 'other',
        minimumWalletMinor: 0,
        requiresCustomer: false,
        sortOrder: 4,
        isActive: true,
      },
    });
  });
});

describe('the store settings form', () => {
  const topUp = product({});

  it('round-trips the settings through the draft', () => {
    const chosen = { ...settings, walletTopUpProductId: topUp.id };
    const draft = storeDraftOf(chosen, belgian);
    const result = storeSettingsFromDraft(draft, belgian, [topUp]);
    expect(result).toEqual({ ok: true, value: expect.any(Object) as unknown });
    expect({ ...(result.ok ? result.value : {}), version: settings.version }).toEqual(chosen);
  });

  it.each([
    ['a taxed product', product({ taxRateBasisPoints: 600 }), 'top_up_taxed'],
    ['a stocked product', product({ isService: false }), 'top_up_not_service'],
    [
      'a product that credits no wallet',
      product({ isWalletCredit: false }),
      'top_up_not_wallet_credit',
    ],
    ['an unknown product', undefined, 'top_up_unknown'],
  ] as const)('refuses %s as the top-up product', (_title, candidate, problem) => {
    expect(topUpProductProblem(candidate)).toBe(problem);
    const draft = { ...storeDraftOf(settings, belgian), walletTopUpProductId: topUp.id };
    expect(storeSettingsFromDraft(draft, belgian, candidate ? [candidate] : [])).toEqual({
      ok: false,
      problems: { walletTopUpProductId: problem },
    });
  });

  it('refuses negative limits, an age that is not minutes and overlong receipt texts', () => {
    const draft = {
      ...storeDraftOf(settings, belgian),
      perPaymentMaxText: '-1',
      perCustomerMaxText: 'beaucoup',
      cachedBalanceMaxAgeText: '1e3',
      receiptFooter: 'x'.repeat(501),
    };
    expect(storeSettingsFromDraft(draft, belgian, [])).toEqual({
      ok: false,
      problems: {
        perPaymentMaxMinor: 'amount_negative',
        perCustomerMaxMinor: 'amount_not_a_number',
        cachedBalanceMaxAgeMinutes: 'not_a_whole_number',
        receiptFooter: 'out_of_range',
      },
    });
  });

  it('makes a top-up product that is a service with no tax, crediting 1 for 1', () => {
    expect(newTopUpProduct('  Recharge  ')).toEqual({
      ok: true,
      value: {
        name: 'Recharge',
        barcode: null,
        priceMinor: 100,
        taxRateBasisPoints: 0,
        isWalletCredit: true,
        isService: true,
        isActive: true,
      },
    });
    expect(newTopUpProduct(' ')).toEqual({ ok: false, problems: { topUpName: 'required' } });
  });
});

describe('the device settings form', () => {
  const current: DeviceSettingsInput = {
    printer: { transport: 'none' },
    paperColumns: 48,
    codePage: 'cp858',
    drawerPin: 2,
    language: 'fr',
    lockAfterIdleMinutes: 5,
    disabledMethodIds: ['0199a1b2-0000-7000-8000-000000000002'],
  };

  it('builds a network printer and keeps the methods left out here', () => {
    const draft = { ...deviceDraftOf(current), transport: 'tcp' as const, host: ' 10.0.0.9 ' };
    expect(deviceSettingsFromDraft(draft, current)).toEqual({
      ok: true,
      value: { ...current, printer: { transport: 'tcp', host: '10.0.0.9', port: 9100 } },
    });
  });

  it.each([
    [{ transport: 'tcp' as const, host: '', portText: '9100' }, { host: 'required' }],
    [{ transport: 'tcp' as const, host: 'p', portText: '70000' }, { port: 'out_of_range' }],
    [{ transport: 'usb' as const, devicePath: '/dev/sda' }, { devicePath: 'out_of_range' }],
    [{ transport: 'serial' as const, devicePath: '/dev/usb/lp0' }, { devicePath: 'out_of_range' }],
    [{ lockAfterIdleText: '0' }, { lockAfterIdleMinutes: 'out_of_range' }],
    [{ lockAfterIdleText: 'cinq' }, { lockAfterIdleMinutes: 'not_a_whole_number' }],
  ])('refuses %j', (change, problems) => {
    const draft = { ...deviceDraftOf(current), ...change };
    expect(deviceSettingsFromDraft(draft, current)).toEqual({ ok: false, problems });
  });
});

it('names the field of a server issue by the last part of its path', () => {
  expect(fieldOfIssuePath('settings.offlineWalletLimits.perPaymentMaxMinor')).toBe(
    'perPaymentMaxMinor',
  );
  expect(fieldOfIssuePath('method.requiresCustomer')).toBe('requiresCustomer');
  expect(fieldOfIssuePath('')).toBe('');
});
