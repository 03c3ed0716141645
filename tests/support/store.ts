// A small store for tests: the three payment methods, the top-up product, two articles, a wallet
// user with a balance, a customer who is not a wallet user, a manager and a cashier (`testStaff`,
// whose PINs the browser tests type), and a till. Orders are built with `makeOrder` so each test
// states only what matters to it.
import type {
  Order,
  OrderLine,
  OrderPayment,
  Product,
  StaffMember,
  StaffRole,
} from '../../shared/domain.ts';
import { newId } from '../../shared/ids.ts';
import { lineTotalMinor } from '../../shared/order-math.ts';
import type { Ledger } from '../../server/ledger/ledger.ts';
import { defaultSettings } from '../../server/ledger/catalog.ts';

/** The staff every seeded store has, with the PINs they sign in with. */
export const testStaff = {
  manager: { name: 'Mona', pin: '2468' },
  cashier: { name: 'Camille', pin: '1357' },
} as const;

async function seedStaffMember(
  ledger: Ledger,
  person: { name: string; pin: string },
  role: StaffRole,
): Promise<StaffMember> {
  const saved = await ledger.saveStaffMember(newId(), { ...person, role, isActive: true });
  if (!saved.ok) throw new Error(`Seeding ${person.name} failed: ${saved.reason}`);
  return saved.member;
}

export async function seedStore(ledger: Ledger, options: { walletBalanceMinor?: number } = {}) {
  const cash = await ledger.createPaymentMethod({
    name: 'Espèces',
    kind: 'cash',
    minimumWalletMinor: 0,
    requiresCustomer: false,
    sortOrder: 1,
  });
  const card = await ledger.createPaymentMethod({
    name: 'Carte',
    kind: 'card',
    minimumWalletMinor: 0,
    requiresCustomer: false,
    sortOrder: 2,
  });
  const wallet = await ledger.createPaymentMethod({
    name: 'Portefeuille client',
    kind: 'wallet',
    minimumWalletMinor: 0,
    requiresCustomer: true,
    sortOrder: 3,
  });
  const topUp = await ledger.createProduct({
    name: 'Crédit de compte client',
    barcode: null,
    priceMinor: 100,
    taxRateBasisPoints: 0,
    isWalletCredit: true,
    isService: true,
  });
  const bread = await ledger.createProduct({
    name: 'Pain au levain',
    barcode: '5400000000017',
    priceMinor: 405,
    taxRateBasisPoints: 600,
    isWalletCredit: false,
    isService: false,
  });
  const soap = await ledger.createProduct({
    name: 'Savon',
    barcode: '5400000000024',
    priceMinor: 1250,
    taxRateBasisPoints: 2100,
    isWalletCredit: false,
    isService: false,
  });
  await ledger.saveSettings({ ...defaultSettings, walletTopUpProductId: topUp.id });
  const alice = await ledger.createCustomer({ name: 'Alice Dupont', isWalletUser: true });
  const bob = await ledger.createCustomer({ name: 'Bob Martin', isWalletUser: false });
  const balance = options.walletBalanceMinor ?? 10_000;
  if (balance !== 0) {
    await ledger.bookWalletTransfer({
      kind: 'bank_top_up',
      customerId: alice.id,
      amountMinor: balance,
      description: 'Opening balance',
    });
  }
  const staff = {
    manager: await seedStaffMember(ledger, testStaff.manager, 'manager'),
    cashier: await seedStaffMember(ledger, testStaff.cashier, 'cashier'),
  };
  const { till, token } = await ledger.createTill('Caisse 1');
  return { cash, card, wallet, topUp, bread, soap, alice, bob, staff, till, token };
}

export type SeededStore = Awaited<ReturnType<typeof seedStore>>;

export function line(product: Product, quantityMilli = 1000): OrderLine {
  return {
    productId: product.id,
    name: product.name,
    quantityMilli,
    unitPriceMinor: product.priceMinor,
    taxRateBasisPoints: product.taxRateBasisPoints,
    isWalletCredit: product.isWalletCredit,
    totalMinor: lineTotalMinor(product.priceMinor, quantityMilli),
  };
}

export function pay(method: { id: string; kind: OrderPayment['kind'] }, amountMinor: number) {
  return { methodId: method.id, kind: method.kind, amountMinor };
}

let sequenceCounter = 0;

export function makeOrder(overrides: Partial<Order> & Pick<Order, 'lines' | 'payments'>): Order {
  sequenceCounter += 1;
  return {
    id: newId(),
    sequence: sequenceCounter,
    currency: 'EUR',
    createdAt: new Date().toISOString(),
    customerId: null,
    cashierId: null,
    cashierName: 'Test',
    sessionId: null,
    changeGivenMinor: 0,
    changeToWalletMinor: 0,
    isOffline: false,
    walletAuthorizationId: null,
    refundOfOrderId: null,
    ...overrides,
  };
}
