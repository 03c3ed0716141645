// Pairing a new till without copying a 43-character token by hand: the back office (or the
// CLI) makes a short one-time code, the person setting up the till types it in, and the till
// exchanges it for its id and token with `POST /v1/tills/pair`. A code is 8 characters from an
// alphabet without look-alikes (no 0/O, 1/I/L), about 40 bits, lives 15 minutes and works
// once; it is stored only as its SHA-256. A fast hash is enough here because a code dies long
// before anyone could try the 31^8 possibilities, and failed attempts are limited per address.
import { createHash, randomInt } from 'node:crypto';
import { newId } from '../../shared/ids.ts';
import {
  pairRequestSchema,
  pairResponseSchema,
  type PairingRefusal,
  type PairResponse,
} from '../../shared/protocol.ts';
import { HttpProblem, parseWith } from '../http/errors.ts';
import type { RouteDefinition } from '../http/routes.ts';
import { insertTill } from '../ledger/tills.ts';
import { one, type Database } from '../storage/database.ts';
import { recordAudit, type AuditActor } from './audit.ts';

export const pairingAlphabet = '23456789ABCDEFGHJKMNPQRSTUVWXYZ';
export const pairingCodeLength = 8;
export const pairingCodeMinutes = 15;

/** Upper case without separators: a person may type "abcd-efgh" or "ABCD EFGH". */
export function normalisePairingCode(text: string): string {
  return text.replace(/[\s-]/g, '').toUpperCase();
}

/** "ABCD-EFGH": two groups of four are easier to read out and type. */
export function displayPairingCode(code: string): string {
  return `${code.slice(0, 4)}-${code.slice(4)}`;
}

function hashCode(code: string): string {
  return createHash('sha256').update(normalisePairingCode(code), 'utf8').digest('hex');
}

export function makePairingCode(): string {
  let code = '';
  for (let index = 0; index < pairingCodeLength; index += 1) {
    code += pairingAlphabet[randomInt(pairingAlphabet.length)];
  }
  return code;
}

export async function createPairingCode(
  database: Database,
  actor: AuditActor,
  now: Date,
  minutes = pairingCodeMinutes,
): Promise<{ code: string; expiresAt: string }> {
  const code = makePairingCode();
  const at = now.toISOString();
  const expiresAt = new Date(now.getTime() + minutes * 60_000).toISOString();
  const id = newId();
  await database.write(async (sql) => {
    await sql.run(
      'INSERT INTO till_pairing_codes (id, code_hash, created_by, created_at, expires_at) ' +
        'VALUES (?, ?, ?, ?, ?)',
      [id, hashCode(code), actor.name, at, expiresAt],
    );
    await recordAudit(sql, {
      actor,
      action: 'till_pairing_code_created',
      targetKind: 'pairing_code',
      targetId: id,
      detail: `valid until ${expiresAt}`,
      occurredAt: at,
    });
  });
  return { code: displayPairingCode(code), expiresAt };
}

/** What a code itself can be refused for; `too_many_attempts` is the endpoint's own refusal. */
export type CodeRefusal = Exclude<PairingRefusal, 'too_many_attempts'>;

export type PairingResult = ({ ok: true } & PairResponse) | { ok: false; reason: CodeRefusal };

interface CodeRecord extends Record<string, unknown> {
  id: string;
  created_by: string;
  expires_at: string;
  used_at: string | null;
}

/**
 * Exchanges a code for a new till. The code is marked used by a conditional update in the same
 * transaction as the till is made, so two tills racing with one code can never both win.
 */
export async function redeemPairingCode(
  database: Database,
  input: { code: string; tillName: string },
  now: Date,
): Promise<PairingResult> {
  const at = now.toISOString();
  return database.write(async (sql): Promise<PairingResult> => {
    const row = await one<CodeRecord>(
      sql,
      'SELECT id, created_by, expires_at, used_at FROM till_pairing_codes WHERE code_hash = ?',
      [hashCode(input.code)],
    );
    if (!row) return { ok: false, reason: 'pairing_code_unknown' };
    if (row.used_at !== null) return { ok: false, reason: 'pairing_code_used' };
    if (row.expires_at <= at) return { ok: false, reason: 'pairing_code_expired' };
    const claimed = await sql.run(
      'UPDATE till_pairing_codes SET used_at = ? WHERE id = ? AND used_at IS NULL',
      [at, row.id],
    );
    if (claimed !== 1) return { ok: false, reason: 'pairing_code_used' };
    const { till, token } = await insertTill(sql, input.tillName, at);
    await sql.run('UPDATE till_pairing_codes SET till_id = ? WHERE id = ?', [till.id, row.id]);
    await recordAudit(sql, {
      // The person who made the code let this till in.
      actor: { userId: null, name: row.created_by },
      action: 'till_paired',
      targetKind: 'till',
      targetId: till.id,
      detail: input.tillName,
      occurredAt: at,
    });
    return { ok: true, tillId: till.id, tillName: till.name, token };
  });
}

const refusals: Record<CodeRefusal, { statusCode: number; message: string }> = {
  pairing_code_unknown: {
    statusCode: 404,
    message: 'No such pairing code; check it, or make a new one in the back office.',
  },
  pairing_code_used: {
    statusCode: 409,
    message: 'This pairing code was used already; make a new one in the back office.',
  },
  pairing_code_expired: {
    statusCode: 410,
    message: 'This pairing code has expired; make a new one in the back office.',
  },
};

/** The pairing endpoint, in the same route table form as the sync API (and its OpenAPI). */
export const pairingRoutes: RouteDefinition[] = [
  {
    method: 'POST',
    path: '/v1/tills/pair',
    summary:
      'Exchange a one-time pairing code made in the back office for a new till id and token. ' +
      'A refusal says why in error.code: pairing_code_unknown, pairing_code_used, ' +
      'pairing_code_expired or too_many_attempts.',
    isTillAuthenticated: false,
    body: pairRequestSchema,
    response: pairResponseSchema,
    handle: async ({ ledger, request, reply }) => {
      const limiter = request.server.backOffice.pairingLimiterByAddress;
      const key = `address:${request.ip}`;
      const waitMs = limiter.retryAfterMs(key);
      if (waitMs > 0) {
        void reply.header('retry-after', String(Math.ceil(waitMs / 1000)));
        throw new HttpProblem(
          429,
          'too_many_attempts',
          'Too many wrong pairing codes from this address; wait a few minutes.',
        );
      }
      const body = parseWith(pairRequestSchema, request.body, 'body');
      const result = await redeemPairingCode(ledger.database, body, ledger.context.now());
      if (!result.ok) {
        limiter.recordFailure(key);
        const refusal = refusals[result.reason];
        throw new HttpProblem(refusal.statusCode, result.reason, refusal.message);
      }
      void reply.header('cache-control', 'no-store');
      return { tillId: result.tillId, tillName: result.tillName, token: result.token };
    },
  },
];
