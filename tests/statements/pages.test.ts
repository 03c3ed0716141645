// The back-office pages for bank statements, invoices and suspense, over HTTP with a signed-in
// user: an upload is matched, matched by hand and confirmed; the same file again books nothing;
// broken files and bad amounts get a clear message; a form without the session's CSRF token,
// or a visitor without a session, changes nothing.
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PageClient,
  csrfTokenIn,
  startBackOffice,
  textOf,
  type BackOffice,
} from '../backoffice/support/back-office.ts';
import { engines } from '../support/databases.ts';
import { accountBalance, balanceOf, countRows, fixture, referenceOf } from './support.ts';

async function upload(
  backOffice: BackOffice,
  client: PageClient,
  content: Buffer,
  fileName: string,
  options: { csrf?: string | null } = {},
) {
  const form = new FormData();
  const page = await client.get('/backoffice/statements');
  const csrf = options.csrf === undefined ? csrfTokenIn(page.body) : options.csrf;
  if (csrf !== null) form.set('_csrf', csrf);
  form.set('format', '');
  form.set('statement', new Blob([new Uint8Array(content)]), fileName);
  const cookie = [...client.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
  const response = await fetch(`${backOffice.url}/backoffice/statements`, {
    method: 'POST',
    headers: { cookie },
    body: form,
    redirect: 'manual',
  });
  return {
    status: response.status,
    location: response.headers.get('location'),
    body: await response.text(),
  };
}

describe.each(engines)('bank statement and invoice pages on %s', (engine) => {
  let backOffice: BackOffice;
  let client: PageClient;
  let ids: { camille: string; jeanne: string };
  let aliceReference: string;

  beforeAll(async () => {
    backOffice = await startBackOffice(engine);
    const { ledger } = backOffice;
    const camille = await ledger.createCustomer({
      name: 'Camille Mercier',
      iban: 'BE62510007547061',
      isWalletUser: true,
    });
    await ledger.createCustomer({ name: 'Gérard Lefèvre', isWalletUser: true });
    const jeanne = await ledger.createCustomer({ name: 'Jeanne Petit', isWalletUser: true });
    ids = { camille: camille.id, jeanne: jeanne.id };
    aliceReference = await referenceOf(ledger, backOffice.store.alice.id);
    client = new PageClient(backOffice.url);
    const login = await client.login();
    expect(login.status).toBe(303);
  });
  afterAll(() => backOffice.close());

  const march = () => fixture('camt053-march.xml', { ALICE_REFERENCE: aliceReference });

  it('imports a statement, matches a line by hand and credits the wallets', async () => {
    const { ledger, store } = backOffice;
    const list = await client.get('/backoffice/statements');
    expect(list.status).toBe(200);
    expect(textOf(list.body)).toContain('Import a statement');

    const uploaded = await upload(backOffice, client, march(), 'march.xml');
    expect(uploaded.status).toBe(303);
    const statementPath = uploaded.location ?? '';
    expect(statementPath).toMatch(/^\/backoffice\/statements\/[0-9a-f-]{36}$/);
    const page = await client.get(statementPath);
    const text = textOf(page.body);
    expect(text).toContain('Statement imported. Check the lines, then confirm.');
    expect(text).toContain('Matched (reference)');
    expect(text).toContain('Matched (IBAN)');
    expect(text).toContain('Ignored: debit');
    expect(text).toContain('Ignored: other currency');
    expect(text).toContain('To match');
    expect(await balanceOf(ledger, store.alice.id)).toBe(10_000);

    // The fourth line is the one nobody matched.
    const row = page.body.slice(page.body.indexOf('id="line-4"'));
    const lineId = /lines\/([0-9a-f-]{36})\/assign/.exec(row)?.[1] ?? '';
    const assigned = await client.post(`${statementPath}/lines/${lineId}/assign`, {
      _csrf: csrfTokenIn(page.body),
      query: 'petit jea',
    });
    expect(assigned.status).toBe(303);
    expect(textOf((await client.get(statementPath)).body)).toContain(
      'Line matched to Jeanne Petit.',
    );

    const confirmPage = await client.get(statementPath);
    const confirmed = await client.post(`${statementPath}/confirm`, {
      _csrf: csrfTokenIn(confirmPage.body),
    });
    expect(confirmed.status).toBe(303);
    const afterConfirm = textOf((await client.get(statementPath)).body);
    expect(afterConfirm).toContain('6 line(s) credited.');
    expect(await balanceOf(ledger, store.alice.id)).toBe(10_000 + 7_000);
    expect(await balanceOf(ledger, ids.camille)).toBe(2_550);
    expect(await balanceOf(ledger, ids.jeanne)).toBe(4_000);
    expect(await ledger.check()).toEqual([]);
  });

  it('answers the same file again with the first import and books nothing', async () => {
    const { ledger } = backOffice;
    const before = await countRows(ledger, 'transactions');
    const first = await client.get('/backoffice/statements');
    const firstLink = /href="(\/backoffice\/statements\/[0-9a-f-]{36})"/.exec(first.body)?.[1];
    const again = await upload(backOffice, client, march(), 'march-again.xml');
    expect(again.location).toBe(firstLink);
    expect(textOf((await client.get(again.location ?? '')).body)).toContain(
      'This statement was imported before',
    );
    expect(await countRows(ledger, 'transactions')).toBe(before);
  });

  it.each([
    ['a cut XML file', '<?xml version="1.0"?><Document><BkToCstmrStmt>', 'not valid XML'],
    ['a CSV line with a word for an amount', '2026-04-01;dix;EUR;X;;;r\n', 'the amount "dix"'],
    ['an empty file', '', 'Choose a statement file.'],
  ])('refuses %s with the reason and records nothing', async (_name, content, message) => {
    const { ledger } = backOffice;
    const before = await countRows(ledger, 'bank_statements');
    const response = await upload(backOffice, client, Buffer.from(content), 'bad.txt');
    expect(response.status).toBe(400);
    expect(textOf(response.body)).toContain(message);
    expect(textOf(response.body)).toContain('nothing was recorded');
    expect(await countRows(ledger, 'bank_statements')).toBe(before);
  });

  it('refuses forms without the session’s CSRF token, and visitors without a session', async () => {
    const { ledger, store } = backOffice;
    const statements = await countRows(ledger, 'bank_statements');
    const forged = await upload(
      backOffice,
      client,
      fixture('statement-april.csv', { ALICE_REFERENCE: aliceReference }),
      'april.csv',
      { csrf: 'forged' },
    );
    expect(forged.status).toBe(403);
    expect(await countRows(ledger, 'bank_statements')).toBe(statements);

    const balance = await balanceOf(ledger, store.alice.id);
    const invoices = await countRows(ledger, 'invoices');
    const page = await client.get('/backoffice/invoices');
    const id = /name="id" value="([^"]+)"/.exec(page.body)?.[1] ?? '';
    const noToken = await client.post('/backoffice/invoices', {
      id,
      customer: 'Alice Dupont',
      amount: '50',
      issuedOn: '2026-04-02',
      booking: 'wallet',
    });
    expect(noToken.status).toBe(403);
    expect(await countRows(ledger, 'invoices')).toBe(invoices);

    const outsider = new PageClient(backOffice.url);
    expect((await outsider.get('/backoffice/statements')).status).toBe(303);
    const tillToken = await outsider.get('/backoffice/invoices', {
      authorization: `Bearer ${store.token}`,
    });
    expect(tillToken.status).toBe(303);
    expect(tillToken.location).toMatch(/^\/backoffice\/login/);
    expect(await balanceOf(ledger, store.alice.id)).toBe(balance);
  });

  it('issues an invoice to suspense, prints it, and moves the money to the wallet', async () => {
    const { ledger, store } = backOffice;
    const balance = await balanceOf(ledger, store.alice.id);
    const suspense = await accountBalance(ledger, 'suspense');
    const page = await client.get('/backoffice/invoices');
    const form = {
      _csrf: csrfTokenIn(page.body),
      id: /name="id" value="([^"]+)"/.exec(page.body)?.[1] ?? '',
      customer: 'alice dupont',
      amount: '50,00',
      issuedOn: '2026-04-02',
      booking: 'suspense',
    };
    const created = await client.post('/backoffice/invoices', form);
    expect(created.status).toBe(303);
    const again = await client.post('/backoffice/invoices', form);
    expect(again.location).toBe(created.location);
    expect(await countRows(ledger, 'invoices')).toBe(1);

    const invoicePage = textOf((await client.get(created.location ?? '')).body);
    expect(invoicePage).toContain('Invoice 2026-00001 issued.');
    expect(invoicePage).toContain('+++202/6000/00192+++');
    expect(await accountBalance(ledger, 'suspense')).toBe(suspense + 5_000);
    expect(await balanceOf(ledger, store.alice.id)).toBe(balance);

    const pdf = await fetch(`${backOffice.url}${created.location ?? ''}/pdf`, {
      headers: { cookie: [...client.cookies].map(([k, v]) => `${k}=${v}`).join('; ') },
    });
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const document = await PDFDocument.load(await pdf.arrayBuffer());
    expect(document.getTitle()).toBe('Facture 2026-00001');

    const invoiceId = (created.location ?? '').split('/').at(-1) ?? '';
    const suspensePage = await client.get(`/backoffice/suspense?invoice=${invoiceId}`);
    expect(textOf(suspensePage.body)).toContain('Suspense account balance: €50.00');
    const moved = await client.post('/backoffice/suspense/transfers', {
      _csrf: csrfTokenIn(suspensePage.body),
      id: /name="id" value="([^"]+)"/.exec(suspensePage.body)?.[1] ?? '',
      customerId: store.alice.id,
      amount: '50.00',
      description: 'Invoice 2026-00001',
    });
    expect(moved.status).toBe(303);
    expect(textOf((await client.get('/backoffice/suspense')).body)).toContain(
      '€50.00 credited to the wallet of Alice Dupont.',
    );
    expect(await balanceOf(ledger, store.alice.id)).toBe(balance + 5_000);
    expect(await accountBalance(ledger, 'suspense')).toBe(suspense);
    expect(await ledger.check()).toEqual([]);
  });

  it.each([
    ['a word for an amount', { amount: 'cinquante' }, 'The amount must be positive'],
    ['a negative amount', { amount: '-5' }, 'The amount must be positive'],
    ['three decimals', { amount: '5,123' }, 'The amount must be positive'],
    ['a date that does not exist', { issuedOn: '2026-02-30' }, 'The date is not valid.'],
    ['nobody we know', { customer: 'Personne Inconnue' }, 'No customer matches'],
  ])('refuses an invoice with %s and issues nothing', async (_name, change, message) => {
    const { ledger } = backOffice;
    const before = await countRows(ledger, 'invoices');
    const page = await client.get('/backoffice/invoices');
    const response = await client.post('/backoffice/invoices', {
      _csrf: csrfTokenIn(page.body),
      id: /name="id" value="([^"]+)"/.exec(page.body)?.[1] ?? '',
      customer: 'Camille Mercier',
      amount: '10',
      issuedOn: '2026-04-02',
      booking: 'wallet',
      ...change,
    });
    expect(response.status).toBe(400);
    expect(textOf(response.body)).toContain(message);
    expect(await countRows(ledger, 'invoices')).toBe(before);
  });
});
