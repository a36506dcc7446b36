// Where the core's .wasm files are fetched from: mxjs.wasm (single-threaded) and mxjs-mt.wasm (wasm
// threads, for hosts with shared memory). The default literals below are rewritten by the package
// build for dist/, so each must stay one `new URL('…', import.meta.url)` expression.

import { threadsAvailable } from './threads.js';

const DEFAULT_WASM_URL = new URL('../../../build/wasm/mxjs.wasm', import.meta.url);
const DEFAULT_MT_WASM_URL = new URL('../../../build/wasm/mxjs-mt.wasm', import.meta.url);

let location: URL | string = DEFAULT_WASM_URL;
let mtLocation: URL | string | undefined = DEFAULT_MT_WASM_URL;

/**
 * Point the cpu backend at other copies of the core (URLs, or file paths in Node/Deno). `url` is
 * mxjs.wasm; the threaded mxjs-mt.wasm is `threadedUrl`, else the file of that name next to a url
 * ending in mxjs.wasm, else none (then kernels run on one thread).
 */
export function setWasmLocation(url: URL | string, threadedUrl?: URL | string): void {
  location = url;
  const s = String(url);
  mtLocation = threadedUrl ?? (/(^|[/\\])mxjs\.wasm$/.test(s) ? s.replace(/mxjs\.wasm$/, 'mxjs-mt.wasm') : undefined);
}

/** @internal the single-threaded core's URL or path */
export function wasmLocation(): URL | string {
  return location;
}

/** @internal the threaded core's URL or path where the host allows threads (tried first), else undefined */
export function threadedWasmLocation(): URL | string | undefined {
  return threadsAvailable() ? mtLocation : undefined;
}
