// The canonical form decides whether a pushed order is a retry (same content) or a conflict (same
// id, other content), so two things matter: equal content always gives equal text, whatever the
// key order, and any change of content gives other text. JSON.stringify is the reference for how
// each value is written.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.ts';

/** The same value with the keys of every object inserted in reverse order. */
function withKeysReversed(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withKeysReversed);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>).reverse();
  return Object.fromEntries(entries.map(([key, item]) => [key, withKeysReversed(item)]));
}

describe('canonicalJson', () => {
  it.each([
    { title: 'null', value: null, text: 'null' },
    { title: 'true', value: true, text: 'true' },
    { title: 'an integer', value: 4705, text: '4705' },
    { title: 'a negative number', value: -295, text: '-295' },
    { title: 'minus zero, as zero', value: -0, text: '0' },
    { title: 'NaN, as null like JSON', value: Number.NaN, text: 'null' },
    { title: 'undefined, as null', value: undefined, text: 'null' },
    { title: 'a string with quotes', value: 'il a dit "oui"', text: '"il a dit \\"oui\\""' },
    { title: 'accented text, unescaped', value: 'Crédit de compte', text: '"Crédit de compte"' },
    { title: 'a control character, escaped', value: 'a\nb', text: '"a\\nb"' },
    { title: 'an empty object', value: {}, text: '{}' },
    { title: 'an empty array', value: [], text: '[]' },
    { title: 'an array, in its own order', value: [3, 1, 2], text: '[3,1,2]' },
    { title: 'undefined in an array, as null', value: [1, undefined], text: '[1,null]' },
    { title: 'keys sorted', value: { b: 1, a: 2 }, text: '{"a":2,"b":1}' },
    {
      title: 'keys sorted by code unit',
      value: { b: 1, a: 2, B: 3, é: 4, aa: 5 },
      text: '{"B":3,"a":2,"aa":5,"b":1,"é":4}',
    },
    {
      // Text order, not number order, and not the integer-keys-first order of JavaScript objects.
      title: 'integer-like keys sorted as text',
      value: { 9: 'a', 10: 'b', x: 'c' },
      text: '{"10":"b","9":"a","x":"c"}',
    },
    {
      title: 'keys sorted at every depth',
      value: { z: { y: 1, x: [{ d: 1, c: 2 }] }, a: null },
      text: '{"a":null,"z":{"x":[{"c":2,"d":1}],"y":1}}',
    },
    { title: 'an undefined property left out', value: { a: 1, b: undefined }, text: '{"a":1}' },
    { title: 'a function property left out', value: { a: 1, f: () => 1 }, text: '{"a":1}' },
    {
      title: 'a date, as its ISO text',
      value: { at: new Date('2024-05-01T10:00:00.000Z') },
      text: '{"at":"2024-05-01T10:00:00.000Z"}',
    },
  ])('writes $title', ({ value, text }) => {
    expect(canonicalJson(value)).toBe(text);
  });

  it('writes an order the same way whatever order its keys were set in', () => {
    const pushed = {
      id: '018f3b2a-0000-7000-8000-000000000001',
      lines: [{ productId: 'p1', quantityMilli: 1250, totalMinor: 498 }],
      payments: [{ kind: 'cash', amountMinor: 5000 }],
      changeToWalletMinor: 295,
    };
    const retried = {
      changeToWalletMinor: 295,
      payments: [{ amountMinor: 5000, kind: 'cash' }],
      lines: [{ totalMinor: 498, quantityMilli: 1250, productId: 'p1' }],
      id: '018f3b2a-0000-7000-8000-000000000001',
    };
    expect(canonicalJson(retried)).toBe(canonicalJson(pushed));
  });

  it.each([
    { title: 'a number and its text', left: { a: 1 }, right: { a: '1' } },
    { title: 'null and a missing key', left: { a: null }, right: {} },
    { title: 'two array orders', left: { a: [1, 2] }, right: { a: [2, 1] } },
    { title: 'a changed amount', left: { amountMinor: 5000 }, right: { amountMinor: 5001 } },
    { title: 'a renamed key', left: { a: 1 }, right: { b: 1 } },
    { title: 'an object and an array', left: { a: {} }, right: { a: [] } },
    { title: 'true and 1', left: [true], right: [1] },
    {
      title: 'two dates',
      left: { at: new Date('2024-05-01T10:00:00.000Z') },
      right: { at: new Date('2024-05-01T10:00:00.001Z') },
    },
  ])('tells apart $title', ({ left, right }) => {
    expect(canonicalJson(left)).not.toBe(canonicalJson(right));
  });

  it('writes no whitespace outside strings', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        const outsideStrings = text.replace(/"(?:[^"\\]|\\.)*"/g, '""');
        expect(outsideStrings).not.toMatch(/\s/);
      }),
    );
  });

  it('writes valid JSON with the content JSON.stringify would write', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });

  it('does not depend on the order keys were inserted in', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(withKeysReversed(value))).toBe(canonicalJson(value));
      }),
    );
  });

  it('is a fixed point: re-encoding the parsed text gives the same text', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const text = canonicalJson(value);
        expect(canonicalJson(JSON.parse(text))).toBe(text);
      }),
    );
  });
});
