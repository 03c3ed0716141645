// Waits between retries: exponential, capped, with jitter so that the tills of a store that all
// lost the network at the same moment do not all come back on the same millisecond.
import { assert } from '../../shared/assert.ts';

export interface RetryDelayBounds {
  retryDelayMsMin: number;
  retryDelayMsMax: number;
}

/** Past this many doublings the cap has long been reached; stopping here keeps 2^n finite. */
const doublingsMax = 30;

/**
 * The delay before retry number `attempt` (1 for the first): doubling from the minimum up to the
 * maximum, then drawn between half of it and all of it ("equal jitter"), so the wait still grows
 * with each failure while two tills spread apart.
 */
export function retryDelayMs(
  attempt: number,
  bounds: RetryDelayBounds,
  random: () => number = Math.random,
): number {
  assert(Number.isInteger(attempt) && attempt >= 1, `attempt must count from 1, got ${attempt}`);
  assert(
    bounds.retryDelayMsMin > 0 && bounds.retryDelayMsMin <= bounds.retryDelayMsMax,
    'retry delay bounds must be positive and ordered',
  );
  const doublings = Math.min(attempt - 1, doublingsMax);
  const ceilingMs = Math.min(bounds.retryDelayMsMax, bounds.retryDelayMsMin * 2 ** doublings);
  const halfMs = ceilingMs / 2;
  return Math.round(halfMs + random() * halfMs);
}
