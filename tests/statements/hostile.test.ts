// Statement files that are broken, hostile or wrong in their amounts: each is refused whole with a
// message that says where and what, and nothing is recorded or booked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsvAmount, parseIsoAmount } from '../../server/statements/amounts.ts';
import { importStatement, readStatement } from '../../server/statements/imports.ts';
import { engines, openTestLedger } from '../support/databases.ts';
import { countRows, fixture, seedStatementStore } from './support.ts';

const actor = { userId: null, name: 'Anne (comptable)' };

const camtHeader =
  '<?xml version="1.0"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">' +
  '<BkToCstmrStmt><Stmt><Id>1</Id><Acct><Id><IBAN>BE68539007547034</IBAN></Id></Acct>';
const camtFooter = '</Stmt></BkToCstmrStmt></Document>';

function camtEntry(amount: string, extra = '') {
  return (
    `<Ntry><Amt Ccy="EUR">${amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>` +
    `<BookgDt><Dt>2026-03-31</Dt></BookgDt>${extra}</Ntry>`
  );
}

describe('amounts read from their decimal text', () => {
  it.each([
    ['0.10', 10],
    ['25.5', 2_550],
    ['1200.05', 120_005],
    ['19.99000', 1_999],
    ['00012.30', 1_230],
  ])('reads the ISO amount %s as %i cents', (text, minor) => {
    expect(parseIsoAmount(text)).toEqual({ ok: true, minor, isNegative: false });
  });

  it.each([
    ['12,50', 'not_a_number'],
    ['-12.50', 'not_a_number'],
    ['12.505', 'too_many_decimals'],
    ['1e3', 'not_a_number'],
    ['0.00', 'zero'],
    ['99999999999.99', 'too_large'],
    ['', 'not_a_number'],
  ])('refuses the ISO amount "%s" (%s)', (text, reason) => {
    expect(parseIsoAmount(text)).toEqual({ ok: false, reason });
  });

  it.each([
    ['25,00', 2_500, false],
    ['-89,90', 8_990, true],
    ['+12.3', 1_230, false],
    ['1 234,56', 123_456, false],
    ['1.234.567,89', 123_456_789, false],
    ["1'000", 100_000, false],
    ['\u22127,5', 750, true],
  ])('reads the CSV amount %s', (text, minor, isNegative) => {
    expect(parseCsvAmount(text)).toEqual({ ok: true, minor, isNegative });
  });

  it.each([
    ['12,345', 'too_many_decimals'],
    ['12,3,4', 'not_a_number'],
    ['douze', 'not_a_number'],
    ['1 23,00', 'not_a_number'],
    ['0,00', 'zero'],
    ['NaN', 'not_a_number'],
  ])('refuses the CSV amount "%s" (%s)', (text, reason) => {
    expect(parseCsvAmount(text)).toEqual({ ok: false, reason });
  });
});

