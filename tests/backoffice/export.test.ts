// The accountant's CSV. Read back, its debits must equal its credits and each account code must
// add up to the balances of the accounts behind it, to the cent, with every amount written as a
// decimal string; the configured codes (Belgian, French or typed) must be the ones printed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvField } from '../../server/backoffice/ledger-export.ts';
import { asNumber, one } from '../../server/storage/database.ts';
import { engines } from '../support/databases.ts';
import { csrfTokenIn, textOf } from './support/back-office.ts';
import { bookScenario, type Scenario } from './support/scenario.ts';

/** RFC 4180 fields: quoted fields may hold the separator, doubled quotes and line breaks. */
function parseCsv(text: string, separator: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let isQuoted = false;
  for (let index = 0; index < text.length; index += 1) {
    const character = text[index];
    if (isQuoted) {
      if (character === '"' && text[index + 1] === '"') {
        field += '"';
        index += 1;
      } else if (character === '"') isQuoted = false;
      else field += character;
    } else if (character === '"') isQuoted = true;
    else if (character === separator) {
      row.push(field);
      field = '';
    } else if (character === '\r' && text[index + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      index += 1;
    } else field += character;
  }
  if (field !== '' || row.length > 0) throw new Error('the file does not end with CRLF');
  return rows;
}

/** "1234,56" → 123456, refusing anything that is not digits, one mark and two decimals. */
function centsOf(text: string, mark: string): number {
  if (text === '') return 0;
  const pattern = mark === ',' ? /^(\d+),(\d{2})$/ : /^(\d+)\.(\d{2})$/;
  const match = pattern.exec(text);
  if (!match) throw new Error(`not a decimal amount: ${text}`);
  return Number(match[1]) * 100 + Number(match[2]);
}

interface ExportLine {
  date: string;
  transactionId: string;
  code: string;
  name: string;
  debitMinor: number;
  creditMinor: number;
  customer: string;
  description: string;
}

describe.each(engines)('the accountant’s export on %s', (engine) => {
  let scenario: Scenario;

  async function download(query: string): Promise<{ status: number; body: string }> {
    const response = await scenario.client.get(`/backoffice/export.csv?${query}`);
    return { status: response.status, body: response.body };
  }

  async function exportLines(query: string, separator = ',', mark = '.'): Promise<ExportLine[]> {
    const response = await download(query);
    expect(response.status).toBe(200);
    const rows = parseCsv(response.body.replace(/^\ufeff/, ''), separator);
    expect(rows[0]).toEqual([
      'date',
      'transaction_id',
      'account_code',
      'account_name',
      'debit',
      'credit',
      'customer',
      'description',
    ]);
    return rows.slice(1).map((row) => {
      expect(row).toHaveLength(8);
      return {
        date: row[0]!,
        transactionId: row[1]!,
        code: row[2]!,
        name: row[3]!,
        debitMinor: centsOf(row[4]!, mark),
        creditMinor: centsOf(row[5]!, mark),
        customer: row[6]!,
        description: row[7]!,
      };
    });
  }

  async function balancesByCode(
    codeOf: (account: { id: string; kind: string; code: string }) => string,
  ) {
    const accounts = await scenario.server.ledger.database.read((sql) =>
      sql.all<{ id: string; kind: string; code: string; balance_minor: unknown }>(
        'SELECT id, kind, code, balance_minor FROM accounts',
      ),
    );
    const totals = new Map<string, number>();
    for (const account of accounts) {
      const code = codeOf(account);
      totals.set(code, (totals.get(code) ?? 0) + asNumber(account.balance_minor));
    }
    return new Map([...totals].filter(([, total]) => total !== 0));
  }

  function totalsByCode(lines: readonly ExportLine[]) {
    const totals = new Map<string, number>();
    for (const line of lines) {
      totals.set(line.code, (totals.get(line.code) ?? 0) + line.creditMinor - line.debitMinor);
    }
    return new Map([...totals].filter(([, total]) => total !== 0));
  }

  beforeAll(async () => {
    scenario = await bookScenario(engine);
  });

  afterAll(() => scenario?.server.close());

  it('sums to the books: debits equal credits and each code equals its accounts', async () => {
    const lines = await exportLines('from=2026-01-01&to=2026-12-31&format=comma');
    const entryCount = await scenario.server.ledger.database.read((sql) =>
      one<{ count: unknown }>(sql, 'SELECT COUNT(*) AS count FROM entries'),
    );
    expect(lines).toHaveLength(asNumber(entryCount?.count));
    const debits = lines.reduce((sum, line) => sum + line.debitMinor, 0);
    const credits = lines.reduce((sum, line) => sum + line.creditMinor, 0);
    expect(debits).toBe(credits);
    expect(debits).toBeGreaterThan(0);
    // Each line is a debit or a credit, never both, never neither.
    expect(lines.every((line) => line.debitMinor > 0 !== line.creditMinor > 0)).toBe(true);
    const walletCode = (account: { kind: string; code: string }) =>
      account.kind === 'wallet' ? '426000' : account.code;
    expect(totalsByCode(lines)).toEqual(await balancesByCode(walletCode));
  });

  it('names the customer on every wallet line under the one wallet code', async () => {
    const lines = await exportLines('from=2026-01-01&to=2026-12-31&format=comma');
    const walletLines = lines.filter((line) => line.code === '426000');
    expect(walletLines.length).toBeGreaterThan(0);
    expect(walletLines.every((line) => line.name === 'Customer wallets')).toBe(true);
    expect(new Set(walletLines.map((line) => line.customer))).toEqual(
      new Set(['Alice Dupont', 'Carol Lenoir']),
    );
  });

  it('takes a period by booking day and dates each line by when it happened', async () => {
    const lines = await exportLines('from=2026-03-04&to=2026-03-04&format=comma');
    // Booked on 4 March in Brussels: the two orders of Caisse 2 and the adjustment. Carol's
    // offline sale was booked at 00:30 on the 5th.
    expect(new Set(lines.map((line) => line.transactionId)).size).toBe(3);
    expect(lines.every((line) => line.date === '2026-03-04')).toBe(true);
    const fifth = await exportLines('from=2026-03-05&to=2026-03-05&format=comma');
    expect(fifth.filter((line) => line.customer === 'Carol Lenoir')[0]?.date).toBe('2026-03-05');
    expect(await exportLines('from=2025-01-01&to=2025-12-31&format=comma')).toEqual([]);
  });

  it('writes semicolons and decimal commas for a French spreadsheet', async () => {
    const bytes = await scenario.client.getBytes(
      '/backoffice/export.csv?from=2026-03-03&to=2026-03-03&format=semicolon',
    );
    // The UTF-8 byte-order mark, then the header.
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)).toMatch(
      /^\ufeffdate;transaction_id;/,
    );
    const response = await download('from=2026-03-03&to=2026-03-03&format=semicolon');
    const lines = await exportLines('from=2026-03-03&to=2026-03-03&format=semicolon', ';', ',');
    expect(lines.some((line) => line.debitMinor === 405)).toBe(true);
    expect(response.body).toContain(';4,05;');
  });

  it('refuses a bad period or format with a message', async () => {
    for (const query of [
      'from=&to=2026-03-01',
      'from=2026-03-01&to=yesterday',
      'from=2026-03-05&to=2026-03-01',
      'from=2020-01-01&to=2026-03-01',
      'from=2026-03-01&to=2026-03-02&format=xml',
    ]) {
      const response = await download(query);
      expect(response.status, query).toBe(400);
      expect(response.body).toContain('role="alert"');
    }
  });

  it('prints the codes of the French chart once it is chosen', async () => {
    const { client } = scenario;
    const page = await client.get('/backoffice/settings/account-codes');
    const response = await client.post('/backoffice/settings/account-codes/preset', {
      _csrf: csrfTokenIn(page.body),
      preset: 'fr',
    });
    expect(response.status).toBe(303);
    const lines = await exportLines('from=2026-01-01&to=2026-12-31&format=comma');
    const codes = new Set(lines.map((line) => line.code));
    expect(codes).toContain('4197');
    expect(codes).toContain('512');
    expect(codes).toContain('530');
    expect(codes).not.toContain('426000');
    expect(lines.filter((line) => line.code === '4197').every((line) => line.customer)).toBe(true);
    const french: Record<string, string> = {
      bank: '512',
      cash: '530',
      card: '5115',
      suspense: '471',
    };
    expect(totalsByCode(lines)).toEqual(
      await balancesByCode((account) => {
        if (account.kind === 'wallet') return '4197';
        const rate = /^(sales|tax):(\d+)$/.exec(account.id);
        if (rate?.[1] === 'sales') return `707${rate[2]!.padStart(4, '0')}`;
        if (rate?.[1] === 'tax') return `44571${rate[2]!.padStart(4, '0')}`;
        return french[account.id] ?? account.code;
      }),
    );
  });

  it('saves a typed code and refuses a malformed one without saving anything', async () => {
    const { client, server } = scenario;
    const page = await client.get('/backoffice/settings/account-codes');
    const fields: Record<string, string> = { _csrf: csrfTokenIn(page.body) };
    for (const match of page.body.matchAll(/name="(code:[^"]+)"[\s\S]*?value="([^"]*)"/g)) {
      fields[match[1]!] = match[2]!;
    }
    fields.timeZone = 'Europe/Brussels';
    expect(fields['code:wallet']).toBe('4197');

    const refused = await client.post('/backoffice/settings/account-codes', {
      ...fields,
      'code:wallet': '41 97',
      'code:bank': '',
    });
    expect(refused.status).toBe(422);
    expect(textOf(refused.body)).toContain('Invalid code for Customer wallets');
    expect(textOf(refused.body)).toContain('Nothing was saved.');
    const badZone = await client.post('/backoffice/settings/account-codes', {
      ...fields,
      timeZone: 'Mars/Olympus',
    });
    expect(textOf(badZone.body)).toContain('Unknown time zone.');
    expect(
      (await exportLines('from=2026-01-01&to=2026-12-31&format=comma')).some(
        (line) => line.code === '4197',
      ),
    ).toBe(true);

    const saved = await client.post('/backoffice/settings/account-codes', {
      ...fields,
      'code:wallet': '426100',
    });
    expect(saved.status).toBe(303);
    const lines = await exportLines('from=2026-01-01&to=2026-12-31&format=comma');
    expect(
      lines.filter((line) => line.customer !== '').every((line) => line.code === '426100'),
    ).toBe(true);
    const audit = await server.ledger.database.read((sql) =>
      sql.all<{ detail: string; user_id: string }>(
        "SELECT detail, user_id FROM backoffice_audit WHERE action = 'account_codes_changed' " +
          'ORDER BY id',
      ),
    );
    expect(audit.map((row) => row.user_id)).toEqual([server.user.id, server.user.id]);
    expect(audit[1]?.detail).toBe('wallet: 4197 → 426100');
  });

  it('keeps a customer name that looks like a formula as text', async () => {
    expect(csvField('=HYPERLINK("http://x")', ',')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvField('+32 2 123', ';')).toBe("'+32 2 123");
    expect(csvField('Dupont; Alice', ';')).toBe('"Dupont; Alice"');
    expect(csvField('Dupont; Alice', ',')).toBe('Dupont; Alice');
    const { server } = scenario;
    const mallory = await server.ledger.createCustomer({
      name: '=cmd|" /C calc"!A0',
      isWalletUser: true,
    });
    await server.ledger.bookWalletTransfer({
      kind: 'bank_top_up',
      customerId: mallory.id,
      amountMinor: 100,
      description: 'Virement',
    });
    const lines = await exportLines('from=2026-03-06&to=2026-03-06&format=comma');
    expect(lines.map((line) => line.customer)).toContain('\'=cmd|" /C calc"!A0');
  });
});
