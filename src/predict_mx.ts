// The `mx` namespace of the predict-only entry `mxjs/predict`: symbols, NDArrays, executors
// (Symbol.simple_bind / bind), contexts (mx.context.init_gpus for WebGPU) and checkpoint loading — what
// inference needs — without the training library (FeedForward, io, metric, optimizer, initializer,
// lr_scheduler, callback). Same core as `mxjs`.

import './ops/index.js';
import { initWasmBackend } from './backends/wasm/init.js';
import { symbolNamespace } from './symbol/namespace.js';

// As in mx.ts: a failed load is remembered, and ready() retries (e.g. after setWasmLocation()).
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
export * as model from './model/predict_index.js';
export * as context from './context_api.js';
export * as engine from './engine.js';
export { Context, cpu, cpu_pinned, gpu } from './context.js';
export { MXNetError } from './base.js';
export { NDArray } from './ndarray/ndarray.js';
export type { Symbol } from './symbol/symbol.js';
