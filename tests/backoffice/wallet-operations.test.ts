// Manual adjustments and payouts booked from the customer page. Each must move the wallet by
// exactly the amount typed, leave an audit row naming who booked it, and keep the books
// balanced; every bad input (not an amount, no reason, more than the balance, a forged form)
// must be refused with a message and write nothing at all.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readAudit } from '../../server/backoffice/audit.ts';
import { newId } from '../../shared/ids.ts';
import { asNumber, one } from '../../server/storage/database.ts';
import { engines } from '../support/databases.ts';
import {
  csrfTokenIn,
  PageClient,
  startBackOffice,
  textOf,
  userName,
  type BackOffice,
} from './support/back-office.ts';

interface Counts {
  transactions: number;
  audit: number;
  balanceMinor: number;
}

describe.each(engines)('wallet adjustments and payouts on %s', (engine) => {
  let server: BackOffice;
  let client: PageClient;
  let customerPath: string;

  async function counts(): Promise<Counts> {
    const customer = await server.ledger.readCustomer(server.store.alice.id);
    return server.ledger.database.read(async (sql) => {
      const transactions = await one<{ count: unknown }>(
        sql,
        'SELECT COUNT(*) AS count FROM transactions',
      );
      const audit = await one<{ count: unknown }>(
        sql,
        "SELECT COUNT(*) AS count FROM backoffice_audit WHERE action LIKE 'wallet_%'",
      );
      return {
        transactions: asNumber(transactions?.count),
        audit: asNumber(audit?.count),
        balanceMinor: customer?.walletBalanceMinor ?? Number.NaN,
      };
    });
  }

  /** Posts the form of the customer page with its own token and operation id. */
  async function postForm(form: 'adjustment' | 'payout', fields: Record<string, string>) {
    const page = await client.get(customerPath);
    const operationId = new RegExp(
      `action="${customerPath}/${form}"[\\s\\S]*?name="operationId" value="([^"]+)"`,
    ).exec(page.body)?.[1];
    expect(operationId).toBeDefined();
    return client.post(`${customerPath}/${form}`, {
      _csrf: csrfTokenIn(page.body),
      operationId: operationId ?? '',
      ...fields,
    });
  }

  beforeAll(async () => {
    server = await startBackOffice(engine);
    client = new PageClient(server.url);
    await client.login();
    customerPath = `/backoffice/customers/${server.store.alice.id}`;
  });

  afterAll(() => server?.close());

  beforeEach(async () => {
    expect(await server.ledger.check()).toEqual([]);
  });

  it('credits a wallet by an adjustment and records who did it', async () => {
    const before = await counts();
    const response = await postForm('adjustment', {
      direction: 'credit',
      amount: '12.50',
      reason: 'Geste commercial: pain rassis',
    });
    expect(response.status).toBe(303);
    expect(response.location).toBe(customerPath);
    const after = await counts();
    expect(after.balanceMinor).toBe(before.balanceMinor + 1250);
    expect(after.transactions).toBe(before.transactions + 1);

    const [row] = await server.ledger.database.read((sql) => readAudit(sql, { limit: 1 }));
    expect(row).toMatchObject({
      userId: server.user.id,
      actorName: userName,
      action: 'wallet_adjustment',
      targetKind: 'customer',
      targetId: server.store.alice.id,
      amountMinor: 1250,
      detail: 'Geste commercial: pain rassis',
    });
    const booked = await server.ledger.database.read((sql) =>
      one<{ kind: string; description: string }>(
        sql,
        'SELECT kind, description FROM transactions WHERE id = ?',
        [row?.transactionId ?? ''],
      ),
    );
    expect(booked).toEqual({ kind: 'adjustment', description: 'Geste commercial: pain rassis' });

    const page = await client.get(customerPath);
    expect(textOf(page.body)).toContain('Adjustment of €12.50 booked. New balance: €112.50.');
    // The notice is shown once.
    expect(textOf((await client.get(customerPath)).body)).not.toContain('Adjustment of');
  });

  it('debits a wallet by an adjustment', async () => {
    const before = await counts();
    const response = await postForm('adjustment', {
      direction: 'debit',
      amount: '2.5',
      reason: 'Double recharge corrigée',
    });
    expect(response.status).toBe(303);
    expect((await counts()).balanceMinor).toBe(before.balanceMinor - 250);
    const [row] = await server.ledger.database.read((sql) => readAudit(sql, { limit: 1 }));
    expect(row?.amountMinor).toBe(-250);
  });

  it('reads a French amount on a French page', async () => {
    await client.submit('/backoffice/profile', '/backoffice/profile', { language: 'fr' });
    const before = await counts();
    const response = await postForm('adjustment', {
      direction: 'credit',
      amount: '1 000,05 €',
      reason: 'Reprise de solde',
    });
    expect(response.status).toBe(303);
    expect((await counts()).balanceMinor).toBe(before.balanceMinor + 100_005);
    expect(textOf((await client.get(customerPath)).body)).toMatch(
      /Ajustement de 1\s000,05\s€ enregistré\./,
    );
    await client.submit('/backoffice/profile', '/backoffice/profile', { language: 'en' });
  });

  it.each([
    [
      'not an amount',
      { direction: 'credit', amount: 'abc', reason: 'x' },
      '"abc" is not an amount.',
    ],
    ['an empty amount', { direction: 'credit', amount: '', reason: 'x' }, 'Enter an amount.'],
    ['a zero amount', { direction: 'credit', amount: '0,00', reason: 'x' }, 'cannot be zero'],
    ['three decimals', { direction: 'credit', amount: '1.0055', reason: 'x' }, 'at most two'],
    ['a negative amount', { direction: 'debit', amount: '-5', reason: 'x' }, 'must be positive'],
    ['a float in disguise', { direction: 'credit', amount: '1e3', reason: 'x' }, 'not an amount'],
    ['a huge amount', { direction: 'credit', amount: '9999999999999', reason: 'x' }, 'too large'],
    ['no reason', { direction: 'credit', amount: '5', reason: '   ' }, 'reason is required'],
    ['a long reason', { direction: 'credit', amount: '5', reason: 'x'.repeat(501) }, '500'],
    ['no direction', { direction: 'sideways', amount: '5', reason: 'x' }, 'credit or debit'],
  ])('refuses an adjustment with %s and writes nothing', async (_label, fields, message) => {
    const before = await counts();
    const response = await postForm('adjustment', fields);
    expect(response.status).toBe(422);
    const text = textOf(response.body);
    expect(text).toContain(message);
    expect(text).toContain('Nothing was saved.');
    expect(await counts()).toEqual(before);
  });

  it('keeps what was typed in the refused form', async () => {
    const response = await postForm('adjustment', {
      direction: 'debit',
      amount: 'douze',
      reason: 'Erreur de caisse <b>',
    });
    expect(response.body).toContain('value="douze"');
    expect(response.body).toContain('Erreur de caisse &lt;b&gt;</textarea>');
    expect(response.body).toMatch(/value="debit"\s+checked/);
  });

  it('books a form sent twice only once', async () => {
    const before = await counts();
    const page = await client.get(customerPath);
    const operationId = /name="operationId" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const fields = {
      _csrf: csrfTokenIn(page.body),
      operationId,
      direction: 'credit',
      amount: '3',
      reason: 'Double clic',
    };
    expect((await client.post(`${customerPath}/adjustment`, fields)).status).toBe(303);
    expect((await client.post(`${customerPath}/adjustment`, fields)).status).toBe(303);
    const after = await counts();
    expect(after.balanceMinor).toBe(before.balanceMinor + 300);
    expect(after.transactions).toBe(before.transactions + 1);
    expect(after.audit).toBe(before.audit + 1);
  });

  it('refuses a form that reuses an operation id for other content', async () => {
    const page = await client.get(customerPath);
    const operationId = newId();
    const base = { _csrf: csrfTokenIn(page.body), operationId, reason: 'Premier' };
    await client.post(`${customerPath}/adjustment`, { ...base, direction: 'credit', amount: '1' });
    const before = await counts();
    const response = await client.post(`${customerPath}/adjustment`, {
      ...base,
      direction: 'credit',
      amount: '2',
    });
    expect(response.status).toBe(422);
    expect(textOf(response.body)).toContain('already booked with other content');
    expect(await counts()).toEqual(before);
  });

  it.each([
    ['without a token', (_token: string) => ({})],
    ['with a wrong token', (token: string) => ({ _csrf: `${token.slice(0, -2)}xx` })],
    ['with a token of another length', () => ({ _csrf: 'short' })],
  ])('refuses a forged adjustment %s and writes nothing', async (_label, tokenField) => {
    const page = await client.get(customerPath);
    const before = await counts();
    const response = await client.post(`${customerPath}/adjustment`, {
      ...tokenField(csrfTokenIn(page.body)),
      operationId: newId(),
      direction: 'credit',
      amount: '500',
      reason: 'Forged',
    });
    expect(response.status).toBe(403);
    expect(textOf(response.body)).toContain('Nothing was saved.');
    expect(await counts()).toEqual(before);
  });

  it("refuses another session's token", async () => {
    const other = new PageClient(server.url);
    await other.login();
    const otherToken = csrfTokenIn((await other.get('/backoffice')).body);
    const before = await counts();
    const response = await client.post(`${customerPath}/adjustment`, {
      _csrf: otherToken,
      operationId: newId(),
      direction: 'credit',
      amount: '500',
      reason: 'Forged',
    });
    expect(response.status).toBe(403);
    expect(await counts()).toEqual(before);
  });

  it('refuses a payout above the balance, or of nothing, and writes nothing', async () => {
    const before = await counts();
    const tooMuch = await postForm('payout', {
      amount: String(before.balanceMinor / 100 + 1),
      reason: 'Départ',
    });
    expect(tooMuch.status).toBe(422);
    expect(textOf(tooMuch.body)).toMatch(/The payout \(€[\d,.]+\) is more than the wallet balance/);
    expect(await counts()).toEqual(before);

    const negative = await postForm('payout', { amount: '-10', reason: 'Départ' });
    expect(negative.status).toBe(422);
    expect(await counts()).toEqual(before);
  });

  it('pays out the whole balance, proposed in the form, and records it', async () => {
    const before = await counts();
    const page = await client.get(customerPath);
    const proposed = /action="[^"]*\/payout"[\s\S]*?name="amount"[^>]*value="([^"]+)"/.exec(
      page.body,
    )?.[1];
    expect(proposed).toBe((before.balanceMinor / 100).toFixed(2));
    const response = await postForm('payout', {
      amount: proposed ?? '',
      reason: 'Payout of the wallet balance',
    });
    expect(response.status).toBe(303);
    const after = await counts();
    expect(after.balanceMinor).toBe(0);
    const [row] = await server.ledger.database.read((sql) => readAudit(sql, { limit: 1 }));
    expect(row).toMatchObject({
      action: 'wallet_payout',
      amountMinor: -before.balanceMinor,
      userId: server.user.id,
    });

    // With nothing left the page offers no payout form; a post made anyway is refused.
    const emptyPage = await client.get(customerPath);
    expect(textOf(emptyPage.body)).toContain('there is nothing to pay out');
    const empty = await client.post(`${customerPath}/payout`, {
      _csrf: csrfTokenIn(emptyPage.body),
      operationId: newId(),
      amount: '1',
      reason: 'Encore',
    });
    expect(empty.status).toBe(422);
    expect(textOf(empty.body)).toContain('there is nothing to pay out');
    expect(await counts()).toEqual(after);
    expect(await server.ledger.check()).toEqual([]);
  });

  it('pays out no more than the wallet holds, even when asked directly', async () => {
    await server.ledger.bookWalletTransfer({
      kind: 'bank_top_up',
      customerId: server.store.alice.id,
      amountMinor: 1_000,
      description: 'Virement',
    });
    const before = await counts();
    const refused = server.ledger.bookWalletTransfer(
      { kind: 'payout', customerId: server.store.alice.id, amountMinor: -1_001, description: 'x' },
      { balanceFloorMinor: 0 },
    );
    await expect(refused).rejects.toMatchObject({ code: 'below_floor' });
    expect(await counts()).toEqual(before);
  });
});
