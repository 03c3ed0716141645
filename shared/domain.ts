// The records the till and the server both know, as schemas (validated at every boundary) with
// their types inferred from them, so the two can never drift apart. Amounts are integers in the
// store currency's minor units and their names end in `Minor`; quantities are integer
// thousandths and end in `Milli`; tax rates are integer basis points.
import { z } from 'zod';
import { currencyCodes, minorUnitsMax } from './money.ts';

export const idSchema = z.uuid({ version: 'v7' });
export const serverIdSchema = z.uuid();

/** A signed amount in minor units. `.int()` refuses floats such as 10.5. */
export const minorSchema = z.number().int().min(-minorUnitsMax).max(minorUnitsMax);
export const nonNegativeMinorSchema = minorSchema.min(0);
export const currencySchema = z.enum(currencyCodes);
export const quantityMilliSchema = z.number().int().min(-1_000_000_000).max(1_000_000_000);
export const taxRateBasisPointsSchema = z.number().int().min(0).max(10_000);
const text = (max: number) => z.string().trim().min(1).max(max);

export const householdSchema = z.object({ id: serverIdSchema, name: text(200) });
export type Household = z.infer<typeof householdSchema>;

export const customerSchema = z.object({
  id: serverIdSchema,
  name: text(200),
  email: z.string().max(320).nullable(),
  cardBarcode: z.string().max(64).nullable(),
  householdId: serverIdSchema.nullable(),
  isWalletUser: z.boolean(),
  /** The wallet this customer spends from: their household's when they belong to one. */
  walletId: serverIdSchema,
  walletBalanceMinor: minorSchema,
  isActive: z.boolean(),
});
export type Customer = z.infer<typeof customerSchema>;

export const productSchema = z.object({
  id: serverIdSchema,
  name: text(200),
  barcode: z.string().max(64).nullable(),
  priceMinor: minorSchema,
  taxRateBasisPoints: taxRateBasisPointsSchema,
  /** Selling this product credits the customer's wallet: 1 unit sold = 1 unit of currency. */
  isWalletCredit: z.boolean(),
  /** A service has no stock; the wallet top-up product must be one, with no tax. */
  isService: z.boolean(),
  isActive: z.boolean(),
});
export type Product = z.infer<typeof productSchema>;

export const paymentMethodKinds = ['cash', 'card', 'wallet', 'other'] as const;
export type PaymentMethodKind = (typeof paymentMethodKinds)[number];

export const paymentMethodSchema = z.object({
  id: serverIdSchema,
  name: text(100),
  /** `wallet` is the wallet flag: the method that debits the customer's wallet. */
  kind: z.enum(paymentMethodKinds),
  /** Balance after a wallet payment must stay at or above this; negative allows an overdraft. */
  minimumWalletMinor: minorSchema,
  requiresCustomer: z.boolean(),
  sortOrder: z.number().int().min(0).max(10_000),
  isActive: z.boolean(),
});
export type PaymentMethod = z.infer<typeof paymentMethodSchema>;

export const offlineWalletLimitsSchema = z.object({
  /** Largest wallet payment a till may accept without asking the server. */
  perPaymentMaxMinor: nonNegativeMinorSchema,
  /** Largest total a till may take from one wallet while offline, summed over its pending orders. */
  perCustomerMaxMinor: nonNegativeMinorSchema,
  /** A cached balance older than this may not be spent from offline. */
  cachedBalanceMaxAgeMinutes: z
    .number()
    .int()
    .min(0)
    .max(60 * 24 * 30),
});
export type OfflineWalletLimits = z.infer<typeof offlineWalletLimitsSchema>;

