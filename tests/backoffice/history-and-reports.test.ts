// A customer's wallet history, the entries search by name, and the reports, read from the books
// of the scripted days: every running balance must be the sum of the entries before it, and the
// takings per till and day must cut days in the shop's time zone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSalesByDay, readLiability } from '../../server/backoffice/reports.ts';
import { readWalletHistory } from '../../server/ledger/wallet-history.ts';
import { engines } from '../support/databases.ts';
import { textOf } from './support/back-office.ts';
import { bookScenario, type Scenario } from './support/scenario.ts';

describe.each(engines)('wallet history and reports on %s', (engine) => {
  let scenario: Scenario;

  beforeAll(async () => {
    scenario = await bookScenario(engine);
  });

  afterAll(() => scenario?.server.close());

  it('gives every entry of a wallet with the balance after it, newest first', async () => {
    const { server, aliceBalances } = scenario;
    const alice = await server.ledger.readCustomer(server.store.alice.id);
    const history = await server.ledger.database.read((sql) =>
      readWalletHistory(sql, alice!.walletId, { limit: 100 }),
    );
    expect(history.map((entry) => entry.balanceAfterMinor)).toEqual([...aliceBalances].reverse());
    // Each balance is the one before it plus the entry's amount.
    const oldestFirst = [...history].reverse();
    oldestFirst.forEach((entry, index) => {
      const before = index === 0 ? 0 : oldestFirst[index - 1]!.balanceAfterMinor;
      expect(entry.balanceAfterMinor).toBe(before + entry.amountMinor);
    });
    expect(history[0]?.balanceAfterMinor).toBe(alice?.walletBalanceMinor);
    expect(oldestFirst.map((entry) => [entry.kind, entry.movementKind, entry.tillName])).toEqual([
      ['bank_top_up', 'bank_top_up', null],
      ['order', 'spend', 'Caisse 1'],
      ['order', 'top_up', 'Caisse 2'],
      ['order', 'change_to_wallet', 'Caisse 2'],
      ['adjustment', 'adjustment', null],
      ['payout', 'payout', null],
    ]);
  });

  it('pages through the history without changing the running balances', async () => {
    const { server, aliceBalances } = scenario;
    const alice = await server.ledger.readCustomer(server.store.alice.id);
    const firstPage = await server.ledger.database.read((sql) =>
      readWalletHistory(sql, alice!.walletId, { limit: 4 }),
    );
    const secondPage = await server.ledger.database.read((sql) =>
      readWalletHistory(sql, alice!.walletId, {
        limit: 4,
        beforeEntryId: firstPage[firstPage.length - 1]!.entryId,
      }),
    );
    expect([...firstPage, ...secondPage].map((entry) => entry.balanceAfterMinor)).toEqual(
      [...aliceBalances].reverse(),
    );
  });

  it('shows the history on the customer page with each origin in words', async () => {
    const { client, server } = scenario;
    const page = await client.get(`/backoffice/customers/${server.store.alice.id}`);
    const text = textOf(page.body);
    for (const origin of [
      'Bank transfer',
      'Till purchase (Caisse 1)',
      'Top-up at the till (Caisse 2)',
      'Change put on the wallet (Caisse 2)',
      'Manual adjustment',
      'Balance payout',
    ]) {
      expect(text).toContain(origin);
    }
    const rows = [...page.body.matchAll(/<td class="amount[^"]*">([^<]+)<\/td>\s*<\/tr>/g)].map(
      (match) => match[1],
    );
    expect(rows).toEqual(['€111.90', '€121.90', '€116.90', '€115.95', '€95.95', '€100.00']);
  });

  it('finds the wallet entries by customer name, and only that customer’s', async () => {
    const { client } = scenario;
    const page = await client.get('/backoffice/wallet-entries?q=DUPONT');
    const text = textOf(page.body);
    expect(text).toContain('Alice Dupont');
    expect(text).not.toContain('Carol Lenoir');
    expect([...page.body.matchAll(/<tr>\s*<td>/g)]).toHaveLength(6);

    const carol = await client.get('/backoffice/wallet-entries?q=lenoir');
    expect(textOf(carol.body)).toContain('Till purchase (Caisse 1)');
    expect(textOf(carol.body)).toContain('Till order Carol Lenoir -€12.50 -€12.50');
    expect(textOf((await client.get('/backoffice/wallet-entries?q=nobody')).body)).toContain(
      'No entry for this name.',
    );
  });

  it('adds up the takings per till, payment method and day in the shop’s time zone', async () => {
    const { server } = scenario;
    const report = await readSalesByDay(server.ledger.database, {
      fromDay: '2026-03-01',
      toDay: '2026-03-06',
      timeZone: 'Europe/Brussels',
    });
    expect(
      report.rows.map((row) => [row.day, row.tillName, row.methodName, row.amountMinor]),
    ).toEqual([
      ['2026-03-03', 'Caisse 1', 'Espèces', 2000],
      ['2026-03-03', 'Caisse 1', 'Portefeuille client', 405],
      ['2026-03-03', 'Caisse 1', null, -750],
      ['2026-03-04', 'Caisse 2', 'Carte', 2000],
      ['2026-03-04', 'Caisse 2', 'Espèces', 500],
      ['2026-03-05', 'Caisse 1', 'Portefeuille client', 1250],
    ]);
    expect(report.totals.map((total) => [total.day, total.tillName, total.amountMinor])).toEqual([
      ['2026-03-03', 'Caisse 1', 1655],
      ['2026-03-04', 'Caisse 2', 2500],
      ['2026-03-05', 'Caisse 1', 1250],
    ]);
    // In UTC the offline sale of half past midnight falls on the 4th.
    const utc = await readSalesByDay(server.ledger.database, {
      fromDay: '2026-03-04',
      toDay: '2026-03-04',
      timeZone: 'UTC',
    });
    expect(utc.totals.map((total) => [total.tillName, total.amountMinor])).toEqual([
      ['Caisse 1', 1250],
      ['Caisse 2', 2500],
    ]);
  });

  it('shows the check, the liability, the overdrawn wallets and the takings', async () => {
    const { client, carol } = scenario;
    const page = await client.get('/backoffice/reports?from=2026-03-03&to=2026-03-05');
    expect(page.status).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('Every check of the books passes.');
    expect(text).toMatch(/Wallet account \(sum of its entries\) €99\.40/);
    expect(text).toMatch(/Sum of the wallet balances €99\.40/);
    expect(text).toMatch(/Difference €0\.00/);
    expect(page.body).toMatch(new RegExp(`/backoffice/customers/${carol.id}"\\s*>Carol Lenoir</a`));
    expect(text).toMatch(/Carol Lenoir -€12\.50 €0\.00/);
    expect(text).toContain('Change given (cash) -€7.50');
    expect(text).toContain('Total 2026-03-03 · Caisse 1 €16.55');
  });

  it('keeps the wallet liability equal to the sum of the wallets', async () => {
    const { server } = scenario;
    const liability = await readLiability(server.ledger.database);
    expect(liability).toEqual({
      entriesTotalMinor: 11_190 - 1_250,
      walletsTotalMinor: 11_190 - 1_250,
      // Alice, Bob and Carol.
      walletCount: 3,
      positiveWalletCount: 1,
      negativeWalletCount: 1,
    });
  });

  it.each([
    ['a malformed date', 'from=2026-3-1&to=2026-03-05', 'Invalid date: use YYYY-MM-DD.'],
    ['an impossible date', 'from=2026-02-30&to=2026-03-05', 'Invalid date'],
    ['a reversed period', 'from=2026-03-05&to=2026-03-01', 'limited to 93 days'],
    ['too long a period', 'from=2025-01-01&to=2026-03-05', 'limited to 93 days'],
  ])('says what is wrong with %s', async (_label, query, message) => {
    const page = await scenario.client.get(`/backoffice/reports?${query}`);
    expect(page.status).toBe(200);
    expect(textOf(page.body)).toContain(message);
  });
});
