// Bank statements in both layouts: each credit line is matched by reference, IBAN or name, the
// rest by hand; debits and foreign currencies are listed and never booked; importing the same
// statement again, or another file holding the same lines, books nothing twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assignLine,
  confirmStatement,
  importStatement,
  readStatement,
  transactionIdForLine,
  type StatementView,
} from '../../server/statements/imports.ts';
import { engines, openTestLedger } from '../support/databases.ts';
import { balanceOf, countRows, fixture, seedStatementStore } from './support.ts';

const actor = { userId: null, name: 'Anne (comptable)' };

type Store = Awaited<ReturnType<typeof seedStatementStore>>;

async function importFile(
  ledger: Awaited<ReturnType<typeof openTestLedger>>['ledger'],
  fileName: string,
  content: Buffer,
) {
  const outcome = await importStatement(ledger.context, {
    fileName,
    content,
    actor,
  });
  if (outcome.status === 'refused') throw new Error(JSON.stringify(outcome.problems));
  const statement = await readStatement(ledger.context, outcome.statementId);
  if (!statement) throw new Error('statement vanished');
  return { outcome, statement };
}

function summary(statement: StatementView) {
  return statement.lines.map((line) => [
    line.amountMinor,
    line.status,
    line.matchMethod ?? line.ignoreReason,
    line.customerName,
  ]);
}

