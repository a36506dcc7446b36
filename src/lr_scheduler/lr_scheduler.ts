// mx.lr_scheduler.LRScheduler (python/mxnet/lr_scheduler.py, 1.9.1): base_lr plus an optional linear or
// constant warmup. Schedulers are stateful (they mutate base_lr) and assume non-decreasing num_update.

import { bindArgs, checkKwargs, MXNetError, pop, type Kwargs } from '../base.js';

export const BASE_ARGS = ['base_lr', 'warmup_steps', 'warmup_begin_lr', 'warmup_mode'] as const;

export class LRScheduler {
  base_lr: number;
  warmup_steps: number;
  warmup_begin_lr: number;
  /** base_lr at construction: the end of the linear warmup (later changes to base_lr do not move it). */
  warmup_final_lr: number;
  warmup_mode: 'linear' | 'constant';

  /** LRScheduler(base_lr=0.01, warmup_steps=0, warmup_begin_lr=0, warmup_mode='linear') */
  constructor(...args: unknown[]) {
    const kw = bindArgs('LRScheduler', BASE_ARGS, args);
    checkKwargs('LRScheduler', kw, BASE_ARGS);
    this.base_lr = pop(kw, 'base_lr', 0.01);
    this.warmup_steps = pop(kw, 'warmup_steps', 0);
    if (!Number.isInteger(this.warmup_steps)) throw new MXNetError(`warmup_steps must be an integer, got ${this.warmup_steps}`);
    this.warmup_final_lr = this.base_lr;
    this.warmup_begin_lr = pop(kw, 'warmup_begin_lr', 0);
    if (this.warmup_begin_lr > this.warmup_final_lr) throw new MXNetError('Base lr has to be higher than warmup_begin_lr');
    if (this.warmup_steps < 0) throw new MXNetError('Warmup steps has to be positive or 0');
    const mode = pop(kw, 'warmup_mode', 'linear');
    if (mode !== 'linear' && mode !== 'constant') throw new MXNetError('Supports only linear and constant modes of warmup');
    this.warmup_mode = mode;
  }

  /** The learning rate during warmup (num_update < warmup_steps). */
  get_warmup_lr(num_update: number): number {
    if (!(num_update < this.warmup_steps)) throw new MXNetError(`get_warmup_lr(${num_update}) called after the ${this.warmup_steps} warmup steps`);
    if (this.warmup_mode === 'constant') return this.warmup_begin_lr;
    return this.warmup_begin_lr + (this.warmup_final_lr - this.warmup_begin_lr) * num_update / this.warmup_steps;
  }

  /** The learning rate after `num_update` updates (the largest update count over all weights). */
  __call__(_num_update: number): number {
    throw new MXNetError(`${this.constructor.name}.__call__ must be overridden`);
  }
}

/** Split subclass keywords from the base ones: bind `names` positionally, return [own, base kwargs]. */
export function splitArgs(fn: string, names: readonly string[], args: readonly unknown[]): [Kwargs, Kwargs] {
  const kw = bindArgs(fn, names, args);
  checkKwargs(fn, kw, names);
  const base: Kwargs = {};
  for (const k of BASE_ARGS) {
    if (k in kw) {
      base[k] = kw[k];
      delete kw[k];
    }
  }
  return [kw, base];
}
