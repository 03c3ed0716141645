// The sync protocol between a till and the ledger server, version 1. Every request body and
// every response is described here once; the server validates with these schemas and the till
// parses responses with them. A breaking change gets a new version and a new path prefix.
import { z } from 'zod';
import {
  customerSchema,
  currencySchema,
  householdSchema,
  idSchema,
  minorSchema,
  nonNegativeMinorSchema,
  paymentMethodSchema,
  productSchema,
  pinSchema,
  serverIdSchema,
  staffMemberSchema,
  staffRoles,
  storeSettingsSchema,
} from './domain.ts';

export const protocolVersion = 1;
export const apiPrefix = '/v1';

/** Bounds a till must respect; the server refuses anything larger. */
export const pushBatchSizeMax = 500;
export const pullPageSizeMax = 5000;
export const refreshPendingIdsMax = 1000;

/**
 * Why a store-wide change breaks a rule only the server can check (it sees the whole store), one
 * code per rule. The message beside it stays English, for API users and the back office; a till
 * says the code in its own words, with `params` for the names and numbers the sentence needs.
 */
export const storeRuleCodes = [
  'top_up_product_unknown',
  'top_up_product_disabled',
  'top_up_product_not_wallet_credit',
  'top_up_product_not_service',
  'top_up_product_taxed',
  'offline_per_payment_above_per_customer',
  'currency_locked',
  'method_kind_wallet_change',
  'wallet_method_requires_customer',
  'minimum_only_on_wallet',
  'minimum_out_of_range',
  'second_wallet_method',
  'price_negative',
  'wallet_credit_taxed',
  'wallet_credit_not_service',
  'top_up_product_must_stay_wallet_credit',
  'top_up_product_cannot_be_disabled',
  'staff_pin_required',
  'staff_name_taken',
] as const;
export type StoreRuleCode = (typeof storeRuleCodes)[number];

export const issueParamsSchema = z.record(z.string(), z.union([z.string(), z.number()]));
export type IssueParams = z.infer<typeof issueParamsSchema>;

export const errorIssueSchema = z.object({
  path: z.string(),
  /**
   * A plain string, not the enum: a till must still read a refusal from a newer server whose
   * rule it does not know, and fall back to the message. Schema issues carry no code.
   */
  code: z.string().optional(),
  params: issueParamsSchema.optional(),
  message: z.string(),
});
export type ErrorIssue = z.infer<typeof errorIssueSchema>;

export const errorBodySchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.array(errorIssueSchema).optional(),
  }),
});
export type ErrorBody = z.infer<typeof errorBodySchema>;

// Push: a batch of orders, each judged on its own.

export const pushRequestSchema = z.object({
  protocolVersion: z.literal(protocolVersion),
  tillId: serverIdSchema,
  /** Items are validated one by one, so one malformed order cannot block the others. */
  orders: z.array(z.unknown()).min(1).max(pushBatchSizeMax),
});
export type PushRequest = z.infer<typeof pushRequestSchema>;

export const pushRejectionReasons = [
  'invalid_order',
  'wrong_currency',
  'unknown_customer',
  'unknown_product',
  'unknown_payment_method',
  'payment_kind_mismatch',
  'line_total_mismatch',
  'wallet_credit_line_invalid',
  'payments_do_not_match_total',
  'change_exceeds_cash',
  'change_on_refund',
  'customer_required',
  'method_requires_customer',
  'not_wallet_user',
  'unknown_refunded_order',
  /** A refund names an order that is itself a refund. */
  'refund_of_refund',
  /** A refund is for another customer than the order it refunds. */
  'refund_customer_mismatch',
  /** A refund brings back an article the original did not sell, or at another price or rate. */
  'refund_line_not_on_original',
  /** Wallet credit is never refunded at the till: it may be spent already. */
  'refund_of_wallet_credit',
  /** More of an article would come back than was sold, counting the earlier refunds. */
  'refund_exceeds_quantity',
  /** The refunds of an order would give back more than its articles cost. */
  'refund_exceeds_paid',
  /** The order names a till session another till has used. */
  'session_of_another_till',
  'refund_method_not_original',
] as const;
export type PushRejectionReason = (typeof pushRejectionReasons)[number];

