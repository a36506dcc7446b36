// The `mx` namespace, laid out as MXNet's Python package (ts-api.md): mx.symbol / mx.sym, mx.nd,
// mx.model, mx.io, mx.metric, mx.optimizer / mx.opt, mx.initializer / mx.init, mx.lr_scheduler,
// mx.callback, mx.random, mx.context, mx.cpu(), mx.gpu(). Loading the module loads the wasm core.

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
export * as model from './model/index.js';
export * as io from './io/index.js';
export * as metric from './metric/index.js';
export * as optimizer from './optimizer/index.js';
export * as opt from './optimizer/index.js';
export * as initializer from './initializer/index.js';
export * as init from './initializer/index.js';
export * as lr_scheduler from './lr_scheduler/index.js';
export * as callback from './callback/index.js';
export * as kvstore from './kvstore/index.js';
export * as kv from './kvstore/index.js';
export * as random from './random.js';
export * as context from './context_api.js';
export * as engine from './engine.js';
export { Context, cpu, cpu_pinned, gpu } from './context.js';
export * as name from './symbol/name.js';
export { AttrScope } from './symbol/attribute.js';
export { MXNetError } from './base.js';
export { NDArray } from './ndarray/ndarray.js';
export type { Symbol } from './symbol/symbol.js';
