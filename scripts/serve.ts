// A tiny static server for the browser demo and the browser tests (npm run demo:browser). It serves the
// built package and the pages with cross-origin isolation headers (COOP/COEP, so `crossOriginIsolated`
// holds and wasm threads could be used), Debian's Fashion-MNIST files and the shared MXNet fixtures.
//   npx tsx scripts/serve.ts [--port 8080] [--host 127.0.0.1]
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** URL prefix → directory. Only these are served; everything else is 404. */
export const MOUNTS: Record<string, string> = {
  '/dist/': join(REPO, 'dist'),
  '/examples/': join(REPO, 'examples'),
  '/test/platform/': join(REPO, 'test/platform'),
  '/checkpoints/': join(REPO, 'build/demo'), // what `npm run demo` trained, for "load from URL"
  '/datasets/fashion-mnist/': '/usr/share/datasets/fashion-mnist',
  '/fixtures/': resolve(REPO, '../shared/fixtures/mxnet'),
};

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.ts': 'text/plain; charset=utf-8',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/** The file a URL path names, or null when it is outside every mount. */
function fileFor(urlPath: string): string | null {
  if (urlPath === '/') return null;
  for (const [prefix, dir] of Object.entries(MOUNTS)) {
    if (!urlPath.startsWith(prefix)) continue;
    const file = resolve(dir, '.' + urlPath.slice(prefix.length - 1));
    return file === dir || file.startsWith(dir + sep) ? file : null;
  }
  return null;
}

async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
  // Cross-origin isolation for every response, the page and its subresources alike.
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('Cross-Origin-Embedder-Policy', 'require-corp');
  res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
  res.setHeader('Cache-Control', 'no-store');
  const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
  if (path === '/') {
    res.writeHead(302, { Location: '/examples/browser/' }).end();
    return;
  }
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { Allow: 'GET, HEAD' }).end();
    return;
  }
  let file = fileFor(path);
  let info = file ? await stat(file).catch(() => null) : null;
  if (file && info?.isDirectory()) {
    if (!path.endsWith('/')) {
      res.writeHead(301, { Location: `${path}/` }).end();
      return;
    }
    file = join(file, 'index.html');
    info = await stat(file).catch(() => null);
  }
  if (!file || !info?.isFile()) {
    res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end(`not found: ${path}\n`);
    return;
  }
  res.writeHead(200, {
    'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
    'Content-Length': info.size,
  });
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file).on('error', () => res.destroy()).pipe(res);
}

export interface RunningServer {
  /** e.g. http://127.0.0.1:41234 (no trailing slash) */
  url: string;
  close(): Promise<void>;
}

/** Start serving; port 0 picks a free port. */
export async function startServer(port = 0, host = '127.0.0.1'): Promise<RunningServer> {
  const server: Server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (!res.headersSent) res.writeHead(500).end(String(e));
      else res.destroy();
    });
  });
  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => ok());
  });
  const addr = server.address() as AddressInfo;
  return {
    url: `http://${host}:${addr.port}`,
    close: () => new Promise<void>((ok) => {
      server.closeAllConnections();
      server.close(() => ok());
    }),
  };
}

function option(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : dflt;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const s = await startServer(Number(option('port', process.env.PORT ?? '8080')), option('host', '127.0.0.1'));
  console.log(`mxjs browser demo: ${s.url}/examples/browser/  (Ctrl-C stops)`);
}
