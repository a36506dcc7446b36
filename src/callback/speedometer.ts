// mx.callback.Speedometer (python/mxnet/callback.py, 1.9.1): every `frequent` batches log the samples
// per second since the last log and the metric values, then (auto_reset) reset the local metric.

import { bindArgs, checkKwargs, pop } from '../base.js';
import { getLogger, pyFixed } from '../logging.js';
import type { BatchEndParams } from '../model/batch_end_param.js';

const ARGS = ['batch_size', 'frequent', 'auto_reset'] as const;

export class Speedometer {
  batch_size: number;
  frequent: number;
  auto_reset: boolean;
  init = false;
  tic = 0;
  last_count = 0;

  /** Speedometer(batch_size, frequent=50, auto_reset=True) */
  constructor(...args: unknown[]) {
    const kw = bindArgs('Speedometer', ARGS, args);
    checkKwargs('Speedometer', kw, ARGS);
    this.batch_size = kw.batch_size as number;
    this.frequent = pop(kw, 'frequent', 50);
    this.auto_reset = Boolean(pop(kw, 'auto_reset', true));
  }

  /** Seconds on a monotonic clock (Python uses time.time(); only differences matter). Tests override it. */
  protected now(): number {
    return performance.now() / 1000;
  }

  __call__(param: BatchEndParams): void {
    const count = param.nbatch;
    // nbatch going down means a new epoch began: restart the timer without logging.
    if (this.last_count > count) this.init = false;
    this.last_count = count;
    if (!this.init) {
      this.init = true;
      this.tic = this.now();
      return;
    }
    if (count % this.frequent !== 0) return;
    const elapsed = this.now() - this.tic;
    const speed = elapsed === 0 ? Infinity : (this.frequent * this.batch_size) / elapsed;
    const metric = param.eval_metric;
    if (metric) {
      const nameValue = metric.get_name_value();
      const values = nameValue.map(([n, v]) => `\t${n}=${pyFixed(v)}`).join('');
      if (this.auto_reset) {
        metric.reset_local();
        getLogger().info(`Epoch[${param.epoch}] Batch [${count - this.frequent}-${count}]\tSpeed: ${pyFixed(speed, 2)} samples/sec${values}`);
      } else {
        getLogger().info(`Epoch[${param.epoch}] Batch [0-${count}]\tSpeed: ${pyFixed(speed, 2)} samples/sec${values}`);
      }
    } else {
      getLogger().info(`Iter[${param.epoch}] Batch [${count}]\tSpeed: ${pyFixed(speed, 2)} samples/sec`);
    }
    this.tic = this.now();
  }
}
