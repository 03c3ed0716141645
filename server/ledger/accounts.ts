// The chart of accounts. System accounts have fixed ids; their codes default to the Belgian
// chart (PCMN) and are only labels for exports. Every customer or household wallet is its own
// sub-account of the wallet liability (kind `wallet`), so a wallet's balance is one row.
import type { PaymentMethodKind } from '../../shared/domain.ts';
import { assertNever } from '../../shared/assert.ts';
import { placeholders, type Sql } from '../storage/database.ts';

export type AccountKind =
  | 'wallet'
  | 'cash'
  | 'card'
  | 'other_payments'
  | 'bank'
  | 'suspense'
  | 'receivable'
  | 'sales'
  | 'tax_payable';

export const walletControlCode = '426000';

export const systemAccounts = {
  cash: { id: 'cash', code: '570000', name: 'Cash in tills', kind: 'cash' },
  card: { id: 'card', code: '580000', name: 'Card payments clearing', kind: 'card' },
  other: { id: 'other', code: '580100', name: 'Other payments clearing', kind: 'other_payments' },
  bank: { id: 'bank', code: '550000', name: 'Bank', kind: 'bank' },
  suspense: { id: 'suspense', code: '499000', name: 'Suspense', kind: 'suspense' },
  // What customers owe on top-up invoices until their payment arrives at the bank.
  receivable: { id: 'receivable', code: '400000', name: 'Customers', kind: 'receivable' },
} as const satisfies Record<string, { id: string; code: string; name: string; kind: AccountKind }>;

export function salesAccountId(taxRateBasisPoints: number): string {
  return `sales:${taxRateBasisPoints}`;
}

export function taxAccountId(taxRateBasisPoints: number): string {
  return `tax:${taxRateBasisPoints}`;
}

export function paymentAccountId(kind: Exclude<PaymentMethodKind, 'wallet'>): string {
  switch (kind) {
    case 'cash':
      return systemAccounts.cash.id;
    case 'card':
      return systemAccounts.card.id;
    case 'other':
      return systemAccounts.other.id;
    default:
      return assertNever(kind, 'payment kind');
  }
}

interface AccountDefinition {
  id: string;
  code: string;
  name: string;
  kind: AccountKind;
  taxRateBasisPoints: number | null;
}

function definitionFor(id: string): AccountDefinition | null {
  const system = Object.values(systemAccounts).find((account) => account.id === id);
  if (system) return { ...system, taxRateBasisPoints: null };
  const match = /^(sales|tax):(\d+)$/.exec(id);
  if (!match) return null;
  const rate = Number(match[2]);
  const percent = `${rate / 100} %`;
  if (match[1] === 'sales') {
    return {
      id,
      code: `70${String(rate).padStart(4, '0')}`,
      name: `Sales ${percent}`,
      kind: 'sales',
      taxRateBasisPoints: rate,
    };
  }
  return {
    id,
    code: `451${String(rate).padStart(4, '0')}`,
    name: `VAT payable ${percent}`,
    kind: 'tax_payable',
    taxRateBasisPoints: rate,
  };
}

/**
 * Creates the named system, sales and tax accounts that do not exist yet. Inserting before
 * locking means a lock never misses a row that a concurrent transaction is about to create.
 */
export async function ensureAccounts(sql: Sql, ids: readonly string[], now: string): Promise<void> {
  for (const id of ids) {
    const definition = definitionFor(id);
    if (!definition) continue;
    await sql.run(
      'INSERT INTO accounts (id, code, name, kind, tax_rate_bp, balance_minor, entry_count, ' +
        'created_at) VALUES (?, ?, ?, ?, ?, 0, 0, ?) ON CONFLICT (id) DO NOTHING',
      [
        definition.id,
        definition.code,
        definition.name,
        definition.kind,
        definition.taxRateBasisPoints,
        now,
      ],
    );
  }
}

export async function createWalletAccount(sql: Sql, id: string, name: string, now: string) {
  await sql.run(
    'INSERT INTO accounts (id, code, name, kind, tax_rate_bp, balance_minor, entry_count, ' +
      "created_at) VALUES (?, ?, ?, 'wallet', NULL, 0, 0, ?)",
    [id, walletControlCode, `Wallet: ${name}`, now],
  );
}

/** Locks the given accounts in id order and returns their balances. */
export async function lockAccounts(sql: Sql, ids: readonly string[]): Promise<Map<string, number>> {
  const sorted = [...new Set(ids)].sort();
  const balances = new Map<string, number>();
  if (sorted.length === 0) return balances;
  const rows = await sql.all<{ id: string; balance_minor: number }>(
    `SELECT id, balance_minor FROM accounts WHERE id IN (${placeholders(sorted.length)}) ` +
      `ORDER BY id${sql.forUpdate}`,
    sorted,
  );
  for (const row of rows) balances.set(row.id, Number(row.balance_minor));
  return balances;
}
