// Amounts read from bank files, turned into integer minor units from their decimal text: a float
// never holds an amount, so "0.10" is 10 cents on every machine. camt.053 writes a plain decimal
// with a point; the CSV layout also takes what a French spreadsheet writes ("1 234,56").
import { minorUnitsMax } from '../../shared/money.ts';

export type AmountFailure = 'not_a_number' | 'too_many_decimals' | 'too_large' | 'zero';

export type AmountResult =
  { ok: true; minor: number; isNegative: boolean } | { ok: false; reason: AmountFailure };

const isoDecimal = /^(\d+)(?:\.(\d+))?$/;
// Digits with an optional decimal comma or point, or thousands grouped by spaces, points or
// apostrophes before a decimal comma.
const plainDecimal = /^(\d+)(?:[.,](\d+))?$/;
const groupedDecimal = /^(\d{1,3}(?:([ .'\u00a0\u202f])\d{3})(?:\2\d{3})*)(?:,(\d+))?$/;

function toMinor(units: string, fraction: string, isNegative: boolean): AmountResult {
  // ISO 20022 allows five decimals; beyond the currency's two they must be zeros.
  if (/[1-9]/.test(fraction.slice(2))) return { ok: false, reason: 'too_many_decimals' };
  const minor = BigInt(units) * 100n + BigInt(fraction.slice(0, 2).padEnd(2, '0'));
  if (minor > BigInt(minorUnitsMax)) return { ok: false, reason: 'too_large' };
  if (minor === 0n) return { ok: false, reason: 'zero' };
  return { ok: true, minor: Number(minor), isNegative };
}

/** An ISO 20022 amount: "1234.5" (never signed: the side is told by CdtDbtInd). */
export function parseIsoAmount(text: string): AmountResult {
  const match = isoDecimal.exec(text.trim());
  if (!match) return { ok: false, reason: 'not_a_number' };
  return toMinor(match[1] ?? '0', match[2] ?? '', false);
}

/** A CSV amount: signed, with a decimal comma or point, thousands optionally grouped. */
export function parseCsvAmount(text: string): AmountResult {
  let cleaned = text.trim();
  let isNegative = false;
  if (/^[-\u2212+]/.test(cleaned)) {
    isNegative = cleaned[0] !== '+';
    cleaned = cleaned.slice(1).trim();
  }
  const plain = plainDecimal.exec(cleaned);
  if (plain) return toMinor(plain[1] ?? '0', plain[2] ?? '', isNegative);
  const grouped = groupedDecimal.exec(cleaned);
  if (grouped) {
    const units = (grouped[1] ?? '').replace(/[ .'\u00a0\u202f]/g, '');
    return toMinor(units, grouped[3] ?? '', isNegative);
  }
  return { ok: false, reason: 'not_a_number' };
}
