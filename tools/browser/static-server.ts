// A loopback-only static file server for the built renderer pages and the face
// harness, so Chromium loads them over http as it would any app page.
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

const MIME_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.mjs': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.svg': 'image/svg+xml',
  '.tflite': 'application/octet-stream',
};

export interface StaticServer {
  /** Base URL ending in '/'. */
  url: string;
  close(): Promise<void>;
}

/** Serves `mounts` (URL prefix without slashes → folder) on 127.0.0.1 at a free port; each request looks its folder up, so a caller may switch one meanwhile. */
export async function startStaticServer(mounts: Record<string, string>): Promise<StaticServer> {
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const [, prefix = '', ...rest] = path.split('/');
    const root = mounts[prefix];
    const file = root === undefined ? null : normalize(join(root, ...rest));
    if (!file || !(file + sep).startsWith(normalize(root + sep)) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end('not found');
      return;
    }
    response.writeHead(200, {
      'content-type': MIME_TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
