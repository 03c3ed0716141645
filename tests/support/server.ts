// A real ledger server on a real TCP port for HTTP tests, on the engine asked for.
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
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

/** Reads server-sent events until `predicate` accepts one, or fails after `timeoutMs`. */
export async function waitForPoke(
  url: string,
  token: string,
  predicate: (cursor: number) => boolean,
  timeoutMs: number,
  onOpen: () => Promise<void>,
): Promise<number> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch(`${url}/v1/events`, {
      headers: { authorization: `Bearer ${token}` },
      signal: controller.signal,
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    // A till page on its own origin may only read the stream when the server allows it.
    expect(response.headers.get('access-control-allow-origin')).toBe('*');
    const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buffer = '';
    let isOpened = false;
    for (;;) {
      const { value, done } = await reader.read();
      if (done) throw new Error('event stream ended');
      buffer += value;
      const events = buffer.split('\n\n');
      buffer = events.pop() ?? '';
      for (const event of events) {
        const data = /^data: (.*)$/m.exec(event)?.[1];
        if (!data) continue;
        const { cursor } = JSON.parse(data) as { cursor: number };
        if (!isOpened) {
          isOpened = true;
          await onOpen();
        } else if (predicate(cursor)) {
          return cursor;
        }
      }
    }
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}
