// Where the core's .wasm files are fetched from. Four builds of the same kernels: mxjs.wasm (one
// thread, SIMD128), mxjs-mt.wasm (wasm threads, for hosts with shared memory) and their relaxed-SIMD
// twins mxjs-relaxed.wasm / mxjs-mt-relaxed.wasm (FMA, for hosts that validate relaxed SIMD). The
// default literals below are rewritten by the package build for dist/, so each must stay one
// `new URL('…', import.meta.url)` expression.

import { envVar } from '../../base.js';
import { threadsAvailable } from './threads.js';

interface CoreFiles {
  st: URL | string;
  mt?: URL | string;
  relaxed?: URL | string;
  mtRelaxed?: URL | string;
}

let files: CoreFiles = {
  st: new URL('../../../build/wasm/mxjs.wasm', import.meta.url),
  mt: new URL('../../../build/wasm/mxjs-mt.wasm', import.meta.url),
  relaxed: new URL('../../../build/wasm/mxjs-relaxed.wasm', import.meta.url),
  mtRelaxed: new URL('../../../build/wasm/mxjs-mt-relaxed.wasm', import.meta.url),
};

/**
 * Point the cpu backend at other copies of the core (URLs, or file paths in Node/Deno). `url` is
 * mxjs.wasm; the threaded mxjs-mt.wasm is `threadedUrl`, else the file of that name next to a url
 * ending in mxjs.wasm, else none (then kernels run on one thread). The relaxed-SIMD builds are used
 * only from beside a url ending in mxjs.wasm.
 */
export function setWasmLocation(url: URL | string, threadedUrl?: URL | string): void {
  const s = String(url);
  const beside = (name: string) => (/(^|[/\\])mxjs\.wasm$/.test(s) ? s.replace(/mxjs\.wasm$/, name) : undefined);
  files = { st: url, mt: threadedUrl ?? beside('mxjs-mt.wasm'), relaxed: beside('mxjs-relaxed.wasm'), mtRelaxed: beside('mxjs-mt-relaxed.wasm') };
}

/** @internal the single-threaded SIMD128 core's URL or path: the one every host can run */
export function wasmLocation(): URL | string {
  return files.st;
}

/** @internal the threaded core's URL or path where the host allows threads, else undefined */
export function threadedWasmLocation(): URL | string | undefined {
  return threadsAvailable() ? files.mt : undefined;
}

// (module (func (param v128 v128 v128) (result v128) local.get 0 local.get 1 local.get 2 f32x4.relaxed_madd))
const RELAXED_PROBE = new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 8, 1, 0x60, 3, 0x7b, 0x7b, 0x7b, 1, 0x7b,
  3, 2, 1, 0, 10, 13, 1, 11, 0, 0x20, 0, 0x20, 1, 0x20, 2, 0xfd, 0x85, 0x02, 0x0b]);

/** Whether the host runs relaxed SIMD (MXJS_RELAXED_SIMD=0 turns it off, e.g. to compare). */
export function relaxedSimdAvailable(): boolean {
  return envVar('MXJS_RELAXED_SIMD') !== '0' && WebAssembly.validate(RELAXED_PROBE);
}

/** @internal the cores to try, best first; the single-threaded SIMD128 core, which any host runs, last */
export function wasmCandidates(): (URL | string)[] {
  const threads = threadsAvailable(), relaxed = relaxedSimdAvailable();
  const order = [threads && relaxed ? files.mtRelaxed : undefined, threads ? files.mt : undefined,
    relaxed ? files.relaxed : undefined, files.st];
  return order.filter((f): f is URL | string => f !== undefined);
}
