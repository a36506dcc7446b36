// The part of the `mx` namespace both entries share (mxjs and mxjs/predict): loading the wasm core
// (at import), ready/setWasmLocation, symbols, NDArrays, contexts and engine threads.

import './ops/index.js';
import { initWasmBackend } from './backends/wasm/init.js';
import { symbolNamespace } from './symbol/namespace.js';

// A failed load is remembered: cpu work then fails with the reason, and mx.ready() retries
// (e.g. after mx.setWasmLocation() in a bundler that moved the file).
await initWasmBackend().catch(() => undefined);

/** Resolves once the WebAssembly core is loaded (after mx.setWasmLocation, call it to retry). */
export async function ready(): Promise<void> {
  await initWasmBackend();
}
export { setWasmLocation } from './backends/wasm/location.js';

export const symbol = symbolNamespace();
export const sym = symbol;
export * as nd from './ndarray/index.js';
export * as ndarray from './ndarray/index.js';
export * as context from './context_api.js';
export * as engine from './engine.js';
export { Context, cpu, cpu_pinned, gpu } from './context.js';
export { MXNetError } from './base.js';
export { NDArray } from './ndarray/ndarray.js';
export type { Symbol } from './symbol/symbol.js';
