// Raw TCP to a network printer, port 9100 by convention. Connecting and writing each have a
// timeout, so an unplugged printer costs the cashier a few seconds and a message, never a frozen
// till.
import { Socket } from 'node:net';
import type { PrintOutcome, PrinterStatus } from '../../../shared/host-api.ts';
import { interpretStatus, statusQuery, type PrinterTransport } from './transport.ts';

export interface TcpPrinterAddress {
  host: string;
  port: number;
  connectTimeoutMs?: number;
  writeTimeoutMs?: number;
}

const connectTimeoutMsDefault = 3_000;
const writeTimeoutMsDefault = 10_000;

function connect(address: TcpPrinterAddress): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = new Socket();
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('connect timeout'));
    }, address.connectTimeoutMs ?? connectTimeoutMsDefault);
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.connect(address.port, address.host, () => {
      clearTimeout(timer);
      socket.removeAllListeners('error');
      resolve(socket);
    });
  });
}

function writeAll(socket: Socket, bytes: Uint8Array, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error('write timeout'));
    }, timeoutMs);
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    socket.end(bytes, () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/** Sends the three status queries and collects one answer byte for each. */
function readStatus(socket: Socket, timeoutMs: number): Promise<PrinterStatus | null> {
  return new Promise((resolve) => {
    const answers: number[] = [];
    const timer = setTimeout(() => finish(null), timeoutMs);
    const finish = (status: PrinterStatus | null) => {
      clearTimeout(timer);
      socket.removeAllListeners('data');
      resolve(status);
    };
    socket.on('data', (chunk: Buffer) => {
      answers.push(...chunk);
      if (answers.length >= 3) finish(interpretStatus(answers[0]!, answers[1]!, answers[2]!));
    });
    socket.once('error', () => finish(null));
    socket.write(Uint8Array.from([...statusQuery(1), ...statusQuery(2), ...statusQuery(4)]));
  });
}

export function tcpTransport(address: TcpPrinterAddress): PrinterTransport {
  const writeTimeoutMs = address.writeTimeoutMs ?? writeTimeoutMsDefault;
  return {
    name: `tcp://${address.host}:${address.port}`,
    write: async (bytes): Promise<PrintOutcome> => {
      let socket: Socket;
      try {
        socket = await connect(address);
      } catch (error) {
        return { ok: false, reason: 'printer_unreachable', detail: String(error) };
      }
      try {
        await writeAll(socket, bytes, writeTimeoutMs);
        return { ok: true };
      } catch (error) {
        const detail = String(error);
        return { ok: false, reason: detail.includes('timeout') ? 'timeout' : 'failed', detail };
      }
    },
    status: async () => {
      let socket: Socket;
      try {
        socket = await connect(address);
      } catch {
        return { isReachable: false, isPaperOut: null, isCoverOpen: null };
      }
      try {
        // A printer that does not answer status queries is reachable but says nothing more.
        return (
          (await readStatus(socket, 1_500)) ?? {
            isReachable: true,
            isPaperOut: null,
            isCoverOpen: null,
          }
        );
      } finally {
        socket.destroy();
      }
    },
  };
}
