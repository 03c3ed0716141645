// Reference data the tills pull: customers and households with their wallets, products, payment
// methods and the store settings. Each write stamps the row with a fresh change number so the
// tills' next pull picks it up.
import type {
  Customer,
  Household,
  PaymentMethod,
  Product,
  StoreSettings,
} from '../../shared/domain.ts';
import { storeSettingsSchema } from '../../shared/domain.ts';
import { newId } from '../../shared/ids.ts';
import { asBoolean, asNumber, one, type Sql } from '../storage/database.ts';
import { createWalletAccount } from './accounts.ts';
import { reserveChangeSeqs, type LedgerContext } from './context.ts';

export const defaultSettings: Omit<StoreSettings, 'version'> = {
  storeName: 'Caisse',
  currency: 'EUR',
  locale: 'fr-BE',
  walletTopUpProductId: null,
  offlineWalletLimits: {
    perPaymentMaxMinor: 5_000,
    perCustomerMaxMinor: 10_000,
    cachedBalanceMaxAgeMinutes: 24 * 60,
  },
  walletHoldMinutes: 15,
  receiptHeader: '',
  receiptFooter: '',
};

export interface CustomerRow extends Record<string, unknown> {
  id: string;
  name: string;
  email: string | null;
  card_barcode: string | null;
  household_id: string | null;
  wallet_id: string;
  is_wallet_user: unknown;
  is_active: unknown;
  balance_minor: unknown;
  change_seq: unknown;
}

export const customerColumns =
  'c.id, c.name, c.email, c.card_barcode, c.household_id, c.wallet_id, c.is_wallet_user, ' +
  'c.is_active, a.balance_minor, c.change_seq';

export function toCustomer(row: CustomerRow): Customer {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    cardBarcode: row.card_barcode,
    householdId: row.household_id,
    walletId: row.wallet_id,
    isWalletUser: asBoolean(row.is_wallet_user),
    isActive: asBoolean(row.is_active),
    walletBalanceMinor: asNumber(row.balance_minor),
  };
}

export async function readCustomer(sql: Sql, id: string): Promise<Customer | null> {
  const row = await one<CustomerRow>(
    sql,
    `SELECT ${customerColumns} FROM customers c JOIN accounts a ON a.id = c.wallet_id ` +
      'WHERE c.id = ?',
    [id],
  );
  return row ? toCustomer(row) : null;
}

export function toProduct(row: Record<string, unknown>): Product {
  return {
    id: row.id as string,
    name: row.name as string,
    barcode: row.barcode as string | null,
    priceMinor: asNumber(row.price_minor),
    taxRateBasisPoints: asNumber(row.tax_rate_bp),
    isWalletCredit: asBoolean(row.is_wallet_credit),
    isService: asBoolean(row.is_service),
    isActive: asBoolean(row.is_active),
  };
}

export function toPaymentMethod(row: Record<string, unknown>): PaymentMethod {
  return {
    id: row.id as string,
    name: row.name as string,
    kind: row.kind as PaymentMethod['kind'],
    minimumWalletMinor: asNumber(row.minimum_wallet_minor),
    requiresCustomer: asBoolean(row.requires_customer),
    sortOrder: asNumber(row.sort_order),
    isActive: asBoolean(row.is_active),
  };
}

export function toHousehold(row: Record<string, unknown>): Household {
  return { id: row.id as string, name: row.name as string };
}

export async function readSettings(sql: Sql): Promise<StoreSettings> {
  const row = await one<{ body: string; version: unknown }>(
    sql,
    'SELECT body, version FROM store_settings WHERE id = 1',
  );
  if (!row) return { ...defaultSettings, version: 0 };
  return storeSettingsSchema.parse({ ...JSON.parse(row.body), version: asNumber(row.version) });
}

/** Saves the store settings as the next version, which every till pulls. */
export async function saveSettings(
  context: LedgerContext,
  settings: Omit<StoreSettings, 'version'>,
): Promise<StoreSettings> {
  const saved = await context.database.write(async (sql) => {
    const seq = await reserveChangeSeqs(sql, 1);
    return { settings: await writeSettings(sql, settings, seq, context.now().toISOString()), seq };
  });
  context.notifyChange(saved.seq);
  return saved.settings;
}

