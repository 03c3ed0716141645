// Ids derived from what a thing is rather than made at random: the same bank line always gives
// the same transaction id, so booking it again is recognised by the ledger as a retry. The layout
// is a UUID of version 8 (custom), from the first 128 bits of a SHA-256 of a namespaced name.
import { createHash } from 'node:crypto';

export function derivedUuid(namespace: string, name: string): string {
  const bytes = createHash('sha256').update(`${namespace}\u0000${name}`).digest().subarray(0, 16);
  bytes[6] = ((bytes[6] ?? 0) & 0x0f) | 0x80;
  bytes[8] = ((bytes[8] ?? 0) & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return [
    hex.slice(0, 8),
    hex.slice(8, 12),
    hex.slice(12, 16),
    hex.slice(16, 20),
    hex.slice(20),
  ].join('-');
}
