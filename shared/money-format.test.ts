// Amounts shown to cashiers and customers, and amounts they type. The expected texts are built
// here from each locale's written conventions (decimal mark, grouping space, where the currency
// goes) with string operations on the integer minor units, so no float and no code under test
// takes part in the expectation. French uses a narrow no-break space (U+202F) between thousands
// and a no-break space (U+00A0) before the currency.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatMoney,
  formatSignedMoney,
  localeCodes,
  parseMoney,
  type LocaleCode,
  type ParseMoneyFailure,
} from './money-format.ts';
import { currencyOf, minorUnitsMax, money, toMinor, type CurrencyCode } from './money.ts';

const narrowNoBreakSpace = '\u202f';
const noBreakSpace = '\u00a0';
const minusSign = '\u2212';

interface Convention {
  decimalMark: string;
  groupMark: string;
  place: (number: string, currency: CurrencyCode) => string;
}

const currencySuffix = (number: string, currency: CurrencyCode) =>
  `${number}${noBreakSpace}${currency === 'EUR' ? '€' : 'CHF'}`;

const conventions: Record<LocaleCode, Convention> = {
  'fr-BE': { decimalMark: ',', groupMark: narrowNoBreakSpace, place: currencySuffix },
  'fr-FR': { decimalMark: ',', groupMark: narrowNoBreakSpace, place: currencySuffix },
  // Swiss French writes amounts of money with a decimal point.
  'fr-CH': { decimalMark: '.', groupMark: narrowNoBreakSpace, place: currencySuffix },
  en: {
    decimalMark: '.',
    groupMark: ',',
    place: (number, currency) =>
      currency === 'EUR' ? `€${number}` : `CHF${noBreakSpace}${number}`,
  },
};

/** Splits minor units into the integer digits and the two decimal digits, as text. */
function decimalParts(minorUnits: number): { isNegative: boolean; units: string; cents: string } {
  const digits = String(Math.abs(minorUnits)).padStart(3, '0');
  return { isNegative: minorUnits < 0, units: digits.slice(0, -2), cents: digits.slice(-2) };
}

function expectedText(minorUnits: number, locale: LocaleCode, currency: CurrencyCode): string {
  const { decimalMark, groupMark, place } = conventions[locale];
  const { isNegative, units, cents } = decimalParts(minorUnits);
  const grouped = units.replace(/\B(?=(\d{3})+$)/g, groupMark);
  const text = place(`${grouped}${decimalMark}${cents}`, currency);
  return isNegative ? `-${text}` : text;
}

/** What Intl makes of the exact decimal string, written here without dinero.js. */
function intlText(minorUnits: number, locale: LocaleCode, currency: CurrencyCode): string {
  const { isNegative, units, cents } = decimalParts(minorUnits);
  const decimal = `${isNegative ? '-' : ''}${units}.${cents}` as `${number}`;
  return new Intl.NumberFormat(locale, { style: 'currency', currency }).format(decimal);
}

const currencies: readonly CurrencyCode[] = ['EUR', 'CHF'];
const everyLocaleAndCurrency = localeCodes.flatMap((locale) =>
  currencies.map((currency) => ({ locale, currency })),
);

