// mx.callback: epoch-end and batch-end callbacks (python/mxnet/callback.py, MXNet 1.9.1). Callbacks are
// plain functions or objects with `__call__`; a returned promise is awaited by fit.

export { do_checkpoint, type EpochEndCallback } from './checkpoint.js';
export { Speedometer } from './speedometer.js';
export { ProgressBar } from './progress_bar.js';
export { log_train_metric, LogValidationMetricsCallback } from './log_metrics.js';
