// Money is always an integer number of minor units (cents, centimes) together with its currency.
// Arithmetic goes through dinero.js, so that a float never enters a money path and adding two
// currencies is an error instead of a silent sum. Where a division happens (tax, weighed goods)
// the rounding is explicit and done in integers.
import {
  CHF,
  EUR,
  add as dineroAdd,
  compare as dineroCompare,
  dinero,
  isNegative as dineroIsNegative,
  isZero as dineroIsZero,
  subtract as dineroSubtract,
  toSnapshot,
  type Dinero,
} from 'dinero.js';
import { assert } from './assert.ts';

export const currencyCodes = ['EUR', 'CHF'] as const;
export type CurrencyCode = (typeof currencyCodes)[number];

const currencies = { EUR, CHF } as const;

export type Money = Dinero<number, CurrencyCode>;

/** Largest amount we accept anywhere: a billion units of currency, far above any wallet. */
export const minorUnitsMax = 100_000_000_000;

export function isCurrencyCode(value: string): value is CurrencyCode {
  return (currencyCodes as readonly string[]).includes(value);
}

export function money(minorUnits: number, currency: CurrencyCode): Money {
  assert(Number.isSafeInteger(minorUnits), `Money needs integer minor units, got ${minorUnits}`);
  assert(Math.abs(minorUnits) <= minorUnitsMax, `Amount out of range: ${minorUnits}`);
  // Adding 0 turns -0 (what negating a zero gives) into 0, which Object.is and every snapshot
  // would otherwise tell apart from a plain zero.
  return dinero({ amount: minorUnits + 0, currency: currencies[currency] });
}

export function zero(currency: CurrencyCode): Money {
  return money(0, currency);
}

/** The integer minor units of an amount; the scale is always the currency's own. */
export function toMinor(amount: Money): number {
  const snapshot = toSnapshot(amount);
  assert(snapshot.scale === snapshot.currency.exponent, 'Money kept at a non-native scale');
  return snapshot.amount;
}

export function currencyOf(amount: Money): CurrencyCode {
  return toSnapshot(amount).currency.code;
}

export function add(left: Money, right: Money): Money {
  return dineroAdd(left, right);
}

export function subtract(left: Money, right: Money): Money {
  return dineroSubtract(left, right);
}

export function sum(amounts: readonly Money[], currency: CurrencyCode): Money {
  return amounts.reduce((total, amount) => dineroAdd(total, amount), zero(currency));
}

export function negate(amount: Money): Money {
  return money(-toMinor(amount), currencyOf(amount));
}

export function compare(left: Money, right: Money): -1 | 0 | 1 {
  return dineroCompare(left, right);
}

export function isNegative(amount: Money): boolean {
  return dineroIsNegative(amount);
}

export function isZero(amount: Money): boolean {
  return dineroIsZero(amount);
}

export function isPositive(amount: Money): boolean {
  return !dineroIsNegative(amount) && !dineroIsZero(amount);
}

export function maxMoney(left: Money, right: Money): Money {
  return compare(left, right) >= 0 ? left : right;
}

/**
 * Integer division rounded half away from zero (0,5 cent goes up for a sale and down for a
 * refund, so a refund mirrors its sale exactly). BigInt keeps amount × factor exact.
 */
export function divideRoundedHalfAway(numerator: bigint, denominator: bigint): bigint {
  assert(denominator > 0n, 'Division by a non-positive denominator');
  const isNegativeResult = numerator < 0n;
  const magnitude = isNegativeResult ? -numerator : numerator;
  const quotient = (magnitude * 2n + denominator) / (denominator * 2n);
  return isNegativeResult ? -quotient : quotient;
}

/** Quantities are integer thousandths, so weighed goods (1,250 kg) need no float either. */
export const quantityScale = 1000;
