// Serves the built renderer (out/renderer) over HTTP on 127.0.0.1, the way the tests load it in
// Chromium. The build uses relative paths, so the same files load from disk in Electron. Only
// files inside the folder are served; anything else is a 404.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';

export const rendererBuildFolder = resolve(import.meta.dirname, '../../../out/renderer');

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticServer {
  /** The address of index.html. */
  readonly indexUrl: string;
  readonly origin: string;
  close(): Promise<void>;
}

export function assertRendererBuilt(folder = rendererBuildFolder): void {
  if (!existsSync(join(folder, 'index.html'))) {
    throw new Error(
      `The till's renderer is not built: ${join(folder, 'index.html')} is missing. ` +
        'run npm run build:renderer (npm test does it first).',
    );
  }
}

export async function startStaticServer(folder = rendererBuildFolder): Promise<StaticServer> {
  assertRendererBuilt(folder);
  const root = resolve(folder);

  const server = createServer((request, response) => {
    const pathname = decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname);
    const relative = pathname === '/' ? 'index.html' : pathname.slice(1);
    const filePath = normalize(join(root, relative));
    if (filePath !== root && !filePath.startsWith(root + sep)) {
      response.writeHead(404).end();
      return;
    }
    readFile(filePath).then(
      (body) => {
        const type = contentTypes[extname(filePath)] ?? 'application/octet-stream';
        // No caching: a test run right after a rebuild must load the new files.
        response.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
      },
      () => response.writeHead(404).end(),
    );
  });

  await new Promise<void>((resolveListen) => server.listen(0, '127.0.0.1', resolveListen));
  const { port } = server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    indexUrl: `${origin}/index.html`,
    close: () =>
      new Promise<void>((resolveClose) => {
        server.closeAllConnections();
        server.close(() => resolveClose());
      }),
  };
}