export const storeSettingsSchema = z.object({
  version: z.number().int().min(0),
  storeName: text(200),
  currency: currencySchema,
  locale: z.enum(['fr-BE', 'fr-FR', 'fr-CH', 'en']),
  walletTopUpProductId: serverIdSchema.nullable(),
  offlineWalletLimits: offlineWalletLimitsSchema,
  /** How long an online wallet authorisation holds its amount when the order is not pushed. */
  walletHoldMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  /** Printed at the top of every receipt, under the store name: address, VAT number… */
  receiptHeader: z.string().max(500).default(''),
  /** Printed at the bottom of every receipt. */
  receiptFooter: z.string().max(500).default(''),
});
export type StoreSettings = z.infer<typeof storeSettingsSchema>;

export const orderLineSchema = z.object({
  productId: serverIdSchema,
  name: text(200),
  /** Negative for a returned article. */
  quantityMilli: quantityMilliSchema.refine((value) => value !== 0, 'quantity must not be 0'),
  unitPriceMinor: nonNegativeMinorSchema,
  taxRateBasisPoints: taxRateBasisPointsSchema,
  isWalletCredit: z.boolean(),
  totalMinor: minorSchema,
});
export type OrderLine = z.infer<typeof orderLineSchema>;

export const orderPaymentSchema = z.object({
  methodId: serverIdSchema,
  kind: z.enum(paymentMethodKinds),
  /** Positive when the customer pays, negative when money goes back to them (a refund). */
  amountMinor: minorSchema.refine((value) => value !== 0, 'a payment must not be 0'),
});
export type OrderPayment = z.infer<typeof orderPaymentSchema>;

export const orderSchema = z.object({
  id: idSchema,
  /** Counts up by one per order on each till; the server reports holes. */
  sequence: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
  currency: currencySchema,
  createdAt: z.iso.datetime({ offset: true }),
  customerId: serverIdSchema.nullable(),
  /** The staff member signed in at the till when the order was validated. */
  cashierId: serverIdSchema.nullable().default(null),
  cashierName: z.string().max(100).nullable(),
  /** The till session (opened with a cash float, closed with a Z report) the order belongs to. */
  sessionId: idSchema.nullable().default(null),
  lines: z.array(orderLineSchema).min(1).max(500),
  payments: z.array(orderPaymentSchema).max(20),
  /** Cash handed back to the customer. */
  changeGivenMinor: nonNegativeMinorSchema,
  /** Change the cashier put on the customer's wallet instead of handing it back. */
  changeToWalletMinor: nonNegativeMinorSchema,
  /** True when the wallet was charged against the cached balance, without the server. */
  isOffline: z.boolean(),
  /** The server authorisation that held the wallet amount, for an online wallet payment. */
  walletAuthorizationId: idSchema.nullable(),
  /** Set on a refund: the order whose articles come back. */
  refundOfOrderId: idSchema.nullable(),
});
export type Order = z.infer<typeof orderSchema>;

export const staffRoles = ['cashier', 'manager'] as const;
export type StaffRole = (typeof staffRoles)[number];

/** A PIN is 4 to 8 digits: quick to type on the till's keypad. */
export const pinSchema = z.string().regex(/^\d{4,8}$/, 'a PIN is 4 to 8 digits');

/**
 * Someone who signs in at the tills. The PIN is kept only as a slow hash (shared/pin.ts); the
 * tills receive the hash so that a cashier can sign in while the network is down.
 */
export const staffMemberSchema = z.object({
  id: serverIdSchema,
  name: text(100),
  role: z.enum(staffRoles),
  pinHash: z.string().min(1).max(300),
  isActive: z.boolean(),
});
export type StaffMember = z.infer<typeof staffMemberSchema>;

export const walletMovementKinds = [
  'spend',
  'top_up',
  'change_to_wallet',
  'refund',
  'payout',
  'bank_top_up',
  'invoice_top_up',
  'adjustment',
] as const;
export type WalletMovementKind = (typeof walletMovementKinds)[number];

export interface WalletMovement {
  kind: WalletMovementKind;
  /** Signed: positive credits the wallet, negative debits it. */
  amountMinor: number;
}
