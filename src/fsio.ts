// Byte access for every host: Node and Deno files (paths and file: URLs), http(s) via fetch
// everywhere, and the Origin Private File System in browsers. Node modules are imported lazily
// through a variable specifier so browser bundles never load them. Writes are atomic like a careful
// `mx.nd.save`: temp file, fsync, rename — a crash mid-write leaves the previous file intact.

import { MXNetError } from './base.js';

type NodeFs = typeof import('node:fs/promises');

interface DenoFile {
  write(p: Uint8Array): Promise<number>;
  sync?(): Promise<void>;
  close(): void;
}
interface DenoApi {
  pid: number;
  readFile(p: string | URL): Promise<Uint8Array>;
  open(p: string, o: { write: boolean; createNew: boolean }): Promise<DenoFile>;
  rename(from: string, to: string): Promise<void>;
  remove(p: string): Promise<void>;
  stat(p: string | URL): Promise<{ isFile: boolean }>;
}

function deno(): DenoApi | undefined {
  const d = (globalThis as { Deno?: DenoApi }).Deno;
  return d && typeof d.readFile === 'function' ? d : undefined;
}

function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return !deno() && typeof p?.versions?.node === 'string';
}

async function nodeFs(): Promise<NodeFs> {
  const spec = 'node:fs/promises';
  return (await import(/* @vite-ignore */ /* webpackIgnore: true */ spec)) as NodeFs;
}

function isHttp(p: string | URL): boolean {
  return /^https?:$/i.test(p instanceof URL ? p.protocol : (/^[a-z][a-z0-9+.-]*:/i.exec(p)?.[0] ?? ''));
}

function isFileUrl(p: string | URL): boolean {
  return p instanceof URL ? p.protocol === 'file:' : /^file:/i.test(p);
}

