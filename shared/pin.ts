// PINs of the staff who sign in at the tills, kept only as a slow salted hash. The same code runs
// on the server (which makes the hash when a manager sets a PIN, and checks a manager's PIN on
// every store-wide change) and in the till's renderer (which checks a PIN while offline), so it
// uses the Web Crypto API both have: PBKDF2 with SHA-256. A PIN has few possibilities; the slow
// hash makes trying them all from a stolen till database cost hours instead of a second, and the
// tills and the server also limit wrong attempts.
//
// The stored form names its algorithm and work factor, so a later change can raise the factor
// and still read the hashes made before: `pbkdf2-sha256$<iterations>$<salt>$<hash>` (base64).

// Shared code is compiled without the browser's or Node's type libraries, so the few Web APIs
// used here are described by hand; both runtimes provide them on the global object.
interface WebCrypto {
  subtle: {
    importKey(
      format: 'raw',
      keyData: Uint8Array,
      algorithm: 'PBKDF2',
      extractable: false,
      usages: ['deriveBits'],
    ): Promise<unknown>;
    deriveBits(
      algorithm: { name: 'PBKDF2'; hash: 'SHA-256'; salt: Uint8Array; iterations: number },
      key: unknown,
      length: number,
    ): Promise<ArrayBuffer>;
  };
  getRandomValues<T extends Uint8Array>(array: T): T;
}
interface WebGlobals {
  crypto: WebCrypto;
  TextEncoder: new () => { encode(text: string): Uint8Array };
  btoa(binary: string): string;
  atob(base64: string): string;
}
const web = globalThis as unknown as WebGlobals;

export const pinHashIterations = 200_000;
const algorithmName = 'pbkdf2-sha256';
const saltBytes = 16;
const hashBits = 256;

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return web.btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = web.atob(text);
  const bytes = new Uint8Array(new ArrayBuffer(binary.length));
  for (let index = 0; index < binary.length; index += 1) bytes[index] = binary.charCodeAt(index);
  return bytes;
}

async function derive(pin: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const key = await web.crypto.subtle.importKey(
    'raw',
    new web.TextEncoder().encode(pin),
    'PBKDF2',
    false,
    ['deriveBits'],
  );
  const bits = await web.crypto.subtle.deriveBits(
    { name: 'PBKDF2', hash: 'SHA-256', salt, iterations },
    key,
    hashBits,
  );
  return new Uint8Array(bits);
}

export async function hashPin(pin: string, iterations = pinHashIterations): Promise<string> {
  const salt = web.crypto.getRandomValues(new Uint8Array(new ArrayBuffer(saltBytes)));
  const hash = await derive(pin, salt, iterations);
  return `${algorithmName}$${iterations}$${toBase64(salt)}$${toBase64(hash)}`;
}

/** False for a wrong PIN and for a stored hash this code cannot read; never throws. */
export async function verifyPin(pin: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 4 || parts[0] !== algorithmName) return false;
  const iterations = Number(parts[1]);
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > 10_000_000) return false;
  let salt: Uint8Array;
  let expected: Uint8Array;
  try {
    salt = fromBase64(parts[2] ?? '');
    expected = fromBase64(parts[3] ?? '');
  } catch {
    return false;
  }
  const actual = await derive(pin, salt, iterations);
  if (actual.length !== expected.length) return false;
  // Compare every byte whatever the first difference, so the time taken tells nothing.
  let difference = 0;
  for (let index = 0; index < actual.length; index += 1) {
    difference |= (actual[index] ?? 0) ^ (expected[index] ?? 0);
  }
  return difference === 0;
}