export const pushItemResultSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('created'),
    index: z.number().int(),
    orderId: idSchema,
    /** The wallet's balance after booking, when the order moved a wallet. */
    walletBalanceMinor: minorSchema.nullable(),
    /** True when an offline spend took the wallet below its minimum: booked, and reported. */
    isOverdrawn: z.boolean(),
  }),
  z.object({ status: z.literal('exists'), index: z.number().int(), orderId: idSchema }),
  z.object({
    status: z.literal('conflict'),
    index: z.number().int(),
    orderId: idSchema,
    detail: z.string(),
  }),
  z.object({
    status: z.literal('rejected'),
    index: z.number().int(),
    orderId: z.string().nullable(),
    reason: z.enum(pushRejectionReasons),
    detail: z.string(),
  }),
]);
export type PushItemResult = z.infer<typeof pushItemResultSchema>;
export type PushStatus = PushItemResult['status'];

export const sequenceGapSchema = z.object({
  from: z.number().int(),
  to: z.number().int(),
});
export type SequenceGap = z.infer<typeof sequenceGapSchema>;

export const pushResponseSchema = z.object({
  results: z.array(pushItemResultSchema),
  /** Sequence numbers of this till the server has never received, oldest first. */
  sequenceGaps: z.array(sequenceGapSchema),
  cursor: z.number().int(),
});
export type PushResponse = z.infer<typeof pushResponseSchema>;

// Pull: everything that changed since a cursor, paged.

export const pullQuerySchema = z.object({
  cursor: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(pullPageSizeMax).default(1000),
});
export type PullQuery = z.infer<typeof pullQuerySchema>;

export const pullResponseSchema = z.object({
  cursor: z.number().int(),
  hasMore: z.boolean(),
  /** The cursor of the newest change on the server, so a till can show its progress. */
  latestCursor: z.number().int(),
  customers: z.array(customerSchema),
  households: z.array(householdSchema),
  products: z.array(productSchema),
  paymentMethods: z.array(paymentMethodSchema),
  /** Staff with their PIN hashes, so that a till signs people in while offline. */
  staff: z.array(staffMemberSchema),
  settings: storeSettingsSchema.nullable(),
  serverTime: z.iso.datetime(),
});
export type PullResponse = z.infer<typeof pullResponseSchema>;

// Poke: a data-less nudge over server-sent events that there is something to pull.

export const pokeEventSchema = z.object({ cursor: z.number().int() });
export type PokeEvent = z.infer<typeof pokeEventSchema>;

// Refresh: one customer as the server knows them now, on selection at the till.

export const refreshRequestSchema = z.object({
  customerId: serverIdSchema,
  /** This till's orders for that wallet that it believes are not booked yet. */
  pendingOrderIds: z.array(idSchema).max(refreshPendingIdsMax),
});
export type RefreshRequest = z.infer<typeof refreshRequestSchema>;

export const refreshResponseSchema = z.object({
  customer: customerSchema,
  /** Of the pending ids sent, those the server has booked: their movements are in the balance. */
  bookedOrderIds: z.array(idSchema),
  /** Amount held by open online authorisations on this wallet, not yet booked. */
  heldMinor: nonNegativeMinorSchema,
  serverTime: z.iso.datetime(),
});
export type RefreshResponse = z.infer<typeof refreshResponseSchema>;

// Authorisation: the server checks the floor and holds the amount until the order arrives.

export const authorizeRequestSchema = z.object({
  authorizationId: idSchema,
  orderId: idSchema,
  customerId: serverIdSchema,
  methodId: serverIdSchema,
  currency: currencySchema,
  /** The net amount the order takes from the wallet, after its own top-ups. */
  amountMinor: nonNegativeMinorSchema.refine((value) => value > 0, 'must be positive'),
});
export type AuthorizeRequest = z.infer<typeof authorizeRequestSchema>;