function reason(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

/** The whole content of a file path, `file:` URL or `http(s)://` URL. */
export async function readBytes(pathOrUrl: string | URL): Promise<Uint8Array> {
  const label = String(pathOrUrl);
  try {
    if (isHttp(pathOrUrl)) {
      const res = await fetch(pathOrUrl);
      if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`);
      return new Uint8Array(await res.arrayBuffer());
    }
    const local = isFileUrl(pathOrUrl) ? new URL(String(pathOrUrl)) : pathOrUrl;
    const d = deno();
    if (d) return await d.readFile(local);
    if (isNode()) {
      const buf = await (await nodeFs()).readFile(local);
      return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    }
    if (local instanceof URL) throw new Error('file: URLs cannot be read in a browser; use an http(s):// URL');
    const file = await (await opfsFile(local, false)).getFile();
    return new Uint8Array(await file.arrayBuffer());
  } catch (e) {
    throw new MXNetError(`cannot read ${label}: ${reason(e)}`);
  }
}

/**
 * A local file read synchronously, for APIs that MXNet defines as synchronous (mx.init.Load(fname)):
 * Node (process.getBuiltinModule, Node >= 20.16) and Deno only; elsewhere a clear error.
 */
export function readBytesSync(path: string): Uint8Array {
  try {
    const d = (globalThis as { Deno?: { readFileSync?(p: string): Uint8Array } }).Deno;
    if (d?.readFileSync) return d.readFileSync(path);
    const getBuiltin = (globalThis as { process?: { getBuiltinModule?(id: string): unknown } }).process?.getBuiltinModule;
    if (isNode() && getBuiltin) {
      const fs = getBuiltin('node:fs') as typeof import('node:fs');
      const buf = fs.readFileSync(path);
      return new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    }
  } catch (e) {
    throw new MXNetError(`cannot read ${path}: ${reason(e)}`);
  }
  throw new MXNetError(`cannot read ${path} synchronously on this host (needs Node >= 20.16 or Deno); pass the bytes or \`await mx.nd.load(path)\` instead`);
}

/** UTF-8 text of a file or URL (symbol JSON). */
export async function readText(pathOrUrl: string | URL): Promise<string> {
  const bytes = await readBytes(pathOrUrl);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new MXNetError(`cannot read ${String(pathOrUrl)}: the content is not valid UTF-8 text`);
  }
}

/** Whether a file exists (an http(s) URL: whether a HEAD request succeeds). */
export async function fileExists(pathOrUrl: string | URL): Promise<boolean> {
  try {
    if (isHttp(pathOrUrl)) return (await fetch(pathOrUrl, { method: 'HEAD' })).ok;
    const local = isFileUrl(pathOrUrl) ? new URL(String(pathOrUrl)) : pathOrUrl;
    const d = deno();
    if (d) return (await d.stat(local)).isFile;
    if (isNode()) return (await (await nodeFs()).stat(local)).isFile();
    if (local instanceof URL) return false;
    await opfsFile(local, false);
    return true;
  } catch {
    return false;
  }
}

/**
 * Replace `path` atomically: write `path.tmp-<pid>-<random>`, fsync it, rename it over `path`.
 * On any failure the temp file is removed and the previous content of `path` is untouched.
 * In browsers the path names a file of the Origin Private File System ("a/b.params" → folder a).
 */
export async function writeBytesAtomic(path: string, bytes: Uint8Array | string): Promise<void> {
  const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  try {
    const d = deno();
    if (d) await denoWrite(d, path, data);
    else if (isNode()) await nodeWrite(await nodeFs(), path, data);
    else await opfsWrite(path, data);
  } catch (e) {
    throw new MXNetError(`cannot write ${path}: ${reason(e)}`);
  }
}

function tempName(path: string, pid: number): string {
  return `${path}.tmp-${pid}-${Math.random().toString(36).slice(2, 10)}`;
}

async function nodeWrite(fs: NodeFs, path: string, data: Uint8Array): Promise<void> {
  const tmp = tempName(path, (globalThis as { process?: { pid: number } }).process?.pid ?? 0);
  let fh: Awaited<ReturnType<NodeFs['open']>> | undefined;
  try {
    fh = await fs.open(tmp, 'wx');
    await fh.writeFile(data);
    await fh.sync();
    await fh.close();
    fh = undefined;
    await fs.rename(tmp, path);
  } catch (e) {
    await fh?.close().catch(() => undefined);
    await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
  await syncParentDir(fs, path);
}

/** Make the rename itself durable (POSIX); directories cannot be opened this way on Windows. */
async function syncParentDir(fs: NodeFs, path: string): Promise<void> {
  const slash = Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\'));
  const dir = slash < 0 ? '.' : path.slice(0, slash) || '/';
  try {
    const h = await fs.open(dir, 'r');
    await h.sync().finally(() => h.close());
  } catch {
    // Best effort only: the data itself was already fsynced before the rename.
  }
}

async function denoWrite(d: DenoApi, path: string, data: Uint8Array): Promise<void> {
  const tmp = tempName(path, d.pid);
  let f: DenoFile | undefined;
  try {
    f = await d.open(tmp, { write: true, createNew: true });
    for (let off = 0; off < data.length;) off += await f.write(data.subarray(off));
    await f.sync?.();
    f.close();
    f = undefined;
    await d.rename(tmp, path);
  } catch (e) {
    try {
      f?.close();
    } catch {
      // already closed
    }
    await d.remove(tmp).catch(() => undefined);
    throw e;
  }
}

/** OPFS writables write to a swap file that replaces the target only on close(): atomic by spec. */
async function opfsWrite(path: string, data: Uint8Array): Promise<void> {
  const handle = await opfsFile(path, true);
  const w = await handle.createWritable();
  try {
    await w.write(data as Uint8Array<ArrayBuffer>);
    await w.close();
  } catch (e) {
    await w.abort().catch(() => undefined);
    throw e;
  }
}

async function opfsFile(path: string, create: boolean): Promise<FileSystemFileHandle> {
  const storage = (globalThis as { navigator?: Navigator }).navigator?.storage;
  if (!storage?.getDirectory) throw new Error('no file system here (the Origin Private File System is unavailable)');
  const parts = path.split('/').filter((p) => p !== '' && p !== '.');
  if (parts.length === 0 || parts.includes('..')) throw new Error(`'${path}' is not a valid file name`);
  let dir = await storage.getDirectory();
  for (const p of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(p, { create });
  return dir.getFileHandle(parts[parts.length - 1]!, { create });
}
