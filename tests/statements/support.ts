// What the statement and invoice suites share: a store with customers the fixtures name, the
// fixtures with the customers' own references filled in, and small readers of the books.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatStructuredCommunication } from '../../server/backoffice/structured-reference.ts';
import type { Ledger } from '../../server/ledger/ledger.ts';
import { asNumber } from '../../server/storage/database.ts';
import { seedStore } from '../support/store.ts';

const fixtures = join(import.meta.dirname, 'fixtures');

export async function seedStatementStore(ledger: Ledger) {
  const store = await seedStore(ledger, { walletBalanceMinor: 0 });
  const camille = await ledger.createCustomer({
    name: 'Camille Mercier',
    iban: 'BE62510007547061',
    isWalletUser: true,
  });
  const gerard = await ledger.createCustomer({ name: 'Gérard Lefèvre', isWalletUser: true });
  const jeanne = await ledger.createCustomer({ name: 'Jeanne Petit', isWalletUser: true });
  const aliceReference = await referenceOf(ledger, store.alice.id);
  return { ...store, camille, gerard, jeanne, aliceReference };
}

export async function referenceOf(ledger: Ledger, customerId: string): Promise<string> {
  const rows = await ledger.database.read((sql) =>
    sql.all<{ reference_number: unknown }>(
      'SELECT reference_number FROM customer_references WHERE customer_id = ?',
      [customerId],
    ),
  );
  return formatStructuredCommunication(asNumber(rows[0]?.reference_number));
}

export function fixture(name: string, values: Record<string, string> = {}): Buffer {
  let text = readFileSync(join(fixtures, name), 'utf8');
  for (const [key, value] of Object.entries(values)) text = text.replaceAll(`{{${key}}}`, value);
  return Buffer.from(text, 'utf8');
}

export async function balanceOf(ledger: Ledger, customerId: string): Promise<number> {
  const customer = await ledger.readCustomer(customerId);
  if (!customer) throw new Error(`no customer ${customerId}`);
  return customer.walletBalanceMinor;
}

export async function accountBalance(ledger: Ledger, accountId: string): Promise<number> {
  const rows = await ledger.database.read((sql) =>
    sql.all<{ balance_minor: unknown }>('SELECT balance_minor FROM accounts WHERE id = ?', [
      accountId,
    ]),
  );
  return rows[0] ? asNumber(rows[0].balance_minor) : 0;
}

export async function countRows(ledger: Ledger, table: string): Promise<number> {
  const rows = await ledger.database.read((sql) =>
    sql.all<{ count: unknown }>(`SELECT COUNT(*) AS count FROM ${table}`),
  );
  return asNumber(rows[0]?.count ?? 0);
}
