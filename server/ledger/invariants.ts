// The properties the books must always have. `ledger check` runs them all and exits non-zero on
// any violation; the tests run them after every workload.
import { asNumber, type Sql } from '../storage/database.ts';
import type { LedgerContext } from './context.ts';

export interface Violation {
  code: string;
  detail: string;
}

interface InvariantQuery {
  code: string;
  sql: string;
  describe: (row: Record<string, unknown>) => string;
}

const invariantQueries: InvariantQuery[] = [
  {
    code: 'unbalanced_transaction',
    sql:
      'SELECT transaction_id, SUM(amount_minor) AS total FROM entries GROUP BY transaction_id ' +
      'HAVING SUM(amount_minor) <> 0',
    describe: (row) => `transaction ${String(row.transaction_id)} sums to ${String(row.total)}`,
  },
  {
    code: 'single_entry_transaction',
    sql: 'SELECT transaction_id FROM entries GROUP BY transaction_id HAVING COUNT(*) = 1',
    describe: (row) => `transaction ${String(row.transaction_id)} has a single entry`,
  },
  {
    code: 'balance_differs_from_entries',
    sql:
      'SELECT a.id, a.balance_minor, a.entry_count, COALESCE(SUM(e.amount_minor), 0) AS total, ' +
      'COUNT(e.id) AS entries FROM accounts a LEFT JOIN entries e ON e.account_id = a.id ' +
      'GROUP BY a.id, a.balance_minor, a.entry_count ' +
      'HAVING a.balance_minor <> COALESCE(SUM(e.amount_minor), 0) OR a.entry_count <> COUNT(e.id)',
    describe: (row) =>
      `account ${String(row.id)} shows ${String(row.balance_minor)} but its entries sum to ` +
      `${String(row.total)}`,
  },
  {
    code: 'wallet_entry_without_customer',
    sql:
      'SELECT e.id FROM entries e JOIN accounts a ON a.id = e.account_id ' +
      "WHERE a.kind = 'wallet' AND e.customer_id IS NULL",
    describe: (row) => `wallet entry ${String(row.id)} names no customer`,
  },
  {
    code: 'wallet_entry_for_another_wallet',
    sql:
      'SELECT e.id FROM entries e JOIN accounts a ON a.id = e.account_id ' +
      'JOIN customers c ON c.id = e.customer_id ' +
      "WHERE a.kind = 'wallet' AND c.wallet_id <> e.account_id",
    describe: (row) => `wallet entry ${String(row.id)} names a customer of another wallet`,
  },
  {
    code: 'order_without_its_transaction',
    sql:
      'SELECT o.id FROM orders o LEFT JOIN transactions t ON t.id = o.transaction_id ' +
      "WHERE t.id IS NULL OR t.order_id <> o.id OR t.kind <> 'order'",
    describe: (row) => `order ${String(row.id)} has no matching transaction`,
  },
  {
    code: 'order_booked_twice',
    sql:
      "SELECT order_id, COUNT(*) AS times FROM transactions WHERE kind = 'order' " +
      'GROUP BY order_id HAVING COUNT(*) > 1',
    describe: (row) => `order ${String(row.order_id)} is booked ${String(row.times)} times`,
  },
  {
    code: 'order_wallet_delta_differs',
    sql:
      'SELECT o.id, o.wallet_delta_minor, COALESCE(SUM(e.amount_minor), 0) AS total FROM orders o ' +
      'LEFT JOIN entries e ON e.transaction_id = o.transaction_id AND e.account_id = o.wallet_id ' +
      'GROUP BY o.id, o.wallet_delta_minor ' +
      'HAVING o.wallet_delta_minor <> COALESCE(SUM(e.amount_minor), 0)',
    describe: (row) =>
      `order ${String(row.id)} moved its wallet by ${String(row.total)}, recorded ` +
      `${String(row.wallet_delta_minor)}`,
  },
  {
    code: 'consumed_hold_without_order',
    sql:
      'SELECT h.id FROM wallet_holds h LEFT JOIN orders o ON o.id = h.order_id ' +
      "WHERE h.status = 'consumed' AND o.id IS NULL",
    describe: (row) => `hold ${String(row.id)} is consumed but its order is not booked`,
  },
];

async function trialBalance(sql: Sql): Promise<Violation[]> {
  const rows = await sql.all<{ total: unknown }>(
    'SELECT COALESCE(SUM(balance_minor), 0) AS total FROM accounts',
  );
  const total = asNumber(rows[0]?.total ?? 0);
  return total === 0
    ? []
    : [{ code: 'trial_balance_not_zero', detail: `all accounts sum to ${total}` }];
}

export async function checkInvariants(context: LedgerContext): Promise<Violation[]> {
  return context.database.read(async (sql) => {
    const violations: Violation[] = [];
    for (const query of invariantQueries) {
      const rows = await sql.all(query.sql);
      for (const row of rows.slice(0, 100)) {
        violations.push({ code: query.code, detail: query.describe(row) });
      }
    }
    violations.push(...(await trialBalance(sql)));
    return violations;
  });
}

/** Wallets whose balance is below the minimum of the wallet method: offline spends overshot. */
export async function overdrawnWallets(context: LedgerContext) {
  return context.database.read(async (sql) => {
    const minimumRows = await sql.all<{ minimum: unknown }>(
      'SELECT MAX(minimum_wallet_minor) AS minimum FROM payment_methods ' +
        "WHERE kind = 'wallet' AND is_active = 1",
    );
    const minimumMinor = asNumber(minimumRows[0]?.minimum ?? 0);
    const rows = await sql.all<{ id: string; name: string; balance_minor: unknown }>(
      "SELECT id, name, balance_minor FROM accounts WHERE kind = 'wallet' AND balance_minor < ? " +
        'ORDER BY balance_minor',
      [minimumMinor],
    );
    return rows.map((row) => ({
      walletId: row.id,
      name: row.name,
      balanceMinor: asNumber(row.balance_minor),
      minimumMinor,
    }));
  });
}
