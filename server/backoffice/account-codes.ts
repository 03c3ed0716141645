// The account codes of the accountant's export. Inside the ledger accounts have fixed ids; their
// codes are labels, configurable here because each country's chart differs: the wallet
// liability is 426000 in the Belgian chart, 4197 in the French one. Every customer or household
// wallet is one sub-account of the ledger, but the accountant sees them all under the single
// wallet code, with the customer named on each line.
import { asNumber, type Sql } from '../storage/database.ts';

export const walletAccountKey = 'wallet';

export type ChartPreset = 'be' | 'fr';

export interface AccountCodeRow {
  key: string;
  /** The ledger's own name for the account (or "wallets" for all of them). */
  name: string;
  kind: string;
  defaultCode: string;
  code: string;
  isConfigured: boolean;
}

export const accountCodePattern = /^[0-9A-Za-z.-]{1,20}$/;

/** The export key of a ledger account: all wallets share one. */
export function accountKeyOf(account: { id: string; kind: string }): string {
  return account.kind === 'wallet' ? walletAccountKey : account.id;
}

function rateOf(key: string): number | null {
  const match = /^(?:sales|tax):(\d+)$/.exec(key);
  return match ? Number(match[1]) : null;
}

const frenchCodes: Record<string, string> = {
  wallet: '4197',
  cash: '530',
  card: '5115',
  other: '5118',
  bank: '512',
  suspense: '471',
  receivable: '411',
};

/** The code a preset chart gives an account, or null to keep the ledger's own code. */
export function presetCode(preset: ChartPreset, key: string, ledgerCode: string): string {
  if (preset === 'be') return key === walletAccountKey ? '426000' : ledgerCode;
  const rate = rateOf(key);
  // Sub-accounts by tax rate in basis points, as French charts split sales and VAT by rate:
  // 707 sales and 44571 VAT collected.
  if (rate !== null && key.startsWith('sales:')) return `707${String(rate).padStart(4, '0')}`;
  if (rate !== null && key.startsWith('tax:')) return `44571${String(rate).padStart(4, '0')}`;
  return frenchCodes[key] ?? ledgerCode;
}

/** Every account the export can name, with the configured code or the ledger's own. */
export async function readAccountCodes(sql: Sql): Promise<AccountCodeRow[]> {
  const accounts = await sql.all<{ id: string; code: string; name: string; kind: string }>(
    "SELECT id, code, name, kind FROM accounts WHERE kind <> 'wallet' ORDER BY code, id",
  );
  const walletCount = await sql.all<{ count: unknown }>(
    "SELECT COUNT(*) AS count FROM accounts WHERE kind = 'wallet'",
  );
  const configured = new Map(
    (
      await sql.all<{ account_key: string; code: string }>(
        'SELECT account_key, code FROM account_codes',
      )
    ).map((row) => [row.account_key, row.code]),
  );
  const rows: AccountCodeRow[] = [];
  const hasWallets = asNumber(walletCount[0]?.count ?? 0) > 0 || configured.has(walletAccountKey);
  if (hasWallets) {
    rows.push({
      key: walletAccountKey,
      name: 'Customer wallets',
      kind: 'wallet',
      defaultCode: '426000',
      code: configured.get(walletAccountKey) ?? '426000',
      isConfigured: configured.has(walletAccountKey),
    });
  }
  for (const account of accounts) {
    rows.push({
      key: account.id,
      name: account.name,
      kind: account.kind,
      defaultCode: account.code,
      code: configured.get(account.id) ?? account.code,
      isConfigured: configured.has(account.id),
    });
  }
  return rows;
}

/** The code to print for each export key, the configured one winning over the ledger's. */
export async function codeLookup(
  sql: Sql,
): Promise<(account: { id: string; kind: string; code: string }) => string> {
  const configured = new Map(
    (
      await sql.all<{ account_key: string; code: string }>(
        'SELECT account_key, code FROM account_codes',
      )
    ).map((row) => [row.account_key, row.code]),
  );
  return (account) => configured.get(accountKeyOf(account)) ?? account.code;
}

/** Saves codes (already checked against accountCodePattern); returns the ones that changed. */
export async function saveAccountCodes(
  sql: Sql,
  codes: ReadonlyMap<string, string>,
  now: string,
): Promise<{ key: string; from: string; to: string }[]> {
  const current = new Map((await readAccountCodes(sql)).map((row) => [row.key, row]));
  const changes: { key: string; from: string; to: string }[] = [];
  for (const [key, code] of codes) {
    const row = current.get(key);
    if (!row || row.code === code) continue;
    await sql.run(
      'INSERT INTO account_codes (account_key, code, updated_at) VALUES (?, ?, ?) ' +
        'ON CONFLICT (account_key) DO UPDATE SET code = excluded.code, updated_at = excluded.updated_at',
      [key, code, now],
    );
    changes.push({ key, from: row.code, to: code });
  }
  return changes;
}
