// The till's answer to wrong PINs: a few tries in a row are free, then every wrong one makes
// the next try wait, a right one clears it, and a stored count the till cannot read starts over
// rather than stopping the till from signing anyone in.
import { describe, expect, it } from 'vitest';
import {
  afterWrongPin,
  freshPinThrottle,
  pinFailuresBeforeWait,
  pinWaitLeftMs,
  pinWaitMs,
  readPinThrottle,
  writePinThrottle,
  type PinThrottle,
} from '../../renderer/app/staff/pin-throttle.ts';

const startMs = Date.parse('2026-03-14T10:00:00Z');

function wrongTimes(count: number, atMs = startMs): PinThrottle {
  let throttle = freshPinThrottle;
  for (let index = 0; index < count; index += 1) throttle = afterWrongPin(throttle, atMs);
  return throttle;
}

function memoryStorage(initial: string | null = null) {
  let stored = initial;
  return {
    getItem: () => stored,
    setItem: (_key: string, value: string) => {
      stored = value;
    },
    read: () => stored,
  };
}

describe('wrong PINs at the till', () => {
  it('lets the first four wrong PINs be followed at once by another try', () => {
    expect(pinFailuresBeforeWait).toBe(5);
    for (let count = 1; count < pinFailuresBeforeWait; count += 1) {
      expect(pinWaitLeftMs(wrongTimes(count), startMs)).toBe(0);
    }
  });

  it('makes the next try wait 30 seconds after the fifth wrong PIN, and counts it down', () => {
    const throttle = wrongTimes(5);
    expect(pinWaitMs).toBe(30_000);
    expect(pinWaitLeftMs(throttle, startMs)).toBe(30_000);
    expect(pinWaitLeftMs(throttle, startMs + 12_000)).toBe(18_000);
    expect(pinWaitLeftMs(throttle, startMs + 30_000)).toBe(0);
  });

  it('makes every further wrong PIN wait again, until a right one', () => {
    const afterWait = startMs + pinWaitMs;
    const sixth = afterWrongPin(wrongTimes(5), afterWait);
    expect(sixth.failureCount).toBe(6);
    expect(pinWaitLeftMs(sixth, afterWait)).toBe(pinWaitMs);
    expect(pinWaitLeftMs(freshPinThrottle, afterWait)).toBe(0);
  });

  it('keeps the count across a restart of the till', () => {
    const storage = memoryStorage();
    writePinThrottle(storage, wrongTimes(5));
    expect(readPinThrottle(storage)).toEqual(wrongTimes(5));
    expect(pinWaitLeftMs(readPinThrottle(storage), startMs + 1_000)).toBe(29_000);
  });

  it.each([
    ['nothing stored', null],
    ['not JSON', '{not json'],
    ['JSON of another shape', '[1, 2]'],
    ['a negative count', '{"failureCount": -1, "blockedUntilMs": 0}'],
    ['a fractional time', '{"failureCount": 2, "blockedUntilMs": 1.5}'],
    ['a count as text', '{"failureCount": "5", "blockedUntilMs": 0}'],
  ])('starts over from %s', (_label, stored) => {
    expect(readPinThrottle(memoryStorage(stored))).toEqual(freshPinThrottle);
  });

  it('goes on when the storage refuses to read or write', () => {
    const broken = {
      getItem: () => {
        throw new Error('storage disabled');
      },
      setItem: () => {
        throw new Error('quota exceeded');
      },
    };
    expect(readPinThrottle(broken)).toEqual(freshPinThrottle);
    expect(() => writePinThrottle(broken, wrongTimes(5))).not.toThrow();
  });
});
