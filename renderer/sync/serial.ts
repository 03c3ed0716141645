// Two small concurrency tools for the sync engine. `SerialLock` runs one task at a time, so a
// pull never writes between a push's request and the handling of its answer: the order in which
// the server read its state is the order in which the till applies what it read. A
// `CoalescingRunner` folds a burst of requests (pokes, timers, new orders) into at most one run
// in progress and one queued behind it.

export class SerialLock {
  private tail: Promise<void> = Promise.resolve();

  /** Runs `task` after every task handed in before it; its failure does not block the next. */
  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.then(
      () => undefined,
      () => undefined,
    );
    return result;
  }

  /** Resolves once every task handed in so far has finished. */
  idle(): Promise<void> {
    return this.tail;
  }
}

export class CoalescingRunner {
  private running: Promise<void> | null = null;
  private queued: Promise<void> | null = null;

  constructor(private readonly task: () => Promise<void>) {}

  /**
   * Resolves when a run that started after this call has finished, so a caller never settles
   * for a run that began before the change it wants picked up.
   */
  run(): Promise<void> {
    if (!this.running) return this.start();
    this.queued ??= this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = null;
        return this.start();
      });
    return this.queued;
  }

  idle(): Promise<void> {
    const waiting = this.queued ?? this.running;
    return waiting ? waiting.catch(() => undefined).then(() => this.idle()) : Promise.resolve();
  }

  private start(): Promise<void> {
    const current = this.task().finally(() => {
      if (this.running === current) this.running = null;
    });
    this.running = current;
    return current;
  }
}

/** Lets the browser paint and handle keys between two pages of a long download. */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}