describe.each(engines)('bank statement import on %s', (engine) => {
  let testLedger: Awaited<ReturnType<typeof openTestLedger>>;
  let store: Store;
  beforeAll(async () => {
    testLedger = await openTestLedger(engine);
    store = await seedStatementStore(testLedger.ledger);
  });
  afterAll(() => testLedger.close());

  const camt = () => fixture('camt053-march.xml', { ALICE_REFERENCE: store.aliceReference });

  it('matches camt.053 credit lines by reference, IBAN and name and ignores the rest', async () => {
    const { ledger } = testLedger;
    const { outcome, statement } = await importFile(ledger, 'march.xml', camt());
    expect(outcome.status).toBe('imported');
    expect(statement.format).toBe('camt.053');
    expect(statement.accountIban).toBe('BE68539007547034');
    expect(summary(statement)).toEqual([
      [5_000, 'matched', 'reference', 'Alice Dupont'],
      [2_550, 'matched', 'iban', 'Camille Mercier'],
      [120_005, 'matched', 'name', 'Gérard Lefèvre'],
      [4_000, 'unmatched', null, null],
      [31_280, 'ignored', 'debit', null],
      [3_000, 'ignored', 'other_currency', null],
      [2_000, 'matched', 'reference', 'Alice Dupont'],
      [1_500, 'matched', 'name', 'Gérard Lefèvre'],
    ]);
    expect(statement.lines[1]?.communication).toBe('recharge portefeuille');
    expect(statement.lines[2]?.communication).toBe('Pour le portefeuille de la famille');
    // Importing credits nothing: a person confirms first.
    expect(await balanceOf(ledger, store.alice.id)).toBe(0);
  });

  it('credits the matched wallets on confirmation, then the hand-matched line', async () => {
    const { ledger } = testLedger;
    const { statement } = await importFile(ledger, 'march.xml', camt());
    const results = await confirmStatement(ledger.context, statement.id, actor);
    expect(results.map((result) => result.status)).toEqual(Array(5).fill('booked'));
    expect(await balanceOf(ledger, store.alice.id)).toBe(7_000);
    expect(await balanceOf(ledger, store.camille.id)).toBe(2_550);
    expect(await balanceOf(ledger, store.gerard.id)).toBe(121_505);

    const unmatched = statement.lines.find((line) => line.status === 'unmatched');
    if (!unmatched) throw new Error('no unmatched line');
    const assigned = await assignLine(ledger.context, {
      statementId: statement.id,
      lineId: unmatched.id,
      customerId: store.jeanne.id,
      actor,
    });
    expect(assigned).toEqual({ status: 'assigned' });
    const second = await confirmStatement(ledger.context, statement.id, actor);
    expect(second).toHaveLength(1);
    expect(await balanceOf(ledger, store.jeanne.id)).toBe(4_000);
    const after = await readStatement(ledger.context, statement.id);
    expect(after?.lines.find((line) => line.id === unmatched.id)).toMatchObject({
      status: 'booked',
      matchMethod: 'hand',
      bookedBy: 'Anne (comptable)',
    });
    const audit = await ledger.database.read((sql) =>
      sql.all<{ action: string }>(
        "SELECT action FROM backoffice_audit WHERE actor_name = 'Anne (comptable)' ORDER BY id",
      ),
    );
    expect(audit.map((row) => row.action)).toEqual([
      'bank_statement_imported',
      ...Array<string>(5).fill('bank_top_up_booked'),
      'bank_line_matched_by_hand',
      'bank_top_up_booked',
    ]);
    expect(await ledger.check()).toEqual([]);
  });

  it('books nothing twice when the same statement or its lines come again', async () => {
    const { ledger } = testLedger;
    const transactionsBefore = await countRows(ledger, 'transactions');
    const again = await importFile(ledger, 'march-again.xml', camt());
    expect(again.outcome.status).toBe('already_imported');
    expect(await confirmStatement(ledger.context, again.statement.id, actor)).toEqual([]);

    // The same lines in another file (the bank re-sent the day with a new message id).
    const resent = Buffer.from(
      camt().toString('utf8').replace('STMT-2026-03-31-0001', 'STMT-2026-04-01-0007'),
    );
    const other = await importFile(ledger, 'march-resent.xml', resent);
    expect(other.outcome.status).toBe('imported');
    expect(other.statement.lines.every((line) => line.status === 'duplicate')).toBe(true);
    expect(await confirmStatement(ledger.context, other.statement.id, actor)).toEqual([]);
    const refused = await assignLine(ledger.context, {
      statementId: other.statement.id,
      lineId: other.statement.lines[3]?.id ?? '',
      customerId: store.alice.id,
      actor,
    });
    expect(refused).toEqual({ status: 'refused', reason: 'not_open' });

    expect(await countRows(ledger, 'transactions')).toBe(transactionsBefore);
    expect(await balanceOf(ledger, store.alice.id)).toBe(7_000);
    expect(await ledger.check()).toEqual([]);
  });

  it('reads the CSV layout: French amounts, quotes, lines without a bank reference', async () => {
    const { ledger } = testLedger;
    const before = {
      alice: await balanceOf(ledger, store.alice.id),
      camille: await balanceOf(ledger, store.camille.id),
      gerard: await balanceOf(ledger, store.gerard.id),
    };
    const csv = fixture('statement-april.csv', { ALICE_REFERENCE: store.aliceReference });
    const { statement } = await importFile(ledger, 'april.csv', csv);
    expect(statement.format).toBe('csv');
    expect(summary(statement)).toEqual([
      [5_000, 'matched', 'reference', 'Alice Dupont'],
      [123_456, 'matched', 'iban', 'Camille Mercier'],
      [8_990, 'ignored', 'debit', null],
      [1_230, 'unmatched', null, null],
      [2_000, 'ignored', 'other_currency', null],
      [750, 'matched', 'name', 'Gérard Lefèvre'],
      [750, 'matched', 'name', 'Gérard Lefèvre'],
    ]);
    expect(statement.lines[1]?.counterpartyName).toBe('Mercier; Camille');
    await confirmStatement(ledger.context, statement.id, actor);
    expect(await balanceOf(ledger, store.alice.id)).toBe(before.alice + 5_000);
    expect(await balanceOf(ledger, store.camille.id)).toBe(before.camille + 123_456);
    // Two equal transfers on one day are two lines, both credited.
    expect(await balanceOf(ledger, store.gerard.id)).toBe(before.gerard + 1_500);

    const reordered = Buffer.from(csv.toString('utf8').replace(/\n/, '\r\n'));
    const again = await importFile(ledger, 'april-crlf.csv', reordered);
    expect(again.statement.lines.map((line) => line.status)).toEqual(Array(7).fill('duplicate'));
    expect(await ledger.check()).toEqual([]);
  });

  it('asks a person about a transfer that came before in another layout', async () => {
    const { ledger } = testLedger;
    const before = await balanceOf(ledger, store.camille.id);
    // Camille's transfer of 31 March, exported as CSV after it came in the camt.053 file.
    const csv = '2026-03-31;25,50;EUR;C. MERCIER;BE62510007547061;recharge portefeuille;X-77\n';
    const { statement } = await importFile(ledger, 'march-export.csv', Buffer.from(csv));
    expect(statement.lines[0]).toMatchObject({ status: 'unmatched', customerId: null });
    expect(statement.lines[0]?.matchNote).toContain('came in march.xml');
    expect(await confirmStatement(ledger.context, statement.id, actor)).toEqual([]);
    expect(await balanceOf(ledger, store.camille.id)).toBe(before);
  });

  it('marks a line booked once when its credit was made but the line never marked', async () => {
    const { ledger } = testLedger;
    const csv = '2026-04-06;9,00;EUR;Gérard Lefèvre;;;CSV-0406-001\n';
    const { statement } = await importFile(ledger, 'crash.csv', Buffer.from(csv));
    const rows = await ledger.database.read((sql) =>
      sql.all<{ line_identity: string }>(
        'SELECT line_identity FROM bank_statement_lines WHERE statement_id = ?',
        [statement.id],
      ),
    );
    const before = await balanceOf(ledger, store.gerard.id);
    // The credit made by a confirmation that stopped before it marked the line.
    await ledger.bookWalletTransfer({
      id: transactionIdForLine(rows[0] ?? { line_identity: '' }),
      kind: 'bank_top_up',
      customerId: store.gerard.id,
      amountMinor: 900,
      description: 'Bank transfer',
    });
    const results = await confirmStatement(ledger.context, statement.id, actor);
    expect(results.map((result) => result.status)).toEqual(['booked']);
    expect(await balanceOf(ledger, store.gerard.id)).toBe(before + 900);
    const after = await readStatement(ledger.context, statement.id);
    expect(after?.lines[0]?.status).toBe('booked');
    expect(await confirmStatement(ledger.context, statement.id, actor)).toEqual([]);
    expect(await ledger.check()).toEqual([]);
  });

  it('leaves a line with a mistyped reference for a person, saying why', async () => {
    const { ledger } = testLedger;
    const wrongCheck = store.aliceReference.replace(/(\d\d)\+\+\+$/, (digits: string) =>
      digits === '00+++' ? '01+++' : '00+++',
    );
    const csv = `2026-04-05;10,00;EUR;Quelqu'un;;${wrongCheck};CSV-0405-001\n`;
    const { statement } = await importFile(ledger, 'typo.csv', Buffer.from(csv));
    expect(statement.lines[0]).toMatchObject({ status: 'unmatched' });
    expect(statement.lines[0]?.matchNote).toContain('wrong check digits');
  });
});
