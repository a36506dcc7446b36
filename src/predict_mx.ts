// The `mx` namespace of the predict-only entry `mxjs/predict`: symbols, NDArrays, executors
// (Symbol.simple_bind / bind), contexts (mx.context.init_gpus for WebGPU) and checkpoint loading — what
// inference needs — without the training library (FeedForward, io, metric, optimizer, initializer,
// lr_scheduler, callback). Same core as `mxjs`.

export * from './mx_core.js';
export * as model from './model/predict_index.js';
