// Instantiates the standalone mxjs.wasm / mxjs-mt.wasm in Node, Deno or a browser without emscripten's
// JS glue: read the bytes the way each host can, supply the imports (memory-growth notification, and
// for the threaded module a shared memory), and run the module's static constructors via _initialize.

import { MXNetError } from '../../base.js';
import { missingExports, type MxjsExports } from './exports.js';

/** A location (URL or path) or the module bytes themselves. */
export type WasmSource = URL | string | BufferSource;

interface DenoLike {
  readFile(path: URL | string): Promise<Uint8Array<ArrayBuffer>>;
}

// Deno also defines process.versions.node, so it must be recognised first.
function deno(): DenoLike | undefined {
  return (globalThis as { Deno?: DenoLike }).Deno;
}
function isNode(): boolean {
  const p = (globalThis as { process?: { versions?: { node?: unknown } } }).process;
  return deno() === undefined && typeof p?.versions?.node === 'string';
}
function hasScheme(s: string): boolean {
  return /^[a-z][a-z0-9+.-]*:/i.test(s) && !/^[a-z]:[\\/]/i.test(s); // not a Windows drive path
}

async function readBytes(where: URL | string): Promise<BufferSource> {
  const isFile = where instanceof URL ? where.protocol === 'file:' : !hasScheme(where) || where.startsWith('file:');
  if (isFile && isNode()) {
    // process.getBuiltinModule (Node >= 20.16) skips a trip through the ESM loader at start-up; older Node
    // imports it. A variable specifier keeps browser bundlers (webpack, Vite) from trying to resolve node:fs.
    const spec = 'node:fs/promises';
    type Fs = typeof import('node:fs/promises');
    const proc = (globalThis as { process?: { getBuiltinModule?(id: string): unknown } }).process;
    const { readFile } = (proc?.getBuiltinModule?.(spec) ?? await import(/* @vite-ignore */ /* webpackIgnore: true */ spec)) as Fs;
    return readFile(typeof where === 'string' && where.startsWith('file:') ? new URL(where) : where);
  }
  const d = deno();
  if (isFile && d) return d.readFile(where);
  const res = await fetch(where);
  if (!res.ok) throw new Error(`HTTP ${res.status} ${res.statusText}`);
  return res.arrayBuffer();
}

/** The threaded module's memory: 16 MiB to start (its declared minimum), growable to 4 GiB. */
const SHARED_MEMORY = { initial: 256, maximum: 65536, shared: true } as const;

/** A loaded core: its exports, and for the threaded build the module and memory workers instantiate. */
export interface LoadedCore {
  /** Where it was loaded from ('<bytes>' for bytes). */
  name: string;
  ex: MxjsExports;
  module: WebAssembly.Module;
  /** The imported shared memory of mxjs-mt.wasm; undefined for the single-threaded module. */
  shared?: WebAssembly.Memory;
}

/** The import object of every instance of the core; `memory` only for the threaded module. */
export function coreImports(memory?: WebAssembly.Memory): WebAssembly.Imports {
  return { env: { emscripten_notify_memory_growth: () => {}, ...(memory ? { memory } : {}) } };
}

/** Load and instantiate the core; throws MXNetError naming the location on any failure. */
export async function loadWasm(source: WasmSource): Promise<LoadedCore> {
  const name = source instanceof URL || typeof source === 'string' ? String(source) : '<bytes>';
  let exports: WebAssembly.Exports;
  let module: WebAssembly.Module;
  let shared: WebAssembly.Memory | undefined;
  try {
    const bytes: BufferSource = source instanceof URL || typeof source === 'string' ? await readBytes(source) : source;
    module = await WebAssembly.compile(bytes);
    // The threaded build imports its memory; which build this is shows in its imports.
    if (WebAssembly.Module.imports(module).some((i) => i.kind === 'memory')) shared = new WebAssembly.Memory(SHARED_MEMORY);
    const own = (await WebAssembly.instantiate(module, coreImports(shared))).exports;
    exports = shared ? { ...own, memory: shared } : own;
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new MXNetError(`cannot load the mxjs WebAssembly core from ${name}: ${why} (run 'npm run build:wasm', or call setWasmLocation() with the file's URL)`);
  }
  const missing = missingExports(exports);
  if (missing.length > 0) {
    throw new MXNetError(`${name} is not a matching mxjs core: missing exports ${missing.join(', ')} (rebuild with 'npm run build:wasm')`);
  }
  const ex = exports as unknown as MxjsExports;
  ex._initialize?.();
  return { name, ex, module, shared };
}
