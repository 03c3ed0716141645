// Customers as the back office sees them: search by name, e-mail, card or transfer reference
// without caring about accents or case, the filters "wallet balance not zero" and "wallet users
// only", one customer with their household and its members, and the lookup from a transfer
// reference to its customer that the bank statement importer uses.
//
// Neither engine folds accents the same way (SQLite's lower() knows only ASCII, PostgreSQL's
// unaccent is an extension that may not be installed), so the folding is done here, once per
// change: customer_search keeps each customer's folded text, brought up to date before each
// search from the customers' change numbers (which every edit and every balance move bumps).
import {
  asBoolean,
  asNumber,
  one,
  tupleList,
  chunks,
  type Database,
  type Sql,
} from '../storage/database.ts';
import { readSetting, writeSetting } from './settings.ts';
import {
  parseTransferReference,
  transferReferencesOf,
  type ParsedReference,
  type TransferReferences,
} from './structured-reference.ts';

const ligatures: Record<string, string> = { œ: 'oe', æ: 'ae', ß: 'ss', ø: 'o', ł: 'l', đ: 'd' };

/** Lower case without accents or ligatures: "Gérard Œuvray" → "gerard oeuvray". */
export function foldForSearch(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[œæßøłđ]/g, (letter) => ligatures[letter] ?? letter)
    .replace(/\s+/g, ' ')
    .trim();
}

const searchWatermarkKey = 'customer_search_seq';
const indexBatchSize = 1000;

/** Folds the customers changed since the last search into customer_search. */
export async function refreshSearchIndex(database: Database, now: () => Date): Promise<void> {
  for (;;) {
    const indexed = await database.write(async (sql) => {
      const watermark = Number((await readSetting(sql, searchWatermarkKey)) ?? 0);
      const rows = await sql.all<{
        id: string;
        name: string;
        email: string | null;
        card_barcode: string | null;
        change_seq: unknown;
      }>(
        'SELECT id, name, email, card_barcode, change_seq FROM customers WHERE change_seq > ? ' +
          'ORDER BY change_seq LIMIT ?',
        [watermark, indexBatchSize],
      );
      for (const batch of chunks(rows, 200)) {
        await sql.run(
          `INSERT INTO customer_search (customer_id, search_text) VALUES ${tupleList(batch.length, 2)} ` +
            'ON CONFLICT (customer_id) DO UPDATE SET search_text = excluded.search_text',
          batch.flatMap((row) => [
            row.id,
            [row.name, row.email ?? '', row.card_barcode ?? ''].map(foldForSearch).join('\n'),
          ]),
        );
      }
      const last = rows[rows.length - 1];
      if (last) {
        await writeSetting(
          sql,
          searchWatermarkKey,
          String(asNumber(last.change_seq)),
          now().toISOString(),
        );
      }
      return rows.length;
    });
    if (indexed < indexBatchSize) return;
  }
}

export interface CustomerListItem {
  id: string;
  name: string;
  email: string | null;
  cardBarcode: string | null;
  householdId: string | null;
  householdName: string | null;
  walletId: string;
  isWalletUser: boolean;
  isActive: boolean;
  balanceMinor: number;
  references: TransferReferences | null;
}

interface CustomerRecord extends Record<string, unknown> {
  id: string;
  name: string;
  email: string | null;
  card_barcode: string | null;
  household_id: string | null;
  household_name: string | null;
  wallet_id: string;
  is_wallet_user: unknown;
  is_active: unknown;
  balance_minor: unknown;
  reference_number: unknown;
}

const customerSelect =
  'SELECT c.id, c.name, c.email, c.card_barcode, c.household_id, h.name AS household_name, ' +
  'c.wallet_id, c.is_wallet_user, c.is_active, a.balance_minor, r.reference_number ' +
  'FROM customers c JOIN accounts a ON a.id = c.wallet_id ' +
  'LEFT JOIN households h ON h.id = c.household_id ' +
  'LEFT JOIN customer_references r ON r.customer_id = c.id ' +
  'LEFT JOIN customer_search s ON s.customer_id = c.id ';

function toListItem(row: CustomerRecord): CustomerListItem {
  return {
    id: row.id,
    name: row.name,
    email: row.email,
    cardBarcode: row.card_barcode,
    householdId: row.household_id,
    householdName: row.household_name,
    walletId: row.wallet_id,
    isWalletUser: asBoolean(row.is_wallet_user),
    isActive: asBoolean(row.is_active),
    balanceMinor: asNumber(row.balance_minor),
    references:
      row.reference_number === null ? null : transferReferencesOf(asNumber(row.reference_number)),
  };
}

export interface CustomerSearch {
  /** Words that must all appear in the name, e-mail or card; or a transfer reference. */
  query: string;
  isNonZeroOnly: boolean;
  isWalletUsersOnly: boolean;
  limit: number;
  offset: number;
}

export const searchQueryLengthMax = 200;

