// Online wallet authorisation. The floor check and the hold are made in one write transaction
// with the wallet row locked, so two tills asking for the last euro at the same moment are
// served one after the other and only one gets it. The hold keeps the amount reserved until
// the order is pushed (consumed), the till releases it, or it expires.
import type {
  AuthorizeRequest,
  AuthorizeResponse,
  ReleaseResponse,
} from '../../shared/protocol.ts';
import { asBoolean, asNumber, one, type Sql } from '../storage/database.ts';
import { lockAccounts } from './accounts.ts';
import { readSettings } from './catalog.ts';
import type { LedgerContext } from './context.ts';
import type { Till } from './tills.ts';

interface HoldRow extends Record<string, unknown> {
  id: string;
  wallet_id: string;
  customer_id: string;
  till_id: string;
  order_id: string;
  method_id: string;
  amount_minor: unknown;
  status: string;
  expires_at: string;
}

export async function heldOnWallet(
  sql: Sql,
  walletId: string,
  now: string,
  exceptOrderId: string | null,
): Promise<number> {
  const row = await one<{ held: unknown }>(
    sql,
    'SELECT COALESCE(SUM(amount_minor), 0) AS held FROM wallet_holds ' +
      "WHERE wallet_id = ? AND status = 'active' AND expires_at > ? AND order_id <> ?",
    [walletId, now, exceptOrderId ?? ''],
  );
  return asNumber(row?.held ?? 0);
}

export async function authorizeWalletPayment(
  context: LedgerContext,
  till: Till,
  request: AuthorizeRequest,
): Promise<AuthorizeResponse> {
  const nowDate = context.now();
  const now = nowDate.toISOString();
  const declined = (
    reason: Extract<AuthorizeResponse, { status: 'declined' }>['reason'],
    availableMinor = 0,
  ) =>
    ({
      status: 'declined',
      authorizationId: request.authorizationId,
      reason,
      availableMinor,
    }) as const;

  return context.database.write(async (sql) => {
    const customer = await one<{ wallet_id: string; is_wallet_user: unknown }>(
      sql,
      'SELECT wallet_id, is_wallet_user FROM customers WHERE id = ?',
      [request.customerId],
    );
    if (!customer) return declined('unknown_customer');
    if (!asBoolean(customer.is_wallet_user)) return declined('not_wallet_user');

    const method = await one<{ kind: string; minimum_wallet_minor: unknown }>(
      sql,
      'SELECT kind, minimum_wallet_minor FROM payment_methods WHERE id = ? AND is_active = 1',
      [request.methodId],
    );
    if (!method) return declined('unknown_payment_method');
    if (method.kind !== 'wallet') return declined('not_a_wallet_method');

    const settings = await readSettings(sql);
    if (settings.currency !== request.currency) return declined('wrong_currency');

    const balances = await lockAccounts(sql, [customer.wallet_id]);
    const balanceMinor = balances.get(customer.wallet_id) ?? 0;
    const minimumMinor = asNumber(method.minimum_wallet_minor);

    const existing = await one<HoldRow>(sql, 'SELECT * FROM wallet_holds WHERE id = ?', [
      request.authorizationId,
    ]);
    const heldMinor = await heldOnWallet(sql, customer.wallet_id, now, request.orderId);
    const availableMinor = balanceMinor - heldMinor - minimumMinor;

    if (existing) {
      // A retried request gets the answer it had; the same id for another payment is refused.
      const isSame =
        existing.order_id === request.orderId &&
        existing.customer_id === request.customerId &&
        asNumber(existing.amount_minor) === request.amountMinor &&
        existing.till_id === till.id;
      if (!isSame) return declined('authorization_reused', Math.max(0, availableMinor));
      // A hold already given back or run out does not come back to life on a retry.
      const isOpen = existing.status === 'active' && existing.expires_at > now;
      if (!isOpen && existing.status !== 'consumed') {
        return declined('authorization_closed', Math.max(0, availableMinor));
      }
      return {
        status: 'approved',
        authorizationId: existing.id,
        amountMinor: request.amountMinor,
        balanceMinor,
        availableMinor: availableMinor - request.amountMinor,
        expiresAt: existing.expires_at,
      };
    }

    if (request.amountMinor > availableMinor) {
      return declined('below_minimum_wallet_amount', Math.max(0, availableMinor));
    }

    // A new authorisation for the same order (the cashier changed the amount) replaces the old.
    await sql.run(
      "UPDATE wallet_holds SET status = 'released', resolved_at = ? " +
        "WHERE order_id = ? AND status = 'active'",
      [now, request.orderId],
    );
    const expiresAt = new Date(
      nowDate.getTime() + settings.walletHoldMinutes * 60_000,
    ).toISOString();
    await sql.run(
      'INSERT INTO wallet_holds (id, wallet_id, customer_id, till_id, order_id, method_id, ' +
        "amount_minor, status, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'active', ?, ?)",
      [
        request.authorizationId,
        customer.wallet_id,
        request.customerId,
        till.id,
        request.orderId,
        request.methodId,
        request.amountMinor,
        now,
        expiresAt,
      ],
    );
    return {
      status: 'approved',
      authorizationId: request.authorizationId,
      amountMinor: request.amountMinor,
      balanceMinor,
      availableMinor: availableMinor - request.amountMinor,
      expiresAt,
    };
  });
}

/** The till gives a hold back when the cashier cancels the wallet payment. */
export async function releaseAuthorization(
  context: LedgerContext,
  till: Till,
  authorizationId: string,
): Promise<ReleaseResponse> {
  const now = context.now().toISOString();
  return context.database.write(async (sql) => {
    const hold = await one<HoldRow>(
      sql,
      'SELECT * FROM wallet_holds WHERE id = ? AND till_id = ?',
      [authorizationId, till.id],
    );
    if (!hold) return { authorizationId, status: 'unknown' };
    if (hold.status === 'consumed') return { authorizationId, status: 'consumed' };
    if (hold.status === 'released') return { authorizationId, status: 'released' };
    if (hold.expires_at <= now) return { authorizationId, status: 'expired' };
    await sql.run("UPDATE wallet_holds SET status = 'released', resolved_at = ? WHERE id = ?", [
      now,
      authorizationId,
    ]);
    return { authorizationId, status: 'released' };
  });
}
