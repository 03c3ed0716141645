// The poke stream: server-sent events that tell a connected till, within a second, that there is
// something new to pull. A poke carries only the newest cursor, never data; the till pulls.
// Pokes are coalesced over a short window so a burst of pushes costs one message per till.
import type { FastifyReply } from 'fastify';
import type { Ledger } from '../ledger/ledger.ts';

const pokeCoalesceMs = 50;
const heartbeatIntervalMs = 15_000;

export function streamPokes(ledger: Ledger, reply: FastifyReply, initialCursor: number): void {
  reply.hijack();
  const stream = reply.raw;
  stream.writeHead(200, {
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-store',
    connection: 'keep-alive',
    'x-accel-buffering': 'no',
    // The reply is written by hand here, past the hook that adds this to every other answer: a
    // till page on its own origin must be allowed to read the stream.
    'access-control-allow-origin': '*',
  });

  const send = (cursor: number) => {
    stream.write(`event: poke\ndata: ${JSON.stringify({ cursor })}\n\n`);
  };
  send(initialCursor);

  let pendingCursor: number | null = null;
  let flushTimer: NodeJS.Timeout | null = null;
  const unsubscribe = ledger.onChange((cursor) => {
    pendingCursor = Math.max(pendingCursor ?? 0, cursor);
    flushTimer ??= setTimeout(() => {
      flushTimer = null;
      if (pendingCursor !== null) send(pendingCursor);
      pendingCursor = null;
    }, pokeCoalesceMs);
  });
  const heartbeat = setInterval(() => stream.write(': keep-alive\n\n'), heartbeatIntervalMs);

  stream.on('close', () => {
    unsubscribe();
    clearInterval(heartbeat);
    if (flushTimer) clearTimeout(flushTimer);
  });
}
