// Assertions are for programming errors only: a failed assertion means the code is wrong, never
// that the user typed something wrong. Expected failures are returned as values with a reason code.

export class AssertionError extends Error {
  override name = 'AssertionError';
}

export function assert(condition: unknown, message: string): asserts condition {
  if (!condition) throw new AssertionError(message);
}

/** Makes a `switch` exhaustive: the compiler rejects a call that can be reached. */
export function assertNever(value: never, what: string): never {
  throw new AssertionError(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
