// mx.callback.log_train_metric and LogValidationMetricsCallback (python/mxnet/callback.py): metric
// values as `Iter[%d] Batch[%d] Train-%s=%f` every `period` batches and `Epoch[%d] Validation-%s=%f`.

import { getLogger, pyFixed } from '../logging.js';
import type { BatchEndParams } from '../model/batch_end_param.js';

/** log_train_metric(period, auto_reset=False): a batch-end callback. */
export function log_train_metric(period: number, auto_reset = false): (param: BatchEndParams) => void {
  return (param) => {
    if (param.nbatch % period !== 0 || !param.eval_metric) return;
    for (const [name, value] of param.eval_metric.get_name_value()) {
      getLogger().info(`Iter[${param.epoch}] Batch[${param.nbatch}] Train-${name}=${pyFixed(value)}`);
    }
    if (auto_reset) param.eval_metric.reset_local();
  };
}

/** Logs each validation metric at the end of an epoch (FeedForward's default eval_end_callback). */
export class LogValidationMetricsCallback {
  __call__(param: BatchEndParams): void {
    if (!param.eval_metric) return;
    for (const [name, value] of param.eval_metric.get_name_value()) {
      getLogger().info(`Epoch[${param.epoch}] Validation-${name}=${pyFixed(value)}`);
    }
  }
}
