// A receipt printer for tests: a TCP server on 127.0.0.1 that records every byte it receives and
// answers the status queries (DLE EOT 1, 2, 4) as a real printer would, healthy or out of
// paper. Stopping it makes the printer unreachable.
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export type TestPrinterMode = 'ready' | 'paper_out' | 'cover_open';

export interface TestPrinter {
  port: number;
  /** Every connection's bytes, status queries taken out. */
  jobs: Uint8Array[];
  setMode(mode: TestPrinterMode): void;
  close(): Promise<void>;
}

function statusAnswer(kind: number, mode: TestPrinterMode): number {
  // Bit 1 and bit 4 are always set in these answers; the others carry the state.
  const fixed = 0x12;
  if (kind === 1) return fixed | (mode === 'ready' ? 0 : 0x08);
  if (kind === 2) {
    return fixed | (mode === 'paper_out' ? 0x20 : 0) | (mode === 'cover_open' ? 0x04 : 0);
  }
  return fixed | (mode === 'paper_out' ? 0x60 : 0);
}

export async function startTestPrinter(): Promise<TestPrinter> {
  let mode: TestPrinterMode = 'ready';
  const jobs: Uint8Array[] = [];
  const sockets = new Set<Socket>();

  const server: Server = createServer((socket) => {
    sockets.add(socket);
    const received: number[] = [];
    socket.on('data', (chunk: Buffer) => {
      for (let index = 0; index < chunk.length; index += 1) {
        const isQuery = chunk[index] === 0x10 && chunk[index + 1] === 0x04;
        if (isQuery) {
          socket.write(Uint8Array.of(statusAnswer(chunk[index + 2] ?? 0, mode)));
          index += 2;
        } else {
          received.push(chunk[index]!);
        }
      }
    });
    socket.on('close', () => {
      sockets.delete(socket);
      if (received.length > 0) jobs.push(Uint8Array.from(received));
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));

  return {
    port: (server.address() as AddressInfo).port,
    jobs,
    setMode: (next) => {
      mode = next;
    },
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
