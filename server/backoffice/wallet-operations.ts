// The two wallet movements a back-office user books by hand: a manual adjustment (credit or
// debit, with a mandatory reason) and the payout of a remaining balance to the customer. The
// typed amount is parsed as the page's locale reads it, and every refusal comes back as a
// message key before anything is written. The booking and its audit row share one database
// transaction; the form's operation id is the transaction id, so a form sent twice books once.
import { idSchema } from '../../shared/domain.ts';
import { toMinor } from '../../shared/money.ts';
import { parseMoney } from '../../shared/money-format.ts';
import type { Ledger } from '../ledger/ledger.ts';
import { WalletTransferError } from '../ledger/wallet-transfers.ts';
import { recordAudit, type AuditActor } from './audit.ts';
import { localeFor } from './format.ts';
import type { Language, MessageKey } from './i18n.ts';

export const reasonLengthMax = 500;

export interface OperationProblem {
  field: 'amount' | 'reason' | 'direction' | 'form';
  key: MessageKey;
  params?: Record<string, string | number>;
}

export type OperationResult =
  | { ok: true; transactionId: string; amountMinor: number; balanceMinor: number }
  | { ok: false; problem: OperationProblem };

interface OperationInput {
  customerId: string;
  operationId: string;
  amountText: string;
  reason: string;
  actor: AuditActor;
  language: Language;
}

export interface AdjustmentInput extends OperationInput {
  direction: string;
}

function refuse(
  field: OperationProblem['field'],
  key: MessageKey,
  params?: OperationProblem['params'],
): OperationResult {
  return { ok: false, problem: { field, key, params } };
}

async function parseAmount(
  ledger: Ledger,
  text: string,
  language: Language,
): Promise<{ ok: true; minor: number } | { ok: false; result: OperationResult }> {
  const settings = await ledger.readSettings();
  const parsed = parseMoney(text.slice(0, 40), settings.currency, {
    locale: localeFor(language, settings),
  });
  if (!parsed.ok) {
    const key: MessageKey = `amount.${parsed.reason}`;
    return { ok: false, result: refuse('amount', key, { text: text.slice(0, 40) }) };
  }
  const minor = toMinor(parsed.amount);
  if (minor === 0) return { ok: false, result: refuse('amount', 'amount.zero') };
  return { ok: true, minor };
}

function checkReason(reason: string): OperationResult | null {
  const trimmed = reason.trim();
  if (trimmed === '') return refuse('reason', 'form.reasonRequired');
  if (trimmed.length > reasonLengthMax) return refuse('reason', 'form.reasonTooLong');
  return null;
}

function fromTransferError(error: unknown): OperationResult {
  if (!(error instanceof WalletTransferError)) throw error;
  switch (error.code) {
    case 'unknown_customer':
      return refuse('form', 'form.unknownCustomer');
    case 'conflict':
      return refuse('form', 'form.conflict');
    case 'invalid_amount':
      return refuse('amount', 'amount.too_large');
    case 'invalid_description':
      return refuse('reason', 'form.reasonTooLong');
    case 'below_floor':
      // The caller checks the balance first and words the message; this is the race where a
      // till spent in between.
      return refuse('amount', 'payout.nothing');
  }
}

export async function bookAdjustment(
  ledger: Ledger,
  input: AdjustmentInput,
): Promise<OperationResult> {
  if (!idSchema.safeParse(input.operationId).success) return refuse('form', 'error.badRequest');
  if (input.direction !== 'credit' && input.direction !== 'debit') {
    return refuse('direction', 'form.direction');
  }
  const amount = await parseAmount(ledger, input.amountText, input.language);
  if (!amount.ok) return amount.result;
  const reasonProblem = checkReason(input.reason);
  if (reasonProblem) return reasonProblem;

  const amountMinor = input.direction === 'credit' ? amount.minor : -amount.minor;
  const reason = input.reason.trim();
  try {
    const booked = await ledger.bookWalletTransfer(
      {
        id: input.operationId,
        kind: 'adjustment',
        customerId: input.customerId,
        amountMinor,
        description: reason,
      },
      {
        alsoWrite: (sql, result) =>
          recordAudit(sql, {
            actor: input.actor,
            action: 'wallet_adjustment',
            targetKind: 'customer',
            targetId: input.customerId,
            amountMinor,
            transactionId: result.transactionId,
            detail: reason,
            occurredAt: ledger.context.now().toISOString(),
          }),
      },
    );
    return {
      ok: true,
      transactionId: booked.transactionId,
      amountMinor,
      balanceMinor: booked.balanceMinor,
    };
  } catch (error) {
    return fromTransferError(error);
  }
}

/**
 * Pays out part or all of a positive balance. More than the balance is refused, checked again
 * with the wallet locked so a till spending at the same moment cannot make it overdraw.
 */
export async function bookPayout(
  ledger: Ledger,
  input: OperationInput & { formatAmount: (minor: number) => string },
): Promise<OperationResult> {
  if (!idSchema.safeParse(input.operationId).success) return refuse('form', 'error.badRequest');
  const amount = await parseAmount(ledger, input.amountText, input.language);
  if (!amount.ok) return amount.result;
  const reasonProblem = checkReason(input.reason);
  if (reasonProblem) return reasonProblem;

  const customer = await ledger.readCustomer(input.customerId);
  if (!customer) return refuse('form', 'form.unknownCustomer');
  if (customer.walletBalanceMinor <= 0) return refuse('amount', 'payout.nothing');
  if (amount.minor > customer.walletBalanceMinor) {
    return refuse('amount', 'form.payoutAboveBalance', {
      amount: input.formatAmount(amount.minor),
      balance: input.formatAmount(customer.walletBalanceMinor),
    });
  }

  const amountMinor = -amount.minor;
  const reason = input.reason.trim();
  try {
    const booked = await ledger.bookWalletTransfer(
      {
        id: input.operationId,
        kind: 'payout',
        customerId: input.customerId,
        amountMinor,
        description: reason,
      },
      {
        balanceFloorMinor: 0,
        alsoWrite: (sql, result) =>
          recordAudit(sql, {
            actor: input.actor,
            action: 'wallet_payout',
            targetKind: 'customer',
            targetId: input.customerId,
            amountMinor,
            transactionId: result.transactionId,
            detail: reason,
            occurredAt: ledger.context.now().toISOString(),
          }),
      },
    );
    return {
      ok: true,
      transactionId: booked.transactionId,
      amountMinor,
      balanceMinor: booked.balanceMinor,
    };
  } catch (error) {
    return fromTransferError(error);
  }
}
