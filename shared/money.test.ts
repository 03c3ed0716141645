// Money is integer minor units tied to a currency. These tests hold the module to that: floats
// and out-of-range amounts are bugs that throw, two currencies never mix, and the one division
// helper rounds half away from zero so that a refund mirrors its sale to the cent.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AssertionError } from './assert.ts';
import {
  add,
  compare,
  currencyOf,
  divideRoundedHalfAway,
  isCurrencyCode,
  isNegative,
  isPositive,
  isZero,
  maxMoney,
  minorUnitsMax,
  money,
  negate,
  subtract,
  sum,
  toMinor,
  zero,
  type CurrencyCode,
  type Money,
} from './money.ts';

const eur = (minorUnits: number): Money => money(minorUnits, 'EUR');
const chf = (minorUnits: number): Money => money(minorUnits, 'CHF');

describe('money', () => {
  it.each([
    { title: 'a float of cents', minorUnits: 47.05 },
    { title: 'a classic float sum', minorUnits: 0.1 + 0.2 },
    { title: 'half a cent', minorUnits: 0.5 },
    { title: 'a negative float', minorUnits: -2.95 },
    { title: 'NaN', minorUnits: Number.NaN },
    { title: 'infinity', minorUnits: Number.POSITIVE_INFINITY },
    { title: 'minus infinity', minorUnits: Number.NEGATIVE_INFINITY },
    { title: 'an integer beyond the safe range', minorUnits: 2 ** 53 },
    { title: 'one cent above the maximum', minorUnits: 100_000_000_001 },
    { title: 'one cent below the negative maximum', minorUnits: -100_000_000_001 },
  ])('refuses $title as an amount, as a programming error', ({ minorUnits }) => {
    expect(() => money(minorUnits, 'EUR')).toThrow(AssertionError);
  });

  it.each([
    { title: 'zero', minorUnits: 0 },
    { title: 'one cent', minorUnits: 1 },
    { title: 'a refund of one cent', minorUnits: -1 },
    { title: '47,05', minorUnits: 4705 },
    { title: 'the largest amount, a billion units', minorUnits: 1_000_000_000_00 },
    { title: 'the most negative amount', minorUnits: -1_000_000_000_00 },
  ])('keeps $title as exactly those minor units', ({ minorUnits }) => {
    for (const currency of ['EUR', 'CHF'] as const) {
      const amount = money(minorUnits, currency);
      expect(toMinor(amount)).toBe(minorUnits);
      expect(currencyOf(amount)).toBe(currency);
    }
  });

  it('allows a billion units of currency and no more', () => {
    expect(minorUnitsMax).toBe(1_000_000_000 * 100);
  });

  it('stores a negative zero as a plain zero', () => {
    expect(Object.is(toMinor(money(-0, 'EUR')), 0)).toBe(true);
  });

  it('gives zero in the asked currency', () => {
    expect(toMinor(zero('CHF'))).toBe(0);
    expect(currencyOf(zero('CHF'))).toBe('CHF');
  });
});

describe('isCurrencyCode', () => {
  it.each([
    { text: 'EUR', expected: true },
    { text: 'CHF', expected: true },
    { text: 'eur', expected: false },
    { text: 'USD', expected: false },
    { text: '', expected: false },
    { text: ' EUR', expected: false },
    { text: '€', expected: false },
  ])('says $expected for $text', ({ text, expected }) => {
    expect(isCurrencyCode(text)).toBe(expected);
  });
});

describe('arithmetic', () => {
  it.each([
    { title: 'two prices', left: 4705, right: 295, added: 5000, subtracted: 4410 },
    { title: 'a price and a refund', left: 1000, right: -250, added: 750, subtracted: 1250 },
    { title: 'two refunds', left: -100, right: -1, added: -101, subtracted: -99 },
    { title: 'an amount and zero', left: 123, right: 0, added: 123, subtracted: 123 },
    { title: 'equal amounts', left: 999, right: 999, added: 1998, subtracted: 0 },
  ])('adds and subtracts $title exactly', ({ left, right, added, subtracted }) => {
    expect(toMinor(add(eur(left), eur(right)))).toBe(added);
    expect(toMinor(subtract(eur(left), eur(right)))).toBe(subtracted);
  });

  it('never loses a cent where floats would (0,10 + 0,20 is 0,30)', () => {
    expect(toMinor(add(eur(10), eur(20)))).toBe(30);
    expect(toMinor(sum([eur(10), eur(20), eur(-30)], 'EUR'))).toBe(0);
  });

  it('sums nothing to zero in the given currency', () => {
    const total = sum([], 'CHF');
    expect(toMinor(total)).toBe(0);
    expect(currencyOf(total)).toBe('CHF');
  });

  it('sums a basket of amounts to the integer sum of their minor units', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -1_000_000, max: 1_000_000 })), (amounts) => {
        const expected = amounts.reduce((total, amount) => total + amount, 0);
        expect(toMinor(sum(amounts.map(eur), 'EUR'))).toBe(expected);
      }),
    );
  });

  it.each([
    { title: 'a sale', minorUnits: 4705, expected: -4705 },
    { title: 'a refund', minorUnits: -295, expected: 295 },
    { title: 'zero, giving a plain zero', minorUnits: 0, expected: 0 },
  ])('negates $title', ({ minorUnits, expected }) => {
    const negated = negate(chf(minorUnits));
    expect(Object.is(toMinor(negated), expected)).toBe(true);
    expect(currencyOf(negated)).toBe('CHF');
  });

  it.each([
    { left: 1, right: 2, expected: -1 },
    { left: 2, right: 1, expected: 1 },
    { left: -5, right: -5, expected: 0 },
    { left: -1, right: 0, expected: -1 },
    { left: 0, right: -1, expected: 1 },
  ])('compares $left with $right as $expected', ({ left, right, expected }) => {
    expect(compare(eur(left), eur(right))).toBe(expected);
  });

  it.each([
    { left: 100, right: 200, expected: 200 },
    { left: -100, right: -200, expected: -100 },
    { left: 0, right: -1, expected: 0 },
    { left: 7, right: 7, expected: 7 },
  ])('takes the larger of $left and $right', ({ left, right, expected }) => {
    expect(toMinor(maxMoney(eur(left), eur(right)))).toBe(expected);
  });

  it.each([
    { minorUnits: -1, negative: true, zero: false, positive: false },
    { minorUnits: 0, negative: false, zero: true, positive: false },
    { minorUnits: 1, negative: false, zero: false, positive: true },
    { minorUnits: -100_000_000_000, negative: true, zero: false, positive: false },
    { minorUnits: 100_000_000_000, negative: false, zero: false, positive: true },
  ])('classifies $minorUnits by its sign', ({ minorUnits, negative, zero, positive }) => {
    expect(isNegative(eur(minorUnits))).toBe(negative);
    expect(isZero(eur(minorUnits))).toBe(zero);
    expect(isPositive(eur(minorUnits))).toBe(positive);
  });
});