export const authorizeDeclineReasons = [
  'below_minimum_wallet_amount',
  'not_wallet_user',
  'unknown_customer',
  'unknown_payment_method',
  'not_a_wallet_method',
  'wrong_currency',
  'authorization_reused',
  'authorization_closed',
] as const;

export const authorizeResponseSchema = z.discriminatedUnion('status', [
  z.object({
    status: z.literal('approved'),
    authorizationId: idSchema,
    amountMinor: nonNegativeMinorSchema,
    balanceMinor: minorSchema,
    /** What is left to spend after this hold and every other open one. */
    availableMinor: minorSchema,
    expiresAt: z.iso.datetime(),
  }),
  z.object({
    status: z.literal('declined'),
    authorizationId: idSchema,
    reason: z.enum(authorizeDeclineReasons),
    availableMinor: minorSchema,
  }),
]);
export type AuthorizeResponse = z.infer<typeof authorizeResponseSchema>;

export const releaseResponseSchema = z.object({
  authorizationId: idSchema,
  status: z.enum(['released', 'consumed', 'expired', 'unknown']),
});
export type ReleaseResponse = z.infer<typeof releaseResponseSchema>;

export const healthResponseSchema = z.object({
  status: z.literal('ok'),
  engine: z.enum(['sqlite', 'postgres']),
  protocolVersion: z.number().int(),
  serverTime: z.iso.datetime(),
});

// Pairing: a new till exchanges a one-time code made in the back office or by the CLI for its
// id and bearer token.

export const pairRequestSchema = z.object({
  code: z.string().trim().min(1).max(20),
  tillName: z.string().trim().min(1).max(100),
});
export type PairRequest = z.infer<typeof pairRequestSchema>;

export const pairResponseSchema = z.object({
  tillId: z.string(),
  tillName: z.string(),
  /** The till's bearer token: shown this once, the server keeps only its hash. */
  token: z.string(),
});
export type PairResponse = z.infer<typeof pairResponseSchema>;

export const pairingRefusals = [
  'pairing_code_unknown',
  'pairing_code_used',
  'pairing_code_expired',
  'too_many_attempts',
] as const;
export type PairingRefusal = (typeof pairingRefusals)[number];

// Store-wide settings, written by a manager from a till. Every write carries the manager's
// credentials, checked by the server against the staff it keeps, and is refused as a whole
// when any field is wrong: nothing is ever half-saved. The tills learn of the change by pull.

export const managerCredentialsSchema = z.object({
  staffId: serverIdSchema,
  pin: pinSchema,
});
export type ManagerCredentials = z.infer<typeof managerCredentialsSchema>;

/** Why the server refused a manager's credentials (error.code of a 403). */
export const managerRefusals = ['manager_pin_wrong', 'not_a_manager', 'too_many_attempts'] as const;

export const storeSettingsInputSchema = storeSettingsSchema.omit({ version: true });
export type StoreSettingsInput = z.infer<typeof storeSettingsInputSchema>;

export const saveStoreSettingsRequestSchema = z.object({
  manager: managerCredentialsSchema,
  /** The version the manager edited; a save over a newer one is refused (409 settings_changed). */
  expectedVersion: z.number().int().min(0),
  settings: storeSettingsInputSchema,
});
export type SaveStoreSettingsRequest = z.infer<typeof saveStoreSettingsRequestSchema>;

export const saveStoreSettingsResponseSchema = z.object({ settings: storeSettingsSchema });

/** `PUT /v1/payment-methods/{id}` creates or replaces one method; the id is made by the till. */
export const savePaymentMethodRequestSchema = z.object({
  manager: managerCredentialsSchema,
  method: paymentMethodSchema.omit({ id: true }),
});
export type SavePaymentMethodRequest = z.infer<typeof savePaymentMethodRequestSchema>;
export const savePaymentMethodResponseSchema = z.object({ method: paymentMethodSchema });

