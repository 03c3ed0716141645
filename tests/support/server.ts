// A real ledger server on a real TCP port for HTTP tests, on the engine asked for.
import type { AddressInfo } from 'node:net';
import { buildApp } from '../../server/http/app.ts';
import { createMemoryLogger } from '../../shared/logger.ts';
import { openTestLedger, type Engine } from './databases.ts';
import { seedStore } from './store.ts';

export async function startTestServer(
  engine: Engine,
  options: { walletBalanceMinor?: number } = {},
) {
  const testLedger = await openTestLedger(engine);
  const store = await seedStore(testLedger.ledger, options);
  const app = await buildApp({ ledger: testLedger.ledger, logger: createQuietLogger() });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  const url = `http://127.0.0.1:${port}`;
  return {
    ...testLedger,
    store,
    url,
    app,
    close: async () => {
      await app.close();
      await testLedger.close();
    },
  };
}

function createQuietLogger() {
  return createMemoryLogger().logger;
}

export type TestServer = Awaited<ReturnType<typeof startTestServer>>;

export async function call(
  server: { url: string },
  method: 'GET' | 'POST' | 'PUT',
  path: string,
  options: { token?: string | null; body?: unknown; rawBody?: string; contentType?: string } = {},
) {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined) headers['content-type'] = options.contentType ?? 'application/json';
  const response = await fetch(`${server.url}${path}`, { method, headers, body });
  const text = await response.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: response.status, json: json as Record<string, unknown> };
}
