// The till's HTTP client for the ledger server. Every response is parsed with the shared
// protocol schemas, so a server answering something unexpected is an error here and not a wrong
// balance on screen. Network failures and timeouts are `LedgerUnreachableError`: the caller
// treats the till as offline. A 4xx is `LedgerRefusalError` with the server's reason code.
import type { z } from 'zod';
import type { Order } from '../../shared/domain.ts';
import type { TillConnection } from '../../shared/host-api.ts';
import {
  authorizeResponseSchema,
  errorBodySchema,
  type ErrorIssue,
  pullResponseSchema,
  pushResponseSchema,
  refreshResponseSchema,
  releaseResponseSchema,
  saveProductResponseSchema,
  savePaymentMethodResponseSchema,
  saveStoreSettingsResponseSchema,
  saveStaffResponseSchema,
  type AuthorizeRequest,
  type SavePaymentMethodRequest,
  type SaveProductRequest,
  type SaveStaffRequest,
  type SaveStoreSettingsRequest,
  sessionReportResponseSchema,
  type SessionReportResponse,
  type ZReport,
} from '../../shared/protocol.ts';

export class LedgerUnreachableError extends Error {
  override name = 'LedgerUnreachableError';
}

export class LedgerRefusalError extends Error {
  override name = 'LedgerRefusalError';
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The fields a refused write named, as the server's error body lists them. */
    readonly issues: readonly ErrorIssue[] = [],
  ) {
    super(message);
  }
}

export const requestTimeoutMs = 10_000;

export interface LedgerClient {
  readonly connection: TillConnection;
  health(timeoutMs?: number): Promise<boolean>;
  push(orders: readonly Order[]): Promise<z.infer<typeof pushResponseSchema>>;
  pull(cursor: number, limit: number): Promise<z.infer<typeof pullResponseSchema>>;
  refresh(
    customerId: string,
    pendingOrderIds: readonly string[],
  ): Promise<z.infer<typeof refreshResponseSchema>>;
  authorize(request: AuthorizeRequest): Promise<z.infer<typeof authorizeResponseSchema>>;
  release(authorizationId: string): Promise<z.infer<typeof releaseResponseSchema>>;
  /** Opens the poke stream; `onPoke` gets each cursor; resolves when the stream ends. */
  listen(onPoke: (cursor: number) => void, signal: AbortSignal): Promise<void>;
  // Store-wide settings, written with a manager's credentials; each is one request, refused
  // whole by the server when any field is wrong.
  saveStoreSettings(
    request: SaveStoreSettingsRequest,
  ): Promise<z.infer<typeof saveStoreSettingsResponseSchema>>;
  savePaymentMethod(
    methodId: string,
    request: SavePaymentMethodRequest,
  ): Promise<z.infer<typeof savePaymentMethodResponseSchema>>;
  saveProduct(
    productId: string,
    request: SaveProductRequest,
  ): Promise<z.infer<typeof saveProductResponseSchema>>;
  /** Hands a closed session's Z report to the server; sending it again is answered `exists`. */
  putSessionReport(report: ZReport): Promise<SessionReportResponse>;
  /** Creates or changes one cashier or manager; `member.pin: null` keeps their PIN. */
  saveStaffMember(
    staffId: string,
    request: SaveStaffRequest,
  ): Promise<z.infer<typeof saveStaffResponseSchema>>;
}

export function createLedgerClient(
  connection: TillConnection,
  fetchImpl: typeof fetch = (input, init) => fetch(input, init),
): LedgerClient {
  const base = connection.serverUrl.replace(/\/+$/, '');
  const headers = { authorization: `Bearer ${connection.tillToken}` };

  async function request<T extends z.ZodType>(
    schema: T,
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    body?: unknown,
    timeoutMs = requestTimeoutMs,
  ): Promise<z.infer<T>> {
    let response: Response;
    try {
      response = await fetchImpl(`${base}${path}`, {
        method,
        headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      throw new LedgerUnreachableError(error instanceof Error ? error.message : String(error));
    }
    const payload: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      const problem = errorBodySchema.safeParse(payload);
      if (response.status >= 500 || !problem.success) {
        throw new LedgerUnreachableError(`server answered ${response.status}`);
      }
      throw new LedgerRefusalError(
        response.status,
        problem.data.error.code,
        problem.data.error.message,
        problem.data.error.issues ?? [],
      );
    }
    return schema.parse(payload);
  }

  return {
    connection,
    health: async (timeoutMs = 3_000) => {
      try {
        const response = await fetchImpl(`${base}/health`, {
          signal: AbortSignal.timeout(timeoutMs),
        });
        return response.ok;
      } catch {
        return false;
      }
    },
    push: (orders) =>
      request(pushResponseSchema, 'POST', '/v1/push', {
        protocolVersion: 1,
        tillId: connection.tillId,
        orders,
      }),
    pull: (cursor, limit) =>
      request(pullResponseSchema, 'GET', `/v1/pull?cursor=${cursor}&limit=${limit}`),
    refresh: (customerId, pendingOrderIds) =>
      request(refreshResponseSchema, 'POST', '/v1/refresh', { customerId, pendingOrderIds }, 3_000),
    authorize: (body) =>
      request(authorizeResponseSchema, 'POST', '/v1/wallet/authorizations', body, 5_000),
    release: (authorizationId) =>
      request(
        releaseResponseSchema,
        'POST',
        `/v1/wallet/authorizations/${authorizationId}/release`,
      ),
    listen: async (onPoke, signal) => {
      const response = await fetchImpl(`${base}/v1/events`, { headers, signal });
      if (!response.ok || !response.body) throw new LedgerUnreachableError('no event stream');
      const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += value;
        const events = buffer.split('\n\n');
        buffer = events.pop() ?? '';
        for (const event of events) {
          const data = /^data: (.*)$/m.exec(event)?.[1];
          if (data) onPoke((JSON.parse(data) as { cursor: number }).cursor);
        }
      }
    },
    saveStoreSettings: (body) =>
      request(saveStoreSettingsResponseSchema, 'PUT', '/v1/store-settings', body),
    savePaymentMethod: (methodId, body) =>
      request(
        savePaymentMethodResponseSchema,
        'PUT',
        `/v1/payment-methods/${encodeURIComponent(methodId)}`,
        body,
      ),
    saveProduct: (productId, body) =>
      request(
        saveProductResponseSchema,
        'PUT',
        `/v1/products/${encodeURIComponent(productId)}`,
        body,
      ),
    putSessionReport: (report) =>
      request(
        sessionReportResponseSchema,
        'PUT',
        `/v1/sessions/${encodeURIComponent(report.sessionId)}/report`,
        report,
      ),
    saveStaffMember: (staffId, body) =>
      request(saveStaffResponseSchema, 'PUT', `/v1/staff/${encodeURIComponent(staffId)}`, body),
  };
}