/** Writes the next version of the settings inside the caller's transaction, stamped `seq`. */
export async function writeSettings(
  sql: Sql,
  settings: Omit<StoreSettings, 'version'>,
  seq: number,
  at: string,
): Promise<StoreSettings> {
  const current = await readSettings(sql);
  const parsed = storeSettingsSchema.parse({ ...settings, version: current.version + 1 });
  await sql.run(
    'INSERT INTO store_settings (id, version, body, change_seq, updated_at) VALUES (1, ?, ?, ?, ?) ' +
      'ON CONFLICT (id) DO UPDATE SET version = excluded.version, body = excluded.body, ' +
      'change_seq = excluded.change_seq, updated_at = excluded.updated_at',
    [parsed.version, JSON.stringify(parsed), seq, at],
  );
  return parsed;
}

export interface NewHousehold {
  id?: string;
  name: string;
}

export async function createHousehold(context: LedgerContext, input: NewHousehold) {
  const id = input.id ?? newId();
  const walletId = newId();
  const now = context.now().toISOString();
  const seq = await context.database.write(async (sql) => {
    await createWalletAccount(sql, walletId, input.name, now);
    const seq = await reserveChangeSeqs(sql, 1);
    await sql.run(
      'INSERT INTO households (id, name, wallet_id, change_seq, created_at) VALUES (?, ?, ?, ?, ?)',
      [id, input.name, walletId, seq, now],
    );
    return seq;
  });
  context.notifyChange(seq);
  return { id, name: input.name, walletId };
}

export interface NewCustomer {
  id?: string;
  name: string;
  email?: string | null;
  cardBarcode?: string | null;
  iban?: string | null;
  householdId?: string | null;
  isWalletUser: boolean;
}

/** Creates a customer; a member of a household spends from the household's wallet. */
export async function createCustomer(
  context: LedgerContext,
  input: NewCustomer,
): Promise<Customer> {
  const id = input.id ?? newId();
  const now = context.now().toISOString();
  const result = await context.database.write(async (sql) => {
    let walletId: string;
    if (input.householdId) {
      const household = await one<{ wallet_id: string }>(
        sql,
        'SELECT wallet_id FROM households WHERE id = ?',
        [input.householdId],
      );
      if (!household) throw new Error(`Unknown household ${input.householdId}`);
      walletId = household.wallet_id;
    } else {
      walletId = newId();
      await createWalletAccount(sql, walletId, input.name, now);
    }
    const seq = await reserveChangeSeqs(sql, 1);
    await sql.run(
      'INSERT INTO customers (id, name, email, card_barcode, iban, household_id, wallet_id, ' +
        'is_wallet_user, is_active, change_seq, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?)',
      [
        id,
        input.name,
        input.email ?? null,
        input.cardBarcode ?? null,
        input.iban ?? null,
        input.householdId ?? null,
        walletId,
        input.isWalletUser ? 1 : 0,
        seq,
        now,
      ],
    );
    const customer = await readCustomer(sql, id);
    return { customer, seq };
  });
  context.notifyChange(result.seq);
  if (!result.customer) throw new Error('Customer vanished after insert');
  return result.customer;
}

export type NewProduct = Omit<Product, 'id' | 'isActive' | 'isService'> & {
  id?: string;
  /** When left out, a wallet credit is a service (it has no stock) and anything else is not. */
  isService?: boolean;
};

export async function createProduct(context: LedgerContext, input: NewProduct): Promise<Product> {
  const product: Product = {
    ...input,
    id: input.id ?? newId(),
    isService: input.isService ?? input.isWalletCredit,
    isActive: true,
  };
  const seq = await context.database.write(async (sql) => {
    const seq = await reserveChangeSeqs(sql, 1);
    await sql.run(
      'INSERT INTO products (id, name, barcode, price_minor, tax_rate_bp, is_wallet_credit, ' +
        'is_service, is_active, change_seq, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)',
      [
        product.id,
        product.name,
        product.barcode,
        product.priceMinor,
        product.taxRateBasisPoints,
        product.isWalletCredit ? 1 : 0,
        product.isService ? 1 : 0,
        seq,
        context.now().toISOString(),
      ],
    );
    return seq;
  });
  context.notifyChange(seq);
  return product;
}

