// Formatting and parsing of amounts for the locales the shops use. Formatting hands Intl an exact
// decimal string (never a float), so 0,1 + 0,2 cannot appear anywhere. Parsing accepts what a
// cashier or an accountant types: either decimal mark, spaces or apostrophes between thousands,
// an optional currency sign or code.
import { toDecimal } from 'dinero.js';
import { currencyOf, minorUnitsMax, money, type CurrencyCode, type Money } from './money.ts';

export const localeCodes = ['fr-BE', 'fr-FR', 'fr-CH', 'en'] as const;
export type LocaleCode = (typeof localeCodes)[number];

const formatters = new Map<string, Intl.NumberFormat>();

function formatterFor(locale: LocaleCode, currency: CurrencyCode): Intl.NumberFormat {
  const key = `${locale}/${currency}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    formatter = new Intl.NumberFormat(locale, { style: 'currency', currency });
    formatters.set(key, formatter);
  }
  return formatter;
}

/** "47,05 €" in fr-BE, "€47.05" in en, "47,05 CHF" in fr-CH. */
export function formatMoney(amount: Money, locale: LocaleCode): string {
  const decimal = toDecimal(amount) as `${number}`;
  return formatterFor(locale, currencyOf(amount)).format(decimal);
}

/** Same as formatMoney with a sign always shown, for movements (+2,95 €, −10,00 €). */
export function formatSignedMoney(amount: Money, locale: LocaleCode): string {
  const text = formatMoney(amount, locale);
  return text.startsWith('-') ? `\u2212${text.slice(1)}` : `+${text}`;
}

export type ParseMoneyFailure =
  'empty' | 'not_a_number' | 'too_many_decimals' | 'negative' | 'too_large';

export type ParseMoneyResult =
  { ok: true; amount: Money } | { ok: false; reason: ParseMoneyFailure };

const currencyMarks = /[€$]|EUR|CHF|Fr\.?|SFr\.?/gi;
const groupingMarks = /[\s\u00a0\u202f'’]/g;

/**
 * Parses an amount typed by a person. Both "," and "." are accepted as the decimal mark
 * (a French keyboard's numeric pad types "."); the last mark followed by at most the currency's
 * decimals is the decimal one, any other mark must group thousands.
 */
export function parseMoney(
  text: string,
  currency: CurrencyCode,
  options: { isNegativeAllowed?: boolean; locale?: LocaleCode } = {},
): ParseMoneyResult {
  let cleaned = text.replace(currencyMarks, '').replace(groupingMarks, '');
  if (cleaned === '') return { ok: false, reason: 'empty' };

  let sign = 1n;
  if (/^[-\u2212]/.test(cleaned)) {
    sign = -1n;
    cleaned = cleaned.slice(1);
  }

  if (options.locale?.startsWith('fr')) return parseFrench(cleaned, sign, currency, options);

  // Grouped thousands use one mark throughout and start with a non-zero digit, and the decimal
  // mark must be the other one: "0.500" or "1.234,567" would otherwise read as 500 or 1 234 567.
  const match = /^(\d+|[1-9]\d{0,2}([.,])\d{3}(?:\2\d{3})*)(?:([.,])(\d+))?$/.exec(cleaned);
  if (!match) return { ok: false, reason: 'not_a_number' };
  if (match[2] !== undefined && match[2] === match[3]) return { ok: false, reason: 'not_a_number' };

  const digitsAfterMark = match[4] ?? '';
  const exponent = 2;
  if (digitsAfterMark.length > exponent) {
    return reinterpretAsGrouped(cleaned, sign, currency, options);
  }

  const units = BigInt((match[1] ?? '0').replace(/[.,]/g, ''));
  const fraction = BigInt(digitsAfterMark.padEnd(exponent, '0') || '0');
  return finish(sign * (units * 100n + fraction), currency, options);
}

/**
 * French amounts group thousands with spaces or apostrophes only, so at a French till "," and
 * "." are always the decimal mark: "12,345" is a typing error, not twelve thousand euros.
 */
function parseFrench(
  cleaned: string,
  sign: bigint,
  currency: CurrencyCode,
  options: { isNegativeAllowed?: boolean },
): ParseMoneyResult {
  const match = /^(\d+)(?:[.,](\d+))?$/.exec(cleaned);
  if (!match) return { ok: false, reason: 'not_a_number' };
  const digitsAfterMark = match[2] ?? '';
  if (digitsAfterMark.length > 2) return { ok: false, reason: 'too_many_decimals' };
  const fraction = BigInt(digitsAfterMark.padEnd(2, '0'));
  return finish(sign * (BigInt(match[1] ?? '0') * 100n + fraction), currency, options);
}

function reinterpretAsGrouped(
  cleaned: string,
  sign: bigint,
  currency: CurrencyCode,
  options: { isNegativeAllowed?: boolean },
): ParseMoneyResult {
  // "1.234" or "1,234,567": every mark groups thousands, there is no decimal part.
  if (/^[1-9]\d{0,2}([.,])\d{3}(?:\1\d{3})*$/.test(cleaned)) {
    return finish(sign * BigInt(cleaned.replace(/[.,]/g, '')) * 100n, currency, options);
  }
  return { ok: false, reason: 'too_many_decimals' };
}

function finish(
  minorUnits: bigint,
  currency: CurrencyCode,
  options: { isNegativeAllowed?: boolean },
): ParseMoneyResult {
  if (minorUnits < 0n && !options.isNegativeAllowed) return { ok: false, reason: 'negative' };
  const magnitude = minorUnits < 0n ? -minorUnits : minorUnits;
  if (magnitude > BigInt(minorUnitsMax)) return { ok: false, reason: 'too_large' };
  return { ok: true, amount: money(Number(minorUnits), currency) };
}