describe('formatMoney', () => {
  it.each([
    { title: 'the 47,05 of groceries', minorUnits: 4705, locale: 'fr-BE', text: '47,05 €' },
    { title: 'a French price', minorUnits: 4705, locale: 'fr-FR', text: '47,05 €' },
    { title: 'a Swiss price', minorUnits: 4705, locale: 'fr-CH', text: '47.05 €' },
    { title: 'an English price', minorUnits: 4705, locale: 'en', text: '€47.05' },
    { title: 'change of 2,95', minorUnits: 295, locale: 'fr-BE', text: '2,95 €' },
    { title: 'one cent', minorUnits: 1, locale: 'fr-BE', text: '0,01 €' },
    { title: 'zero', minorUnits: 0, locale: 'fr-FR', text: '0,00 €' },
    { title: 'a round amount', minorUnits: 5000, locale: 'en', text: '€50.00' },
    { title: 'a refund', minorUnits: -300, locale: 'fr-BE', text: '-3,00 €' },
    { title: 'an English refund', minorUnits: -300, locale: 'en', text: '-€3.00' },
    { title: 'thousands', minorUnits: 123450, locale: 'fr-BE', text: '1 234,50 €' },
    { title: 'English thousands', minorUnits: 123450, locale: 'en', text: '€1,234.50' },
    {
      title: 'the largest amount',
      minorUnits: 100_000_000_000,
      locale: 'fr-FR',
      text: '1 000 000 000,00 €',
    },
  ] as const)('writes $title in $locale as $text', ({ minorUnits, locale, text }) => {
    // The table is written with plain spaces to stay readable: a space between digits stands
    // for the narrow no-break space, the one before the euro sign for the no-break space.
    const spaced = text.replace(/ (?=\d)/g, narrowNoBreakSpace).replace(/ (?=€)/, noBreakSpace);
    expect(formatMoney(money(minorUnits, 'EUR'), locale)).toBe(spaced);
  });

  it.each([
    { locale: 'fr-BE', text: `1${narrowNoBreakSpace}234,50${noBreakSpace}CHF` },
    { locale: 'fr-FR', text: `1${narrowNoBreakSpace}234,50${noBreakSpace}CHF` },
    { locale: 'fr-CH', text: `1${narrowNoBreakSpace}234.50${noBreakSpace}CHF` },
    { locale: 'en', text: `CHF${noBreakSpace}1,234.50` },
  ] as const)('writes francs in $locale with the code CHF', ({ locale, text }) => {
    expect(formatMoney(money(123450, 'CHF'), locale)).toBe(text);
  });

  it.each(everyLocaleAndCurrency)(
    'follows the $locale conventions for $currency at every size and sign',
    ({ locale, currency }) => {
      const samples = [0, 1, 9, 10, 99, 100, 101, 999, 1000, 99_999, 100_000, 12_345_678];
      for (const minorUnits of [...samples, ...samples.map((sample) => -sample)]) {
        const amount = money(minorUnits, currency);
        expect(formatMoney(amount, locale)).toBe(expectedText(minorUnits, locale, currency));
      }
    },
  );

  it.each(everyLocaleAndCurrency)(
    'gives in $locale for $currency what Intl gives for the exact decimal string',
    ({ locale, currency }) => {
      fc.assert(
        fc.property(fc.integer({ min: -minorUnitsMax, max: minorUnitsMax }), (minorUnits) => {
          const text = formatMoney(money(minorUnits, currency), locale);
          expect(text).toBe(intlText(minorUnits, locale, currency));
          expect(text).toBe(expectedText(minorUnits, locale, currency));
        }),
      );
    },
  );

  it.each(everyLocaleAndCurrency)(
    'shows in $locale exactly the digits of the minor units, with no float artefacts',
    ({ locale, currency }) => {
      fc.assert(
        fc.property(fc.integer({ min: -minorUnitsMax, max: minorUnitsMax }), (minorUnits) => {
          const digits = formatMoney(money(minorUnits, currency), locale).replace(/\D/g, '');
          expect(digits).toBe(String(Math.abs(minorUnits)).padStart(3, '0'));
        }),
      );
    },
  );
});

describe('formatSignedMoney', () => {
  it.each([
    { title: 'change put on the wallet', minorUnits: 295, locale: 'fr-BE', text: '+2,95 €' },
    { title: 'a wallet spend', minorUnits: -1000, locale: 'fr-BE', text: '−10,00 €' },
    { title: 'an English credit', minorUnits: 5000, locale: 'en', text: '+€50.00' },
    { title: 'an English debit', minorUnits: -2000, locale: 'en', text: '−€20.00' },
    { title: 'a Swiss debit', minorUnits: -1, locale: 'fr-CH', text: '−0.01 €' },
    { title: 'a zero movement, signed too', minorUnits: 0, locale: 'fr-FR', text: '+0,00 €' },
  ] as const)('writes $title in $locale as $text', ({ minorUnits, locale, text }) => {
    const spaced = text.replace(/ (?=€)/, noBreakSpace);
    expect(formatSignedMoney(money(minorUnits, 'EUR'), locale)).toBe(spaced);
  });

  it.each(everyLocaleAndCurrency)(
    'in $locale for $currency is the plain text with a plus, or a true minus sign',
    ({ locale, currency }) => {
      fc.assert(
        fc.property(fc.integer({ min: -minorUnitsMax, max: minorUnitsMax }), (minorUnits) => {
          const signed = formatSignedMoney(money(minorUnits, currency), locale);
          const plain = expectedText(Math.abs(minorUnits), locale, currency);
          expect(signed).toBe(`${minorUnits < 0 ? minusSign : '+'}${plain}`);
        }),
      );
    },
  );
});

type ParseExpectation = { minorUnits: number } | { reason: ParseMoneyFailure };

