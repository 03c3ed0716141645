// A bounded limiter of failed attempts, kept in memory: at most `attemptsMax` failures per key
// within a sliding window, after which the key waits until its oldest failure leaves the window.
// Sign-in keys it by address and by login name (so neither one address guessing many names nor
// many addresses guessing one name get far); pairing keys it by address; a manager's PIN sent
// with a store-wide change from a till is keyed by the till. The map holds at most
// `keysMax` keys, dropping the least recently failed, so a flood of addresses cannot grow it.
// Counts are per server process and start again at a restart.

export interface AttemptLimiterOptions {
  attemptsMax: number;
  windowMs: number;
  keysMax?: number;
  now?: () => number;
}

export class AttemptLimiter {
  private readonly failures = new Map<string, number[]>();
  private readonly keysMax: number;
  private readonly now: () => number;

  constructor(private readonly options: AttemptLimiterOptions) {
    this.keysMax = options.keysMax ?? 10_000;
    this.now = options.now ?? Date.now;
  }

  private recent(key: string): number[] {
    const since = this.now() - this.options.windowMs;
    const times = (this.failures.get(key) ?? []).filter((time) => time > since);
    if (times.length === 0) this.failures.delete(key);
    return times;
  }

  /** Milliseconds until the key may try again; 0 when it may try now. */
  retryAfterMs(key: string): number {
    const times = this.recent(key);
    if (times.length < this.options.attemptsMax) return 0;
    const oldest = times[times.length - this.options.attemptsMax] ?? this.now();
    return Math.max(1, oldest + this.options.windowMs - this.now());
  }

  recordFailure(key: string): void {
    const times = this.recent(key);
    times.push(this.now());
    // Only the newest attemptsMax failures decide anything.
    this.failures.delete(key);
    this.failures.set(key, times.slice(-this.options.attemptsMax));
    while (this.failures.size > this.keysMax) {
      const oldestKey = this.failures.keys().next().value;
      if (oldestKey === undefined) break;
      this.failures.delete(oldestKey);
    }
  }

  reset(key: string): void {
    this.failures.delete(key);
  }
}