export type NewPaymentMethod = Omit<PaymentMethod, 'id' | 'isActive'> & { id?: string };

export async function createPaymentMethod(
  context: LedgerContext,
  input: NewPaymentMethod,
): Promise<PaymentMethod> {
  const method: PaymentMethod = { ...input, id: input.id ?? newId(), isActive: true };
  const seq = await context.database.write(async (sql) => {
    const seq = await reserveChangeSeqs(sql, 1);
    await sql.run(
      'INSERT INTO payment_methods (id, name, kind, minimum_wallet_minor, requires_customer, ' +
        'sort_order, is_active, change_seq, created_at) VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)',
      [
        method.id,
        method.name,
        method.kind,
        method.minimumWalletMinor,
        method.requiresCustomer ? 1 : 0,
        method.sortOrder,
        seq,
        context.now().toISOString(),
      ],
    );
    return seq;
  });
  context.notifyChange(seq);
  return method;
}

/** Changes a payment method's minimum wallet amount (a store-wide setting owned here). */
export async function setMinimumWalletAmount(
  context: LedgerContext,
  methodId: string,
  minimumWalletMinor: number,
): Promise<void> {
  const seq = await context.database.write(async (sql) => {
    const seq = await reserveChangeSeqs(sql, 1);
    const changed = await sql.run(
      'UPDATE payment_methods SET minimum_wallet_minor = ?, change_seq = ? WHERE id = ?',
      [minimumWalletMinor, seq, methodId],
    );
    if (changed !== 1) throw new Error(`Unknown payment method ${methodId}`);
    return seq;
  });
  context.notifyChange(seq);
}

export async function readProduct(sql: Sql, id: string): Promise<Product | null> {
  const row = await one<Record<string, unknown>>(sql, 'SELECT * FROM products WHERE id = ?', [id]);
  return row ? toProduct(row) : null;
}

export async function readPaymentMethods(sql: Sql): Promise<PaymentMethod[]> {
  const rows = await sql.all<Record<string, unknown>>(
    'SELECT * FROM payment_methods ORDER BY sort_order, id',
  );
  return rows.map(toPaymentMethod);
}

/** Creates or replaces a product inside the caller's transaction, stamped with `seq`. */
export async function upsertProduct(sql: Sql, product: Product, seq: number, at: string) {
  await sql.run(
    'INSERT INTO products (id, name, barcode, price_minor, tax_rate_bp, is_wallet_credit, ' +
      'is_service, is_active, change_seq, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ' +
      'ON CONFLICT (id) DO UPDATE SET name = excluded.name, barcode = excluded.barcode, ' +
      'price_minor = excluded.price_minor, tax_rate_bp = excluded.tax_rate_bp, ' +
      'is_wallet_credit = excluded.is_wallet_credit, is_service = excluded.is_service, ' +
      'is_active = excluded.is_active, change_seq = excluded.change_seq',
    [
      product.id,
      product.name,
      product.barcode,
      product.priceMinor,
      product.taxRateBasisPoints,
      product.isWalletCredit ? 1 : 0,
      product.isService ? 1 : 0,
      product.isActive ? 1 : 0,
      seq,
      at,
    ],
  );
}

/** Creates or replaces a payment method inside the caller's transaction, stamped with `seq`. */
export async function upsertPaymentMethod(
  sql: Sql,
  method: PaymentMethod,
  seq: number,
  at: string,
) {
  await sql.run(
    'INSERT INTO payment_methods (id, name, kind, minimum_wallet_minor, requires_customer, ' +
      'sort_order, is_active, change_seq, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ' +
      'ON CONFLICT (id) DO UPDATE SET name = excluded.name, kind = excluded.kind, ' +
      'minimum_wallet_minor = excluded.minimum_wallet_minor, ' +
      'requires_customer = excluded.requires_customer, sort_order = excluded.sort_order, ' +
      'is_active = excluded.is_active, change_seq = excluded.change_seq',
    [
      method.id,
      method.name,
      method.kind,
      method.minimumWalletMinor,
      method.requiresCustomer ? 1 : 0,
      method.sortOrder,
      method.isActive ? 1 : 0,
      seq,
      at,
    ],
  );
}