describe('parseMoney', () => {
  it.each<{ title: string; text: string; expected: ParseExpectation }>([
    { title: 'a decimal comma', text: '47,05', expected: { minorUnits: 4705 } },
    {
      title: 'a decimal point from the numeric pad',
      text: '47.05',
      expected: { minorUnits: 4705 },
    },
    { title: 'a space between thousands', text: '1 234,50', expected: { minorUnits: 123450 } },
    { title: 'points between thousands', text: '1.234,50', expected: { minorUnits: 123450 } },
    { title: 'commas between thousands', text: '1,234.50', expected: { minorUnits: 123450 } },
    { title: 'a Swiss apostrophe', text: "1'234.50", expected: { minorUnits: 123450 } },
    { title: 'a typographic apostrophe', text: '1’234.50', expected: { minorUnits: 123450 } },
    { title: 'a euro sign before', text: '€ 12', expected: { minorUnits: 1200 } },
    { title: 'a euro sign after', text: '12,00 €', expected: { minorUnits: 1200 } },
    { title: 'a euro sign stuck to it', text: '3€', expected: { minorUnits: 300 } },
    { title: 'the code EUR', text: 'EUR 7,50', expected: { minorUnits: 750 } },
    { title: 'one decimal', text: '12,5', expected: { minorUnits: 1250 } },
    { title: 'whole units', text: '12', expected: { minorUnits: 1200 } },
    { title: 'zero', text: '0', expected: { minorUnits: 0 } },
    { title: 'cents only', text: '0,05', expected: { minorUnits: 5 } },
    { title: 'leading zeros', text: '007,50', expected: { minorUnits: 750 } },
    { title: 'surrounding blanks', text: '  \t47,05\n', expected: { minorUnits: 4705 } },
    { title: 'points grouping millions', text: '1.234.567', expected: { minorUnits: 123456700 } },
    {
      title: 'millions with a decimal comma',
      text: '1.000.000,00',
      expected: { minorUnits: 100000000 },
    },
    {
      title: 'a pasted French amount',
      text: `1${narrowNoBreakSpace}234,50${noBreakSpace}€`,
      expected: { minorUnits: 123450 },
    },
    {
      title: 'the largest amount',
      text: '1 000 000 000,00',
      expected: { minorUnits: minorUnitsMax },
    },
    // A mark followed by three digits is read as grouping thousands, never as three decimals.
    { title: 'a comma grouping thousands', text: '12,345', expected: { minorUnits: 1234500 } },
    { title: 'a point grouping thousands', text: '1.234', expected: { minorUnits: 123400 } },
    { title: 'nothing', text: '', expected: { reason: 'empty' } },
    { title: 'blanks only', text: '   ', expected: { reason: 'empty' } },
    { title: 'a currency sign alone', text: '€', expected: { reason: 'empty' } },
    { title: 'letters', text: 'abc', expected: { reason: 'not_a_number' } },
    { title: 'digits after letters', text: 'abc12', expected: { reason: 'not_a_number' } },
    { title: 'a minus sign alone', text: '-', expected: { reason: 'not_a_number' } },
    { title: 'a trailing mark', text: '12.', expected: { reason: 'not_a_number' } },
    { title: 'a leading mark', text: ',50', expected: { reason: 'not_a_number' } },
    { title: 'two decimal marks', text: '1,2,3', expected: { reason: 'not_a_number' } },
    { title: 'an exponent', text: '1e5', expected: { reason: 'not_a_number' } },
    { title: 'a plus sign', text: '+5', expected: { reason: 'not_a_number' } },
    { title: 'a trailing minus', text: '3,00-', expected: { reason: 'not_a_number' } },
    { title: 'Infinity', text: 'Infinity', expected: { reason: 'not_a_number' } },
    {
      title: 'one mark for groups and decimals',
      text: '1.234.56',
      expected: { reason: 'not_a_number' },
    },
    {
      title: 'three digits after, as thousands',
      text: '1,999',
      expected: { minorUnits: 199900 },
    },
    { title: 'four decimals', text: '12,3456', expected: { reason: 'too_many_decimals' } },
    {
      title: 'three decimals after a long integer',
      text: '1234,567',
      expected: { reason: 'too_many_decimals' },
    },
    {
      title: 'three decimals after a zero',
      text: '0,001',
      expected: { reason: 'too_many_decimals' },
    },
    {
      title: 'half a unit with a trailing zero',
      text: '0.500',
      expected: { reason: 'too_many_decimals' },
    },
    { title: 'mixed grouping marks', text: '1.234,567', expected: { reason: 'too_many_decimals' } },
    {
      title: 'mixed grouping marks the other way',
      text: '1,234.567',
      expected: { reason: 'too_many_decimals' },
    },
    {
      title: 'one cent above the largest amount',
      text: '1000000000,01',
      expected: { reason: 'too_large' },
    },
    {
      title: 'digits beyond any float',
      text: '99999999999999999999',
      expected: { reason: 'too_large' },
    },
  ])('reads $title: $text', ({ text, expected }) => {
    const result = parseMoney(text, 'EUR');
    if ('reason' in expected) {
      expect(result).toEqual({ ok: false, reason: expected.reason });
    } else {
      expect(result.ok).toBe(true);
      if (result.ok) {
        expect(toMinor(result.amount)).toBe(expected.minorUnits);
        expect(currencyOf(result.amount)).toBe('EUR');
      }
    }
  });

  it.each([
    { title: 'a hyphen minus', text: '-3,00', minorUnits: -300 },
    { title: 'a true minus sign', text: '−3,00', minorUnits: -300 },
    { title: 'a minus before a space', text: '- 3', minorUnits: -300 },
    { title: 'a minus before the currency sign', text: '-€ 1.234,50', minorUnits: -123450 },
  ])('reads a negative amount with $title only when negatives are allowed', (row) => {
    expect(parseMoney(row.text, 'EUR')).toEqual({ ok: false, reason: 'negative' });
    expect(parseMoney(row.text, 'EUR', { isNegativeAllowed: false })).toEqual({
      ok: false,
      reason: 'negative',
    });
    const allowed = parseMoney(row.text, 'EUR', { isNegativeAllowed: true });
    expect(allowed.ok && toMinor(allowed.amount)).toBe(row.minorUnits);
  });

  it('reads a negative zero as zero, which is not negative', () => {
    const result = parseMoney('-0,00', 'EUR');
    expect(result.ok && Object.is(toMinor(result.amount), 0)).toBe(true);
  });

  it('refuses a negative amount beyond the largest even when negatives are allowed', () => {
    expect(parseMoney('-1000000000,01', 'EUR', { isNegativeAllowed: true })).toEqual({
      ok: false,
      reason: 'too_large',
    });
  });

  it.each([
    { text: 'CHF 12.50', minorUnits: 1250 },
    { text: 'Fr. 12.50', minorUnits: 1250 },
    { text: 'SFr. 3', minorUnits: 300 },
    { text: "12'345.60 CHF", minorUnits: 1234560 },
  ])('reads the Swiss $text in francs', ({ text, minorUnits }) => {
    const result = parseMoney(text, 'CHF');
    expect(result.ok && toMinor(result.amount)).toBe(minorUnits);
    expect(result.ok && currencyOf(result.amount)).toBe('CHF');
  });

  it.each(everyLocaleAndCurrency)(
    'reads back every amount formatted in $locale for $currency',
    ({ locale, currency }) => {
      fc.assert(
        fc.property(fc.integer({ min: -minorUnitsMax, max: minorUnitsMax }), (minorUnits) => {
          const text = formatMoney(money(minorUnits, currency), locale);
          const result = parseMoney(text, currency, { isNegativeAllowed: true });
          expect(result.ok && toMinor(result.amount)).toBe(minorUnits);
        }),
      );
    },
  );

  it('never throws on arbitrary text, only returns a reason', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (text) => {
        const result = parseMoney(text, 'EUR', { isNegativeAllowed: true });
        if (result.ok) expect(Number.isSafeInteger(toMinor(result.amount))).toBe(true);
      }),
    );
  });
});

describe('parsing at a French till', () => {
  it.each([
    ['47,05', 4705],
    ['47.05', 4705],
    ['1 234,50', 123_450],
    ['1\u202f234,50', 123_450],
    ["1'234.50", 123_450],
    ['12,5', 1250],
    ['12', 1200],
  ])('reads %s as %i cents', (text, minor) => {
    const result = parseMoney(text, 'EUR', { locale: 'fr-BE' });
    expect(result.ok && toMinor(result.amount)).toBe(minor);
  });

  it.each([
    ['12,345', 'too_many_decimals'],
    ['1.234', 'too_many_decimals'],
    ['1.234,50', 'not_a_number'],
    ['abc', 'not_a_number'],
  ])('refuses %s (%s) instead of guessing thousands', (text, reason) => {
    expect(parseMoney(text, 'EUR', { locale: 'fr-FR' })).toEqual({ ok: false, reason });
  });
});
