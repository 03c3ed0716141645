// The till sessions page, on every engine: a Z report is shown with who opened, closed and
// approved, the float and the cash count, and beside the till's figures the ledger's; while an
// order of the session has not arrived the figures it touches are marked as different, and once
// it arrives they agree.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engines } from '../support/databases.ts';
import { scriptSession, zReportFor, type ScriptedSession } from '../support/session-script.ts';
import { line, makeOrder, pay } from '../support/store.ts';
import { PageClient, startBackOffice, textOf, type BackOffice } from './support/back-office.ts';

const pagePath = '/backoffice/till-sessions';

/** The figure rows of the page marked as different, by their test id. */
function mismatchedFigures(body: string): string[] {
  return [...body.matchAll(/<tr\s+data-testid="figure-([^"]+)"\s+class="([^"]*)"/g)]
    .filter((match) => match[2] === 'mismatch')
    .map((match) => match[1] ?? '');
}

describe.each(engines)('the till sessions page on %s', (engine) => {
  let server: BackOffice;
  let client: PageClient;
  let session: ScriptedSession;

  beforeAll(async () => {
    server = await startBackOffice(engine);
    client = new PageClient(server.url);
    await client.login();
    session = scriptSession(server.store);
  });

  afterAll(() => server?.close());

  it('asks an outsider to sign in first', async () => {
    const response = await new PageClient(server.url).get(pagePath);

    expect(response.status).toBe(303);
    expect(response.location).toContain('/backoffice/login');
  });

  it('shows the report and marks what differs while an order is missing', async () => {
    // The split sale (wallet 3,00 and cash 5,00 less 1,92 back) is still on the till.
    const splitSale = session.orders[5]!;
    const sent = session.orders.filter((order) => order !== splitSale);
    await server.ledger.push(server.store.till, sent);
    const report = {
      ...zReportFor(session.sessionId, session.expected, {
        floatMinor: 15_000,
        cashCountedMinor: 17_200,
        unsyncedOrderCount: 1,
      }),
      approvedBy: { id: '0c5e8a4b-3f2d-4e1a-9b7c-6d5e4f3a2b1c', name: 'Marc <Gérant>' },
    };
    await server.ledger.saveSessionReport(server.store.till, report);

    const page = await client.get(pagePath);

    expect(page.status).toBe(200);
    const text = textOf(page.body);
    expect(text).toContain('Caisse 1');
    expect(text).toContain('Claire');
    // Float 150,00; expected 150,00 + 22,23; counted 172,00: 0,23 missing.
    expect(text).toMatch(/Cash float\s+€150\.00/);
    expect(text).toMatch(/Cash expected\s+€172\.23/);
    expect(text).toMatch(/Cash counted\s+€172\.00/);
    expect(text).toMatch(/Cash difference\s+-€0\.23/);
    expect(text).toMatch(/Orders not sent at closing\s+1/);
    expect(text).toContain('Marc <Gérant>');
    expect(page.body).not.toContain('<Gérant>');
    expect(page.body).toContain('data-testid="session-differ"');
    expect(text).toContain('1 order(s) had not been sent at closing');
    expect(mismatchedFigures(page.body).sort()).toEqual(
      [
        'orderCount',
        'netSalesMinor',
        'walletSpendsMinor',
        'netCashMinor',
        `method-${server.store.cash.id}`,
        `method-${server.store.wallet.id}`,
      ].sort(),
    );
    // The net cash row: the till's 22,23, the ledger's 19,15 without the split sale's 3,08.
    const netCashRow = /<tr\s+data-testid="figure-netCashMinor"[\s\S]*?<\/tr>/.exec(page.body);
    expect(textOf(netCashRow?.[0] ?? '')).toMatch(/€22\.23\s+€19\.15\s+-€3\.08/);
  });

  it('shows the figures agreeing once the missing order has arrived', async () => {
    await server.ledger.push(server.store.till, [session.orders[5]!]);

    const page = await client.get(pagePath);

    expect(page.body).toContain('data-testid="session-agree"');
    expect(page.body).not.toContain('data-testid="session-differ"');
    expect(mismatchedFigures(page.body)).toEqual([]);
  });

  it('lists a session with orders and no report apart, with the ledger’s figures', async () => {
    const { store } = server;
    await server.ledger.push(store.till, [
      makeOrder({
        sessionId: '0190b000-0000-7000-8000-00000000000a',
        createdAt: '2026-03-03T09:00:00.000Z',
        lines: [line(store.soap, 2000)],
        payments: [pay(store.cash, 3000)],
        changeGivenMinor: 500,
      }),
    ]);

    const page = await client.get(pagePath);

    const rows = [...page.body.matchAll(/<tr data-testid="open-session">([\s\S]*?)<\/tr>/g)];
    expect(rows).toHaveLength(1);
    expect(textOf(rows[0]?.[1] ?? '')).toMatch(/Caisse 1 .* 1\s+0\s+€25\.00\s+€25\.00/);
  });

  it('is linked from the navigation', async () => {
    const page = await client.get('/backoffice');

    expect(page.body).toContain(`href="${pagePath}"`);
  });
});
