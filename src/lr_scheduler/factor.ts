// FactorScheduler and MultiFactorScheduler (python/mxnet/lr_scheduler.py, 1.9.1). The strict `>` means
// the first decay happens at num_update = step + 1; both log each change at INFO level.

import { MXNetError, pop } from '../base.js';
import { getLogger, pyExp } from '../logging.js';
import { LRScheduler, splitArgs } from './lr_scheduler.js';

export class FactorScheduler extends LRScheduler {
  step: number;
  factor: number;
  stop_factor_lr: number;
  count = 0;

  /** FactorScheduler(step, factor=1, stop_factor_lr=1e-8, base_lr=0.01, warmup_steps=0, warmup_begin_lr=0, warmup_mode='linear') */
  constructor(...args: unknown[]) {
    const [kw, base] = splitArgs('FactorScheduler',
      ['step', 'factor', 'stop_factor_lr', 'base_lr', 'warmup_steps', 'warmup_begin_lr', 'warmup_mode'], args);
    super(base);
    const step = kw.step as number;
    if (typeof step !== 'number') throw new MXNetError('FactorScheduler() missing required argument: step');
    if (step < 1) throw new MXNetError('Schedule step must be greater or equal than 1 round');
    const factor = pop(kw, 'factor', 1);
    if (factor > 1.0) throw new MXNetError('Factor must be no more than 1 to make lr reduce');
    this.step = step;
    this.factor = factor;
    this.stop_factor_lr = pop(kw, 'stop_factor_lr', 1e-8);
  }

  override __call__(num_update: number): number {
    if (num_update < this.warmup_steps) return this.get_warmup_lr(num_update);
    // A loop rather than one step, so resuming at a large num_update catches up.
    while (num_update > this.count + this.step) {
      this.count += this.step;
      this.base_lr *= this.factor;
      if (this.base_lr < this.stop_factor_lr) {
        this.base_lr = this.stop_factor_lr;
        getLogger().info(`Update[${num_update}]: now learning rate arrived at ${pyExp(this.base_lr, 5)}, will not change in the future`);
      } else {
        getLogger().info(`Update[${num_update}]: Change learning rate to ${pyExp(this.base_lr, 5)}`);
      }
    }
    return this.base_lr;
  }
}

export class MultiFactorScheduler extends LRScheduler {
  step: number[];
  cur_step_ind = 0;
  factor: number;
  count = 0;

  /** MultiFactorScheduler(step, factor=1, base_lr=0.01, warmup_steps=0, warmup_begin_lr=0, warmup_mode='linear') */
  constructor(...args: unknown[]) {
    const [kw, base] = splitArgs('MultiFactorScheduler',
      ['step', 'factor', 'base_lr', 'warmup_steps', 'warmup_begin_lr', 'warmup_mode'], args);
    super(base);
    const step = kw.step;
    if (!Array.isArray(step) || step.length < 1) throw new MXNetError('MultiFactorScheduler: step must be a non-empty list of integers');
    step.forEach((s: number, i: number) => {
      if (i !== 0 && step[i] <= step[i - 1]) throw new MXNetError('Schedule step must be an increasing integer list');
      if (s < 1) throw new MXNetError('Schedule step must be greater or equal than 1 round');
    });
    const factor = pop(kw, 'factor', 1);
    if (factor > 1.0) throw new MXNetError('Factor must be no more than 1 to make lr reduce');
    this.step = [...(step as number[])];
    this.factor = factor;
  }

  override __call__(num_update: number): number {
    if (num_update < this.warmup_steps) return this.get_warmup_lr(num_update);
    while (this.cur_step_ind < this.step.length && num_update > this.step[this.cur_step_ind]!) {
      this.count = this.step[this.cur_step_ind]!;
      this.cur_step_ind += 1;
      this.base_lr *= this.factor;
      getLogger().info(`Update[${num_update}]: Change learning rate to ${pyExp(this.base_lr, 5)}`);
    }
    return this.base_lr;
  }
}
