// Customers sign in to the portal with a link sent to their e-mail address: no password to
// forget or reuse. The link carries 256 random bits, is stored only as its SHA-256, works once
// and for twenty minutes. Redeeming it opens a session whose token, likewise stored hashed, is
// kept in a cookie; signing out ends the session row, so the cookie is worthless afterwards.
import { createHash, randomBytes } from 'node:crypto';
import type { LedgerContext } from '../ledger/context.ts';
import { one } from '../storage/database.ts';

export const signInLinkLifetimeMs = 20 * 60_000;
export const portalSessionLifetimeMs = 7 * 24 * 60 * 60_000;
/** Links asked for one customer within the lifetime of a link; more are not sent (mail bombing). */
export const signInLinksPerCustomerMax = 3;
/** Customers one address may belong to (a shared family address), each getting a link. */
const customersPerAddressMax = 5;

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export interface SignInLink {
  customerName: string;
  /** The address as the shop keeps it, which the mail goes to, rather than as it was typed. */
  email: string;
  token: string;
}

/**
 * Makes a sign-in link for each active customer with this address. An unknown address makes
 * none; the caller answers the same either way, so the page never tells who is a customer.
 */
export async function createSignInLinks(
  context: LedgerContext,
  email: string,
): Promise<SignInLink[]> {
  const now = context.now();
  const since = new Date(now.getTime() - signInLinkLifetimeMs).toISOString();
  return context.database.write(async (sql) => {
    const customers = await sql.all<{ id: string; name: string; email: string }>(
      'SELECT id, name, email FROM customers WHERE LOWER(email) = LOWER(?) AND is_active = 1 ' +
        'ORDER BY name, id LIMIT ?',
      [email.trim(), customersPerAddressMax],
    );
    const links: SignInLink[] = [];
    for (const customer of customers) {
      const recent = await one<{ count: unknown }>(
        sql,
        'SELECT COUNT(*) AS count FROM portal_sign_in_links ' +
          'WHERE customer_id = ? AND created_at > ?',
        [customer.id, since],
      );
      if (Number(recent?.count ?? 0) >= signInLinksPerCustomerMax) continue;
      const token = newToken();
      await sql.run(
        'INSERT INTO portal_sign_in_links (token_hash, customer_id, created_at, expires_at) ' +
          'VALUES (?, ?, ?, ?)',
        [
          hashToken(token),
          customer.id,
          now.toISOString(),
          new Date(now.getTime() + signInLinkLifetimeMs).toISOString(),
        ],
      );
      links.push({ customerName: customer.name, email: customer.email, token });
    }
    return links;
  });
}

export type RedeemOutcome =
  | { status: 'signed_in'; sessionToken: string; customerId: string }
  | { status: 'refused'; reason: 'unknown' | 'used' | 'expired' };

/** Uses a link once: the first redeemer gets a session, every later attempt is refused. */
export async function redeemSignInLink(
  context: LedgerContext,
  token: string,
): Promise<RedeemOutcome> {
  const now = context.now();
  return context.database.write(async (sql): Promise<RedeemOutcome> => {
    const link = await one<{ customer_id: string; expires_at: string; used_at: string | null }>(
      sql,
      'SELECT l.customer_id, l.expires_at, l.used_at FROM portal_sign_in_links l ' +
        'JOIN customers c ON c.id = l.customer_id ' +
        `WHERE l.token_hash = ? AND c.is_active = 1${sql.forUpdate}`,
      [hashToken(token)],
    );
    if (!link) return { status: 'refused', reason: 'unknown' };
    if (link.used_at !== null) return { status: 'refused', reason: 'used' };
    if (link.expires_at <= now.toISOString()) return { status: 'refused', reason: 'expired' };
    await sql.run('UPDATE portal_sign_in_links SET used_at = ? WHERE token_hash = ?', [
      now.toISOString(),
      hashToken(token),
    ]);
    const sessionToken = newToken();
    await sql.run(
      'INSERT INTO portal_sessions (token_hash, customer_id, created_at, expires_at) ' +
        'VALUES (?, ?, ?, ?)',
      [
        hashToken(sessionToken),
        link.customer_id,
        now.toISOString(),
        new Date(now.getTime() + portalSessionLifetimeMs).toISOString(),
      ],
    );
    return { status: 'signed_in', sessionToken, customerId: link.customer_id };
  });
}

/** The customer of a live session, or null for an unknown, ended or expired one. */
export async function customerOfSession(
  context: LedgerContext,
  sessionToken: string,
): Promise<string | null> {
  const row = await context.database.read((sql) =>
    one<{ customer_id: string }>(
      sql,
      'SELECT s.customer_id FROM portal_sessions s JOIN customers c ON c.id = s.customer_id ' +
        'WHERE s.token_hash = ? AND s.ended_at IS NULL AND s.expires_at > ? AND c.is_active = 1',
      [hashToken(sessionToken), context.now().toISOString()],
    ),
  );
  return row?.customer_id ?? null;
}

export async function endSession(context: LedgerContext, sessionToken: string): Promise<void> {
  await context.database.write((sql) =>
    sql.run('UPDATE portal_sessions SET ended_at = ? WHERE token_hash = ? AND ended_at IS NULL', [
      context.now().toISOString(),
      hashToken(sessionToken),
    ]),
  );
}