function likePattern(word: string): string {
  return `%${word.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

/** One page of customers, in name order; `hasMore` says whether a next page exists. */
export async function searchCustomers(
  database: Database,
  search: CustomerSearch,
  now: () => Date,
): Promise<{ items: CustomerListItem[]; hasMore: boolean }> {
  await refreshSearchIndex(database, now);
  const conditions: string[] = [];
  const params: (string | number)[] = [];
  const reference = parseTransferReference(search.query);
  if (reference) {
    conditions.push('r.reference_number = ?');
    params.push(reference.referenceNumber);
  } else {
    const words = foldForSearch(search.query.slice(0, searchQueryLengthMax))
      .split(' ')
      .filter((word) => word !== '')
      .slice(0, 10);
    for (const word of words) {
      conditions.push("s.search_text LIKE ? ESCAPE '\\'");
      params.push(likePattern(word));
    }
  }
  if (search.isNonZeroOnly) conditions.push('a.balance_minor <> 0');
  if (search.isWalletUsersOnly) conditions.push('c.is_wallet_user = 1');
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')} ` : '';
  return database.read(async (sql) => {
    // Byte order of the folded text sorts the same on both engines, whatever PostgreSQL's
    // collation is.
    const collate = sql.dialect === 'postgres' ? ' COLLATE "C"' : '';
    const rows = await sql.all<CustomerRecord>(
      `${customerSelect}${where}ORDER BY COALESCE(s.search_text, c.name)${collate}, c.id ` +
        'LIMIT ? OFFSET ?',
      [...params, search.limit + 1, search.offset],
    );
    return {
      items: rows.slice(0, search.limit).map(toListItem),
      hasMore: rows.length > search.limit,
    };
  });
}

export interface HouseholdDetail {
  id: string;
  name: string;
  walletId: string;
  balanceMinor: number;
  members: CustomerListItem[];
}

export interface CustomerDetail extends CustomerListItem {
  household: HouseholdDetail | null;
}

export async function readHousehold(sql: Sql, id: string): Promise<HouseholdDetail | null> {
  const household = await one<{
    id: string;
    name: string;
    wallet_id: string;
    balance_minor: unknown;
  }>(
    sql,
    'SELECT h.id, h.name, h.wallet_id, a.balance_minor FROM households h ' +
      'JOIN accounts a ON a.id = h.wallet_id WHERE h.id = ?',
    [id],
  );
  if (!household) return null;
  const members = await sql.all<CustomerRecord>(
    `${customerSelect}WHERE c.household_id = ? ORDER BY c.name, c.id`,
    [id],
  );
  return {
    id: household.id,
    name: household.name,
    walletId: household.wallet_id,
    balanceMinor: asNumber(household.balance_minor),
    members: members.map(toListItem),
  };
}

export async function readCustomerDetail(sql: Sql, id: string): Promise<CustomerDetail | null> {
  const row = await one<CustomerRecord>(sql, `${customerSelect}WHERE c.id = ?`, [id]);
  if (!row) return null;
  const customer = toListItem(row);
  const household = customer.householdId ? await readHousehold(sql, customer.householdId) : null;
  return { ...customer, household };
}

/** The customers spending from the given wallets, for reports that list wallets. */
export async function customersOfWallets(
  sql: Sql,
  walletIds: readonly string[],
): Promise<Map<string, { id: string; name: string }[]>> {
  const byWallet = new Map<string, { id: string; name: string }[]>();
  for (const batch of chunks([...new Set(walletIds)], 500)) {
    const rows = await sql.all<{ id: string; name: string; wallet_id: string }>(
      `SELECT id, name, wallet_id FROM customers WHERE wallet_id IN (${batch.map(() => '?').join(', ')}) ` +
        'ORDER BY name, id',
      batch,
    );
    for (const row of rows) {
      const list = byWallet.get(row.wallet_id) ?? [];
      list.push({ id: row.id, name: row.name });
      byWallet.set(row.wallet_id, list);
    }
  }
  return byWallet;
}

export interface ReferencedCustomer {
  customerId: string;
  referenceNumber: number;
  reference: ParsedReference;
}

/**
 * The customer a transfer reference belongs to, for the bank statement importer: the text may
 * be a structured communication (`+++012/3456/78939+++`, with or without the marks and
 * spaces) or an RF creditor reference (`RF18 0123 4567 89`). Returns null when the text is no
 * valid reference (wrong check digits included) or no customer has that number. Inactive
 * customers are found too: money sent to them still belongs on their wallet, and whoever
 * matches the statement decides.
 */
export async function findCustomerByTransferReference(
  sql: Sql,
  text: string,
): Promise<ReferencedCustomer | null> {
  const reference = parseTransferReference(text);
  if (!reference) return null;
  const row = await one<{ customer_id: string }>(
    sql,
    'SELECT customer_id FROM customer_references WHERE reference_number = ?',
    [reference.referenceNumber],
  );
  return row
    ? { customerId: row.customer_id, referenceNumber: reference.referenceNumber, reference }
    : null;
}

/** The stable references of one customer, or null for an unknown customer. */
export async function transferReferencesOfCustomer(
  sql: Sql,
  customerId: string,
): Promise<TransferReferences | null> {
  const row = await one<{ reference_number: unknown }>(
    sql,
    'SELECT reference_number FROM customer_references WHERE customer_id = ?',
    [customerId],
  );
  return row ? transferReferencesOf(asNumber(row.reference_number)) : null;
}
