// Where the core's .wasm file is fetched from. The default literal below is rewritten by the
// package build for dist/, so it must stay one `new URL('…', import.meta.url)` expression.

const DEFAULT_WASM_URL = new URL('../../../build/wasm/mxjs.wasm', import.meta.url);

let location: URL | string = DEFAULT_WASM_URL;

/** Point the cpu backend at another copy of mxjs.wasm (a URL, or a file path in Node/Deno). */
export function setWasmLocation(url: URL | string): void {
  location = url;
}

/** @internal the URL or path initWasmBackend() loads when none is given */
export function wasmLocation(): URL | string {
  return location;
}