describe('currencies never mix', () => {
  const operations: { title: string; run: (left: Money, right: Money) => unknown }[] = [
    { title: 'adding', run: add },
    { title: 'subtracting', run: subtract },
    { title: 'comparing', run: compare },
    { title: 'taking the larger', run: maxMoney },
    { title: 'summing', run: (left, right) => sum([left, right], currencyOf(left)) },
  ];

  it.each(operations)('$title EUR and CHF throws', ({ run }) => {
    expect(() => run(eur(100), chf(100))).toThrow(/same currency/);
    expect(() => run(chf(100), eur(100))).toThrow(/same currency/);
  });

  it.each(['EUR', 'CHF'] as CurrencyCode[])(
    'summing %s amounts into the other currency throws',
    (currency) => {
      const other: CurrencyCode = currency === 'EUR' ? 'CHF' : 'EUR';
      expect(() => sum([money(1, currency)], other)).toThrow(/same currency/);
    },
  );
});

describe('divideRoundedHalfAway', () => {
  it.each([
    { title: 'an exact quotient', numerator: 10n, denominator: 5n, expected: 2n },
    { title: 'below one half, down', numerator: 1n, denominator: 3n, expected: 0n },
    { title: 'above one half, up', numerator: 2n, denominator: 3n, expected: 1n },
    { title: 'exactly one half, up', numerator: 1n, denominator: 2n, expected: 1n },
    { title: 'two and a half, up', numerator: 5n, denominator: 2n, expected: 3n },
    { title: 'minus one half, down', numerator: -1n, denominator: 2n, expected: -1n },
    { title: 'minus two and a half, down', numerator: -5n, denominator: 2n, expected: -3n },
    { title: 'minus one third, to zero', numerator: -1n, denominator: 3n, expected: 0n },
    { title: 'zero', numerator: 0n, denominator: 7n, expected: 0n },
    {
      title: '497,5 cents of a weighed line',
      numerator: 497_500n,
      denominator: 1000n,
      expected: 498n,
    },
    {
      title: 'a product beyond float precision',
      numerator: 9_007_199_254_740_993n * 3n,
      denominator: 2n,
      expected: 13_510_798_882_111_490n,
    },
  ])('rounds $title', ({ numerator, denominator, expected }) => {
    expect(divideRoundedHalfAway(numerator, denominator)).toBe(expected);
  });

  it.each([{ denominator: 0n }, { denominator: -2n }])(
    'refuses the denominator $denominator as a programming error',
    ({ denominator }) => {
      expect(() => divideRoundedHalfAway(10n, denominator)).toThrow(AssertionError);
    },
  );

  it('returns the nearest integer, a tie going away from zero', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }),
        fc.bigInt({ min: 1n, max: 10n ** 6n }),
        (numerator, denominator) => {
          const quotient = divideRoundedHalfAway(numerator, denominator);
          // Twice the distance to the exact quotient, scaled by the denominator, stays integral.
          const twiceErrorScaled = 2n * (numerator - quotient * denominator);
          const magnitude = twiceErrorScaled < 0n ? -twiceErrorScaled : twiceErrorScaled;
          expect(magnitude <= denominator).toBe(true);
          if (magnitude === denominator) {
            // A tie: the rounded value lies further from zero than the exact one.
            const isAwayFromZero = numerator >= 0n ? twiceErrorScaled < 0n : twiceErrorScaled > 0n;
            expect(isAwayFromZero).toBe(true);
          }
        },
      ),
    );
  });

  it('rounds a refund to exactly minus its sale', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        fc.bigInt({ min: 1n, max: 10n ** 6n }),
        (numerator, denominator) => {
          const sale = divideRoundedHalfAway(numerator, denominator);
          expect(divideRoundedHalfAway(-numerator, denominator)).toBe(-sale);
        },
      ),
    );
  });
});
