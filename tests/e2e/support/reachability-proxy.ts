// A TCP proxy in front of the ledger server, so a test can make the server unreachable and bring
// it back without stopping it: the server keeps its database and its state, and the till sees
// exactly what it sees when a network cable is pulled. Unreachable means the port refuses new
// connections and every open one (the poke stream included) is cut, as a real outage does.
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface ReachabilityProxy {
  /** The address the tills use instead of the server's own. */
  readonly url: string;
  readonly isReachable: boolean;
  setReachable(isReachable: boolean): Promise<void>;
  close(): Promise<void>;
}

const host = '127.0.0.1';
/** Re-listening on the same port can race the kernel releasing it; a few short tries suffice. */
const relistenAttemptsMax = 20;
const relistenDelayMs = 50;

export async function startReachabilityProxy(targetPort: number): Promise<ReachabilityProxy> {
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;

  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };

  const handleConnection = (client: Socket) => {
    const upstream = createConnection({ host, port: targetPort });
    track(client);
    track(upstream);
    // A reset on either side ends both: a half-open pair would hide an outage from the till.
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
  };

  const listen = async () => {
    for (let attempt = 1; ; attempt += 1) {
      const candidate = createServer(handleConnection);
      try {
        await new Promise<void>((resolve, reject) => {
          candidate.once('error', reject);
          candidate.listen({ host, port }, () => resolve());
        });
        server = candidate;
        const address = candidate.address();
        if (address === null || typeof address === 'string') throw new Error('no proxy port');
        port = address.port;
        return;
      } catch (error) {
        const isPortBusy = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
        if (!isPortBusy || attempt >= relistenAttemptsMax) throw error;
        await new Promise((resolve) => setTimeout(resolve, relistenDelayMs));
      }
    }
  };

  const stopListening = async () => {
    const current = server;
    server = null;
    for (const socket of sockets) socket.destroy();
    sockets.clear();
    if (current) await new Promise<void>((resolve) => current.close(() => resolve()));
  };

  await listen();
  const url = `http://${host}:${port}`;

  return {
    url,
    get isReachable() {
      return server !== null;
    },
    setReachable: async (isReachable) => {
      if (isReachable && server === null) await listen();
      if (!isReachable && server !== null) await stopListening();
    },
    close: stopListening,
  };
}
