// What the portal shows a signed-in customer: the wallet they spend from (their household's when
// they belong to one), its balance, the monthly spending and the latest entries. Everything is
// read from the wallet account of the session's customer and nothing else, so no parameter of a
// request can point the page at another household's wallet.
import type { LedgerContext } from '../ledger/context.ts';
import { readSettings } from '../ledger/catalog.ts';
import { asNumber, one } from '../storage/database.ts';
import { spendingByMonth, type YearSpending } from './spending.ts';

export interface PortalEntry {
  occurredAt: string;
  /** The wallet movement (spend, top_up, bank_top_up, …). */
  kind: string;
  amountMinor: number;
  balanceAfterMinor: number;
  /** The member of the household the entry names. */
  customerName: string | null;
}

export interface PortalWallet {
  customerName: string;
  householdName: string | null;
  memberNames: string[];
  currency: string;
  balanceMinor: number;
  spending: YearSpending[];
  entries: PortalEntry[];
  hasOlderEntries: boolean;
}

export const portalEntriesMax = 100;

export async function readPortalWallet(
  context: LedgerContext,
  customerId: string,
  timeZone: string,
): Promise<PortalWallet | null> {
  return context.database.read(async (sql) => {
    const customer = await one<{
      name: string;
      wallet_id: string;
      household_name: string | null;
      balance_minor: unknown;
    }>(
      sql,
      'SELECT c.name, c.wallet_id, h.name AS household_name, a.balance_minor FROM customers c ' +
        'JOIN accounts a ON a.id = c.wallet_id LEFT JOIN households h ON h.id = c.household_id ' +
        'WHERE c.id = ?',
      [customerId],
    );
    if (!customer) return null;
    const walletId = customer.wallet_id;
    const members = await sql.all<{ name: string }>(
      'SELECT name FROM customers WHERE wallet_id = ? AND is_active = 1 ORDER BY name',
      [walletId],
    );
    const spends = await sql.all<{ occurred_at: string; amount_minor: unknown }>(
      'SELECT t.occurred_at, e.amount_minor FROM entries e ' +
        'JOIN transactions t ON t.id = e.transaction_id ' +
        "WHERE e.account_id = ? AND e.movement_kind IN ('spend', 'refund')",
      [walletId],
    );
    const rows = await sql.all<{
      occurred_at: string;
      movement_kind: string | null;
      amount_minor: unknown;
      customer_name: string | null;
    }>(
      'SELECT t.occurred_at, e.movement_kind, e.amount_minor, c.name AS customer_name ' +
        'FROM entries e JOIN transactions t ON t.id = e.transaction_id ' +
        'LEFT JOIN customers c ON c.id = e.customer_id ' +
        'WHERE e.account_id = ? ORDER BY e.id DESC LIMIT ?',
      [walletId, portalEntriesMax + 1],
    );
    const balanceMinor = asNumber(customer.balance_minor);
    // Entries newest first, in booking order; each shows the balance it left, worked back
    // from today's balance.
    let after = balanceMinor;
    const entries = rows.slice(0, portalEntriesMax).map((row): PortalEntry => {
      const amountMinor = asNumber(row.amount_minor);
      const entry = {
        occurredAt: row.occurred_at,
        kind: row.movement_kind ?? 'adjustment',
        amountMinor,
        balanceAfterMinor: after,
        customerName: row.customer_name,
      };
      after -= amountMinor;
      return entry;
    });
    const { currency } = await readSettings(sql);
    return {
      customerName: customer.name,
      householdName: customer.household_name,
      memberNames: members.map((member) => member.name),
      currency,
      balanceMinor,
      spending: spendingByMonth(
        spends.map((row) => ({
          occurredAt: row.occurred_at,
          amountMinor: asNumber(row.amount_minor),
        })),
        timeZone,
      ),
      entries,
      hasOlderEntries: rows.length > portalEntriesMax,
    };
  });
}
