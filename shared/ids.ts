// Every record gets its id where it is made (the till for orders, the server for its own
// transactions), before it is stored or sent, so that a retry carries the same id and is
// recognised. UUIDv7 ids sort by creation time, which keeps database indexes append-mostly.
import { uuidv7 } from 'uuidv7';

export type Id = string;

export function newId(): Id {
  return uuidv7();
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isId(value: string): boolean {
  return uuidPattern.test(value);
}

/** The creation time a UUIDv7 carries in its first 48 bits, in milliseconds since 1970. */
export function idTimeMs(id: Id): number {
  return Number.parseInt(id.slice(0, 8) + id.slice(9, 13), 16);
}