describe.each(engines)('hostile statements on %s', (engine) => {
  let testLedger: Awaited<ReturnType<typeof openTestLedger>>;
  beforeAll(async () => {
    testLedger = await openTestLedger(engine);
    await seedStatementStore(testLedger.ledger);
  });
  afterAll(() => testLedger.close());

  it.each([
    ['an empty file', '', 'the file is empty'],
    ['XML cut short', `${camtHeader}${camtEntry('10.00')}</Stmt>`, 'not valid XML'],
    [
      'XML declaring entities',
      '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY a "aaaa">]><Document>&a;</Document>',
      'DOCTYPE',
    ],
    ['XML that is not camt.053', '<?xml version="1.0"?><Invoice><Id>1</Id></Invoice>', 'no camt'],
    [
      'an amount with a decimal comma',
      `${camtHeader}${camtEntry('10,00')}${camtFooter}`,
      'entry 1: the amount "10,00" is not valid',
    ],
    [
      'an amount without its currency',
      `${camtHeader}<Ntry><Amt>5.00</Amt><CdtDbtInd>CRDT</CdtDbtInd>` +
        `<BookgDt><Dt>2026-03-31</Dt></BookgDt></Ntry>${camtFooter}`,
      'currency',
    ],
    [
      'an entry without a side',
      `${camtHeader}${camtEntry('5.00').replace('CRDT', 'BOTH')}${camtFooter}`,
      'CdtDbtInd must be CRDT or DBIT',
    ],
    [
      'a booking date that does not exist',
      `${camtHeader}${camtEntry('5.00').replace('2026-03-31', '2026-02-30')}${camtFooter}`,
      'booking date',
    ],
    [
      'a batch without amounts per transaction',
      `${camtHeader}${camtEntry('5.00', '<NtryDtls><TxDtls/><TxDtls/></NtryDtls>')}${camtFooter}`,
      'amount per transaction',
    ],
    ['CSV with a field missing', '2026-04-01;10,00;EUR;Alice;;merci\n', 'expected 7 fields'],
    ['CSV with a quote never closed', '2026-04-01;"10,00;EUR;Alice;;;x\n', 'never closed'],
    ['CSV with a wrong date', '2026-13-01;10,00;EUR;Alice;;;x\n', 'line 1: the date'],
    [
      'CSV with blank and quoted lines before a wrong date',
      '\r\n2026-04-01;1,00;EUR;"two\nlines";;;a\r\n\r\n2026-13-01;10,00;EUR;Alice;;;x\n',
      'line 5: the date',
    ],
    ['CSV with three decimals', '2026-04-01;10,005;EUR;Alice;;;x\n', 'too_many_decimals'],
    ['CSV with a word for an amount', '2026-04-01;dix;EUR;Alice;;;x\n', 'the amount "dix"'],
    ['CSV with a bad IBAN', '2026-04-01;10,00;EUR;Alice;BE12;;x\n', 'the IBAN "BE12"'],
    ['CSV with a bad currency', '2026-04-01;10,00;euro;Alice;;;x\n', 'the currency "euro"'],
    [
      'CSV with only a header',
      'date;amount;currency;name;iban;communication;reference\n',
      'no lines',
    ],
  ])('refuses %s, says why, and records nothing', async (_name, content, message) => {
    const { ledger } = testLedger;
    const before = [
      await countRows(ledger, 'bank_statements'),
      await countRows(ledger, 'bank_statement_lines'),
      await countRows(ledger, 'transactions'),
    ];
    const outcome = await importStatement(ledger.context, {
      fileName: 'hostile',
      content: Buffer.from(content),
      actor,
    });
    expect(outcome.status).toBe('refused');
    const problems = outcome.status === 'refused' ? outcome.problems : [];
    expect(problems.map((problem) => `${problem.where}: ${problem.message}`).join('\n')).toContain(
      message,
    );
    expect([
      await countRows(ledger, 'bank_statements'),
      await countRows(ledger, 'bank_statement_lines'),
      await countRows(ledger, 'transactions'),
    ]).toEqual(before);
  });

  it('refuses a whole file when one line of many is wrong', async () => {
    const good = fixture('statement-april.csv', { ALICE_REFERENCE: '+++000/0000/00101+++' });
    const bad = Buffer.concat([good, Buffer.from('2026-04-09;12,3,4;EUR;X;;;y\n')]);
    const outcome = await importStatement(testLedger.ledger.context, {
      fileName: 'april.csv',
      content: bad,
      actor,
    });
    expect(outcome).toMatchObject({ status: 'refused', problems: [{ where: 'line 9' }] });
    expect(await countRows(testLedger.ledger, 'bank_statements')).toBe(0);
  });

  it('lists a returned payment and a pending entry without crediting them', async () => {
    const entries =
      camtEntry('12.00', '<RvslInd>true</RvslInd>') +
      camtEntry('13.00').replace('<Cd>BOOK</Cd>', '<Cd>PDNG</Cd>');
    const outcome = await importStatement(testLedger.ledger.context, {
      fileName: 'reversal.xml',
      content: Buffer.from(`${camtHeader}${entries}${camtFooter}`),
      actor,
    });
    if (outcome.status === 'refused') throw new Error('refused');
    const statement = await readStatement(testLedger.ledger.context, outcome.statementId);
    expect(statement?.lines.map((line) => [line.status, line.ignoreReason])).toEqual([
      ['ignored', 'reversal'],
      ['ignored', 'not_booked_by_bank'],
    ]);
  });

  it('reads a CSV exported in Windows-1252', async () => {
    const latin1 = Buffer.from('2026-04-01;10,00;EUR;Gérard Lefèvre;;;W-1\n', 'latin1');
    const outcome = await importStatement(testLedger.ledger.context, {
      fileName: 'latin1.csv',
      content: latin1,
      actor,
    });
    expect(outcome.status).toBe('imported');
  });
});