/** `PUT /v1/products/{id}` creates or replaces one product (the till makes the top-up product). */
export const saveProductRequestSchema = z.object({
  manager: managerCredentialsSchema,
  product: productSchema.omit({ id: true }),
});
export type SaveProductRequest = z.infer<typeof saveProductRequestSchema>;
export const saveProductResponseSchema = z.object({ product: productSchema });

/** `PUT /v1/staff/{id}` creates or changes one staff member; `pin` is required on creation. */
export const saveStaffRequestSchema = z.object({
  manager: managerCredentialsSchema,
  member: z.object({
    name: z.string().trim().min(1).max(100),
    role: z.enum(staffRoles),
    pin: pinSchema.nullable(),
    isActive: z.boolean(),
  }),
});
export type SaveStaffRequest = z.infer<typeof saveStaffRequestSchema>;
export const saveStaffResponseSchema = z.object({ member: staffMemberSchema });

// Till sessions: opened with a cash float, closed with a Z report that the till sends to the
// server, which keeps it beside the figures it computes itself from the ledger.

export const sessionMethodTotalSchema = z.object({
  methodId: serverIdSchema,
  name: z.string(),
  kind: z.string(),
  /** Net of refunds: what this method took in over the session. */
  amountMinor: minorSchema,
});
export type SessionMethodTotal = z.infer<typeof sessionMethodTotalSchema>;

export const sessionFiguresSchema = z.object({
  currency: currencySchema,
  orderCount: z.number().int().min(0),
  refundCount: z.number().int().min(0),
  /** Sales minus refunds, top-ups included. */
  netSalesMinor: minorSchema,
  byMethod: z.array(sessionMethodTotalSchema),
  /** Taken from wallets by wallet payments (positive). */
  walletSpendsMinor: minorSchema,
  /** Wallet top-ups sold (positive). */
  walletTopUpsMinor: minorSchema,
  /** Change put on wallets instead of handed back (positive). */
  changeToWalletMinor: minorSchema,
  /** Money given back by refunds, on any method or the wallet (positive). */
  refundsMinor: minorSchema,
  /** Of the refunds, what went onto wallets (positive). */
  refundsToWalletMinor: minorSchema,
  /** Cash taken minus cash handed back as change or refunded. */
  netCashMinor: minorSchema,
});
export type SessionFigures = z.infer<typeof sessionFiguresSchema>;

export const staffRefSchema = z.object({ id: serverIdSchema, name: z.string().max(100) });

export const zReportSchema = z.object({
  sessionId: idSchema,
  openedAt: z.iso.datetime({ offset: true }),
  openedBy: staffRefSchema,
  closedAt: z.iso.datetime({ offset: true }),
  closedBy: staffRefSchema,
  /** The manager who let the session close with orders not yet sent, if any. */
  approvedBy: staffRefSchema.nullable(),
  floatMinor: nonNegativeMinorSchema,
  figures: sessionFiguresSchema,
  /** Float plus net cash: what the drawer should hold. */
  cashExpectedMinor: minorSchema,
  cashCountedMinor: nonNegativeMinorSchema,
  /** Counted minus expected: negative when cash is missing. */
  cashDifferenceMinor: minorSchema,
  /** Orders of this session the server had not confirmed when the session closed. */
  unsyncedOrderCount: z.number().int().min(0),
});
export type ZReport = z.infer<typeof zReportSchema>;

/** `PUT /v1/sessions/{sessionId}/report`: idempotent; the same id with other content is a 409. */
export const sessionReportResponseSchema = z.object({
  sessionId: idSchema,
  status: z.enum(['created', 'exists']),
  /** The server's own figures for the session from the orders it has booked so far. */
  ledgerFigures: sessionFiguresSchema,
});
export type SessionReportResponse = z.infer<typeof sessionReportResponseSchema>;
