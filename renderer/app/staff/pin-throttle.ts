// Wrong PINs slow the till down. A PIN has few possibilities, so after a few wrong ones in a row
// every further try waits: someone guessing at the keypad gets a handful of tries a minute
// instead of hundreds. The count is the till's, whoever is picked, and survives a reload, so a
// restart does not hand out fresh tries. The first right PIN clears it.
import { z } from 'zod';

/** Wrong PINs in a row allowed before the till makes the next try wait. */
export const pinFailuresBeforeWait = 5;
/** The wait after each wrong PIN from the fifth one on. */
export const pinWaitMs = 30_000;

export interface PinThrottle {
  failureCount: number;
  /** Epoch milliseconds before which no PIN is checked. */
  blockedUntilMs: number;
}

export const freshPinThrottle: PinThrottle = { failureCount: 0, blockedUntilMs: 0 };

export function afterWrongPin(throttle: PinThrottle, nowMs: number): PinThrottle {
  const failureCount = throttle.failureCount + 1;
  const blockedUntilMs =
    failureCount >= pinFailuresBeforeWait ? nowMs + pinWaitMs : throttle.blockedUntilMs;
  return { failureCount, blockedUntilMs };
}

/** How long before the next PIN may be checked; zero when it may be now. */
export function pinWaitLeftMs(throttle: PinThrottle, nowMs: number): number {
  return Math.max(0, throttle.blockedUntilMs - nowMs);
}

const storageKey = 'caisse.pinThrottle';
const storedSchema = z.object({
  failureCount: z.number().int().min(0),
  blockedUntilMs: z.number().int().min(0),
});

export function readPinThrottle(storage: Pick<Storage, 'getItem'>): PinThrottle {
  try {
    const parsed = storedSchema.safeParse(JSON.parse(storage.getItem(storageKey) ?? 'null'));
    return parsed.success ? parsed.data : freshPinThrottle;
  } catch {
    return freshPinThrottle;
  }
}

export function writePinThrottle(storage: Pick<Storage, 'setItem'>, throttle: PinThrottle) {
  try {
    storage.setItem(storageKey, JSON.stringify(throttle));
  } catch {
    // Kept in memory only: the wait still holds until the till restarts.
  }
}
