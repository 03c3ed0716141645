// Ids are made where the record is made and must sort by creation time, so the tests check the
// UUIDv7 layout itself (version and variant bits, the millisecond timestamp in front) against the
// RFC 9562 example and against an independent UUID validator, rather than against the library.
import { describe, expect, it } from 'vitest';
import { idSchema } from './domain.ts';
import { idTimeMs, isId, newId } from './ids.ts';

/** The UUIDv7 example of RFC 9562, appendix A.6, made at 2022-02-22 19:22:22 UTC. */
const rfcExampleId = '017f22e2-79b0-7cc3-98c4-dc0c0c07398f';

describe('newId', () => {
  it('makes a version 7 UUID of the RFC 9562 variant', () => {
    const id = newId();
    expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(idSchema.safeParse(id).success).toBe(true);
    expect(isId(id)).toBe(true);
  });

  it('makes ids that are unique and sort in the order they were made', () => {
    const ids = Array.from({ length: 5000 }, () => newId());
    expect(new Set(ids).size).toBe(ids.length);
    // Plain text order, as a database index compares them; many fall in the same millisecond.
    const sorted = [...ids].sort((left, right) => (left < right ? -1 : left > right ? 1 : 0));
    expect(sorted).toEqual(ids);
  });

  it('stamps the id with the time it was made', () => {
    const beforeMs = Date.now();
    const id = newId();
    const afterMs = Date.now();
    expect(idTimeMs(id)).toBeGreaterThanOrEqual(beforeMs);
    expect(idTimeMs(id)).toBeLessThanOrEqual(afterMs);
  });
});

describe('idTimeMs', () => {
  it('reads the creation time of the RFC example', () => {
    expect(new Date(idTimeMs(rfcExampleId)).toISOString()).toBe('2022-02-22T19:22:22.000Z');
  });

  it.each([
    { title: 'the epoch', id: '00000000-0000-7000-8000-000000000000', timeMs: 0 },
    { title: 'one millisecond after it', id: '00000000-0001-7000-8000-000000000000', timeMs: 1 },
    {
      title: 'the last millisecond 48 bits can hold',
      id: 'ffffffff-ffff-7fff-bfff-ffffffffffff',
      timeMs: 2 ** 48 - 1,
    },
  ])('reads $title', ({ id, timeMs }) => {
    expect(idTimeMs(id)).toBe(timeMs);
  });
});

describe('isId', () => {
  it.each([
    { title: 'the RFC example', text: rfcExampleId },
    { title: 'a random (version 4) UUID', text: '3f1c2b9a-7d4e-4c1a-9b2e-0a1b2c3d4e5f' },
    { title: 'the nil UUID', text: '00000000-0000-0000-0000-000000000000' },
  ])('accepts $title', ({ text }) => {
    expect(isId(text)).toBe(true);
  });

  it.each([
    { title: 'nothing', text: '' },
    // Ids are compared as text, so one id must have one spelling.
    { title: 'the upper-case spelling', text: rfcExampleId.toUpperCase() },
    { title: 'braces around it', text: `{${rfcExampleId}}` },
    { title: 'no hyphens', text: rfcExampleId.replaceAll('-', '') },
    { title: 'a hyphen moved', text: '017f22e27-9b0-7cc3-98c4-dc0c0c07398f' },
    { title: 'a trailing newline', text: `${rfcExampleId}\n` },
    { title: 'a leading space', text: ` ${rfcExampleId}` },
    { title: 'a digit missing', text: rfcExampleId.slice(0, -1) },
    { title: 'a digit too many', text: `${rfcExampleId}0` },
    { title: 'a letter beyond f', text: rfcExampleId.replace(/.$/, 'g') },
    { title: 'a URN prefix', text: `urn:uuid:${rfcExampleId}` },
    { title: 'an integer id', text: '12345' },
  ])('refuses $title', ({ text }) => {
    expect(isId(text)).toBe(false);
  });
});
