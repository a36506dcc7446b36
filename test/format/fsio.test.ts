// File access in Node: reads (paths, file: URLs, http), and atomic writes — the previous file must
// survive any failure, and no temp file may be left behind. Failures are injected by wrapping
// node:fs/promises, which src/fsio.ts imports lazily.

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { MXNetError } from '../../src/base.js';
import { fileExists, readBytes, readText, writeBytesAtomic } from '../../src/fsio.js';

type Fault = 'none' | 'rename' | 'midwrite' | 'sync' | 'vanish';
const fault = vi.hoisted(() => ({ mode: 'none' as Fault, log: [] as string[] }));

vi.mock('node:fs/promises', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:fs/promises')>();
  const injected = (what: string) => Object.assign(new Error(`${what}: injected failure`), { code: 'EIO' });
  const open: typeof real.open = async (path, flags, mode) => {
    const fh = await real.open(path, flags, mode);
    if (flags !== 'wx') return fh;
    return new Proxy(fh, {
      get(target, key) {
        if (key === 'writeFile') {
          return async (data: Uint8Array) => {
            fault.log.push('write');
            if (fault.mode === 'midwrite') {
              await target.write(data.subarray(0, data.length >> 1));
              throw injected('ENOSPC');
            }
            if (fault.mode === 'vanish') rmSync(String(path).replace(/\/[^/]*$/, ''), { recursive: true, force: true });
            return target.writeFile(data);
          };
        }
        if (key === 'sync') {
          return async () => {
            fault.log.push('sync');
            if (fault.mode === 'sync') throw injected('fsync');
            return target.sync();
          };
        }
        const v = Reflect.get(target, key) as unknown;
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
  };
  const rename: typeof real.rename = async (from, to) => {
    fault.log.push(`rename ${String(from)} -> ${String(to)}`);
    if (fault.mode === 'rename') throw injected('rename');
    return real.rename(from, to);
  };
  return { ...real, open, rename, default: { ...real, open, rename } };
});

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'mxjs-fsio-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));
afterEach(() => {
  fault.mode = 'none';
  fault.log = [];
});

const leftovers = (d: string) => readdirSync(d).filter((f) => f.includes('.tmp-'));

async function expectMXNetError(p: Promise<unknown>, pattern: RegExp): Promise<void> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(MXNetError);
  expect((err as Error).message).toMatch(pattern);
}

describe('writeBytesAtomic', () => {
  it('writes a temp file, fsyncs it, then renames it over the target', async () => {
    const path = join(dir, 'a.params');
    writeFileSync(path, 'old');
    await writeBytesAtomic(path, new Uint8Array([1, 2, 3]));
    expect([...readFileSync(path)]).toEqual([1, 2, 3]);
    expect(fault.log[0]).toBe('write');
    expect(fault.log[1]).toBe('sync');
    expect(fault.log[2]).toMatch(new RegExp(`^rename ${path}\\.tmp-${process.pid}-[a-z0-9]+ -> ${path}$`));
    expect(leftovers(dir)).toEqual([]);
  });

  it('writes strings as UTF-8', async () => {
    const path = join(dir, 's.json');
    await writeBytesAtomic(path, '{"é": 1}');
    expect(readFileSync(path, 'utf8')).toBe('{"é": 1}');
  });

  it.each(['rename', 'midwrite', 'sync'] as const)('a %s failure keeps the old file and removes the temp file', async (mode) => {
    const path = join(dir, `keep-${mode}.params`);
    writeFileSync(path, 'previous content');
    fault.mode = mode;
    await expectMXNetError(writeBytesAtomic(path, new Uint8Array(1000).fill(7)), new RegExp(`cannot write ${path}: .*injected failure`));
    expect(readFileSync(path, 'utf8')).toBe('previous content');
    expect(leftovers(dir)).toEqual([]);
  });

  it('a directory vanishing mid-write fails cleanly', async () => {
    const sub = join(dir, 'vanishing');
    mkdirSync(sub);
    fault.mode = 'vanish';
    await expectMXNetError(writeBytesAtomic(join(sub, 'x.params'), new Uint8Array(10)), /cannot write .*x\.params: .*ENOENT/);
    expect(leftovers(dir)).toEqual([]);
  });

  it('real failures: a missing directory, a target that is a directory', async () => {
    await expectMXNetError(writeBytesAtomic(join(dir, 'no', 'such', 'f.params'), new Uint8Array(1)), /cannot write .*f\.params: .*ENOENT/);
    const target = join(dir, 'is-a-dir');
    mkdirSync(target);
    writeFileSync(join(target, 'inside'), 'kept');
    await expectMXNetError(writeBytesAtomic(target, new Uint8Array(4)), /cannot write .*is-a-dir/);
    expect(readFileSync(join(target, 'inside'), 'utf8')).toBe('kept');
    expect(leftovers(dir)).toEqual([]);
  });
});

describe('readBytes / readText / fileExists', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer((req, res) => {
      if (req.url === '/w.params') res.end(Buffer.from([9, 8, 7]));
      else res.writeHead(404, 'Not Found').end();
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const addr = server.address() as { port: number };
    base = `http://127.0.0.1:${addr.port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('reads paths and file: URLs (string or URL)', async () => {
    const path = join(dir, 'r.bin');
    writeFileSync(path, Buffer.from([5, 6, 7, 8]));
    for (const p of [path, pathToFileURL(path), pathToFileURL(path).href]) {
      const b = await readBytes(p);
      expect(b).toBeInstanceOf(Uint8Array);
      expect([...b]).toEqual([5, 6, 7, 8]);
    }
    expect(await fileExists(path)).toBe(true);
    expect(await fileExists(join(dir, 'missing'))).toBe(false);
    expect(await fileExists(dir)).toBe(false);
  });

  it('fetches http URLs and reports HTTP errors', async () => {
    expect([...(await readBytes(`${base}/w.params`))]).toEqual([9, 8, 7]);
    expect([...(await readBytes(new URL(`${base}/w.params`)))]).toEqual([9, 8, 7]);
    await expectMXNetError(readBytes(`${base}/nope`), new RegExp(`cannot read ${base}/nope: HTTP 404 Not Found`));
    expect(await fileExists(`${base}/w.params`)).toBe(true);
    expect(await fileExists(`${base}/nope`)).toBe(false);
  });

  it('missing files and invalid UTF-8 give clear errors', async () => {
    await expectMXNetError(readBytes(join(dir, 'missing.params')), /cannot read .*missing\.params: .*ENOENT/);
    const bad = join(dir, 'bad.json');
    writeFileSync(bad, Buffer.from([0x7b, 0xff, 0x7d]));
    await expectMXNetError(readText(bad), /cannot read .*bad\.json: the content is not valid UTF-8/);
    writeFileSync(bad, '{"ok": "é"}');
    expect(await readText(bad)).toBe('{"ok": "é"}');
  });
});
