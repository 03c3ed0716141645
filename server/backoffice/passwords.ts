// Back-office passwords are stored as scrypt hashes with a random salt per user. Unlike a till
// token (256 random bits, where SHA-256 is enough), a password is short and guessable, so the
// hash must be slow and memory-hard: with these costs one guess takes tens of milliseconds and
// 32 MiB of memory, which makes a stolen table expensive to attack. The cost parameters are
// stored in each hash, so raising them later still verifies the old hashes.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

export interface ScryptCost {
  /** CPU and memory cost, a power of two. */
  N: number;
  r: number;
  p: number;
}

/** OWASP's recommended minimum for scrypt: N = 2^15, r = 8, p = 1 (32 MiB). */
export const defaultScryptCost: ScryptCost = { N: 2 ** 15, r: 8, p: 1 };

const saltBytes = 16;
const keyBytes = 32;
export const passwordLengthMin = 10;
export const passwordLengthMax = 200;

function derive(password: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  // Node refuses a derivation that needs more than `maxmem`; 128 × N × r bytes plus slack.
  const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, keyBytes, options, (error, key) => {
      if (error) reject(error);
      else resolve(key);
    });
  });
}

/** `scrypt$N$r$p$salt$key`, salt and key in base64url. */
export async function hashPassword(
  password: string,
  cost: ScryptCost = defaultScryptCost,
): Promise<string> {
  const salt = randomBytes(saltBytes);
  const key = await derive(password, salt, cost);
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64url'), key.toString('base64url')]
    .map(String)
    .join('$');
}

function parseHash(stored: string): { cost: ScryptCost; salt: Buffer; key: Buffer } | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  if (!N || !r || !p || !Number.isSafeInteger(N) || (N & (N - 1)) !== 0) return null;
  return {
    cost: { N, r, p },
    salt: Buffer.from(parts[4] ?? '', 'base64url'),
    key: Buffer.from(parts[5] ?? '', 'base64url'),
  };
}

/** Compares in constant time, so the answer's timing tells nothing about the stored hash. */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  if (!parsed || parsed.key.length !== keyBytes) return false;
  const key = await derive(password, parsed.salt, parsed.cost);
  return timingSafeEqual(key, parsed.key);
}

/**
 * A hash of a random password, verified when the login name is unknown: an unknown name then
 * takes as long to refuse as a wrong password, so the timing does not reveal which names exist.
 */
let decoyHash: Promise<string> | null = null;
export function decoyPasswordHash(): Promise<string> {
  decoyHash ??= hashPassword(randomBytes(16).toString('base64url'));
  return decoyHash;
}

export type PasswordProblem = 'too_short' | 'too_long';

export function checkPasswordStrength(password: string): PasswordProblem | null {
  const length = [...password].length;
  if (length < passwordLengthMin) return 'too_short';
  if (length > passwordLengthMax) return 'too_long';
  return null;
}
