// The `mx` namespace, laid out as MXNet's Python package (ts-api.md): mx.symbol / mx.sym, mx.nd,
// mx.model, mx.io, mx.metric, mx.optimizer / mx.opt, mx.initializer / mx.init, mx.lr_scheduler,
// mx.callback, mx.random, mx.context, mx.engine, mx.cpu(), mx.gpu(). Loading the module loads the wasm core.

export * from './mx_core.js';
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
export * as name from './symbol/name.js';
export { AttrScope } from './symbol/attribute.js';
