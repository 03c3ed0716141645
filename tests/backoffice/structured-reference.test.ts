// The references customers copy onto their transfers. The check digits must agree with the
// published examples of both schemes, and a reference with one digit wrong must never be read
// as valid, since it would credit another customer's wallet.
import { describe, expect, it } from 'vitest';
import {
  creditorReferenceCheck,
  findTransferReferences,
  formatCreditorReference,
  formatStructuredCommunication,
  isValidCreditorReference,
  parseTransferReference,
  structuredCommunicationCheck,
  transferReferencesOf,
} from '../../server/backoffice/structured-reference.ts';

describe('the Belgian structured communication', () => {
  // Published examples: Febelfin-style samples from bank documentation and libraries.
  it.each([
    ['+++312/4013/98067+++', 3_124_013_980],
    ['+++010/8068/17183+++', 108_068_171],
    ['+++085/1927/54115+++', 851_927_541],
    ['+++012/3456/78939+++', 123_456_789],
    // The remainder 0 is written 97: the lowest valid communication.
    ['+++000/0000/00097+++', 0],
  ])('reads the valid %s as number %i and writes it back the same', (text, number) => {
    expect(parseTransferReference(text)).toEqual({
      kind: 'structured_communication',
      referenceNumber: number,
    });
    expect(formatStructuredCommunication(number)).toBe(text);
  });

  it.each([
    ['0000000097', '97'],
    ['0000000001', '01'],
    ['0000000096', '96'],
    ['9999999999', '48'],
  ])('gives %s the check digits %s', (digits, check) => {
    expect(structuredCommunicationCheck(digits)).toBe(check);
  });

  it.each([
    '***012/3456/78939***',
    '+++ 012 / 3456 / 78939 +++',
    '012345678939',
    '012/3456/78939',
    '012.3456.78939',
  ])('accepts the way people write it: %s', (text) => {
    expect(parseTransferReference(text)?.referenceNumber).toBe(123_456_789);
  });

  it.each([
    ['a wrong check', '+++012/3456/78938+++'],
    ['97 written as 00', '+++000/0000/00000+++'],
    ['two digits swapped', '+++021/3456/78939+++'],
    ['a digit missing', '+++012/3456/7893+++'],
    ['a digit too many', '+++012/3456/789390+++'],
    ['letters', '+++0A2/3456/78939+++'],
    ['empty', ''],
    ['mixed marks', '+++012/3456/78939***x'],
  ])('refuses %s', (_label, text) => {
    expect(parseTransferReference(text)).toBeNull();
  });

  it('refuses numbers that do not fit ten digits', () => {
    expect(() => formatStructuredCommunication(10_000_000_000)).toThrow(RangeError);
    expect(() => formatStructuredCommunication(-1)).toThrow(RangeError);
    expect(() => formatStructuredCommunication(1.5)).toThrow(RangeError);
  });
});

describe('the ISO 11649 creditor reference', () => {
  it.each([
    // The example of the standard, and examples published with other implementations.
    'RF18539007547034',
    'RF18 5390 0754 7034',
    'RF18000000000539007547034',
    'RF471234567890',
    'RF712348231',
    'RF71 2348 231',
  ])('checks the published example %s as valid', (text) => {
    expect(isValidCreditorReference(text)).toBe(true);
  });

  it.each([
    'RF19539007547034',
    'RF18539007547035',
    'RF1853900754703',
    'RF18',
    'RF00539007547034',
    'XX18539007547034',
    'RF18 5390 0754 7034 0000 0000 0000 0',
    'RF18-5390-0754-7034',
  ])('refuses %s', (text) => {
    expect(isValidCreditorReference(text)).toBe(false);
  });

  it('computes check digits by mod 97-10 with letters as two digits', () => {
    expect(creditorReferenceCheck('539007547034')).toBe('18');
    expect(creditorReferenceCheck('1234567890')).toBe('47');
    expect(creditorReferenceCheck('2348231')).toBe('71');
    // A letter counts as its two-digit value: the check differs from the digits alone.
    expect(isValidCreditorReference(`RF${creditorReferenceCheck('ABC123')}ABC123`)).toBe(true);
    expect(() => creditorReferenceCheck('abc')).toThrow(RangeError);
    expect(() => creditorReferenceCheck('1'.repeat(22))).toThrow(RangeError);
  });

  it('writes our ten-digit references grouped by four and reads them back', () => {
    expect(formatCreditorReference(123_456_789)).toBe('RF18 0123 4567 89');
    expect(parseTransferReference('RF18 0123 4567 89')).toEqual({
      kind: 'creditor_reference',
      referenceNumber: 123_456_789,
    });
    expect(parseTransferReference('rf180123456789')?.referenceNumber).toBe(123_456_789);
    // Valid, but not one of ours: more than ten digits.
    expect(parseTransferReference('RF18539007547034')).toBeNull();
  });
});

describe('references of a customer', () => {
  it('are the same every time for one number and differ between numbers', () => {
    const first = transferReferencesOf(42);
    expect(transferReferencesOf(42)).toEqual(first);
    expect(transferReferencesOf(43).structuredCommunication).not.toBe(
      first.structuredCommunication,
    );
    for (let number = 1; number < 2000; number += 37) {
      const references = transferReferencesOf(number);
      expect(parseTransferReference(references.structuredCommunication)?.referenceNumber).toBe(
        number,
      );
      expect(isValidCreditorReference(references.creditorReference)).toBe(true);
      expect(parseTransferReference(references.creditorReference)?.referenceNumber).toBe(number);
    }
  });

  it('are found inside the free text of a statement line, in order', () => {
    const text =
      'Recharge +++012/3456/78939+++ merci, rf18 0123 4567 89 encore RF74 0000 0000 01 ' +
      'et +++012/3456/78938+++ faux';
    expect(findTransferReferences(text)).toEqual([
      { kind: 'structured_communication', referenceNumber: 123_456_789 },
      { kind: 'creditor_reference', referenceNumber: 123_456_789 },
      { kind: 'creditor_reference', referenceNumber: 1 },
    ]);
    expect(findTransferReferences('Pour Alice, sans référence')).toEqual([]);
  });
});
