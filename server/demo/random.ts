// A small seeded pseudo-random generator (mulberry32) so the demo store is the same on every
// machine for a given seed: a screenshot, a bug report or a training session can say "seed 1"
// and everyone sees the same customers, prices and balances. Not for anything secret.

export interface Random {
  /** A float in [0, 1): only for choosing, never for amounts. */
  next(): number;
  /** An integer in [min, max], both included. */
  integer(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(probabilityPercent: number): boolean;
  /** A new array with the same items in a random order (Fisher-Yates). */
  shuffled<T>(items: readonly T[]): T[];
}

export function createRandom(seed: number): Random {
  if (!Number.isSafeInteger(seed)) throw new Error(`The demo seed must be an integer: ${seed}`);
  let state = seed >>> 0;

  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = state;
    mixed = Math.imul(mixed ^ (mixed >>> 15), mixed | 1);
    mixed ^= mixed + Math.imul(mixed ^ (mixed >>> 7), mixed | 61);
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };

  const integer = (min: number, max: number): number => {
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || max < min) {
      throw new Error(`Bad integer range [${min}, ${max}]`);
    }
    return min + Math.floor(next() * (max - min + 1));
  };

  const pick = <T>(items: readonly T[]): T => {
    const item = items[integer(0, items.length - 1)];
    if (item === undefined) throw new Error('Cannot pick from an empty list');
    return item;
  };

  const shuffled = <T>(items: readonly T[]): T[] => {
    const result = [...items];
    for (let index = result.length - 1; index > 0; index -= 1) {
      const other = integer(0, index);
      [result[index], result[other]] = [result[other] as T, result[index] as T];
    }
    return result;
  };

  return { next, integer, pick, shuffled, chance: (percent) => integer(1, 100) <= percent };
}
