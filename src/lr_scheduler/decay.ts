// PolyScheduler and CosineScheduler (python/mxnet/lr_scheduler.py, 1.9.1): after warmup, decay from the
// initial base_lr to final_lr over max_update − warmup_steps updates; constant afterwards.

import { MXNetError, pop } from '../base.js';
import { LRScheduler, splitArgs } from './lr_scheduler.js';

function checkMaxUpdate(max_update: unknown): number {
  if (!Number.isInteger(max_update)) throw new MXNetError(`max_update must be an integer, got ${String(max_update)}`);
  if ((max_update as number) < 1) throw new MXNetError('maximum number of updates must be strictly positive');
  return max_update as number;
}

export class PolyScheduler extends LRScheduler {
  power: number;
  base_lr_orig: number;
  max_update: number;
  final_lr: number;
  max_steps: number;

  /** PolyScheduler(max_update, base_lr=0.01, pwr=2, final_lr=0, warmup_steps=0, warmup_begin_lr=0, warmup_mode='linear') */
  constructor(...args: unknown[]) {
    const [kw, base] = splitArgs('PolyScheduler',
      ['max_update', 'base_lr', 'pwr', 'final_lr', 'warmup_steps', 'warmup_begin_lr', 'warmup_mode'], args);
    super(base);
    this.max_update = checkMaxUpdate(kw.max_update);
    this.power = pop(kw, 'pwr', 2);
    this.base_lr_orig = this.base_lr;
    this.final_lr = pop(kw, 'final_lr', 0);
    this.max_steps = this.max_update - this.warmup_steps;
  }

  /** final + (start − final)·(1 − (n − warmup)/max_steps)^pwr while n <= max_update. */
  override __call__(num_update: number): number {
    if (num_update < this.warmup_steps) return this.get_warmup_lr(num_update);
    if (num_update <= this.max_update) {
      this.base_lr = this.final_lr + (this.base_lr_orig - this.final_lr) *
        Math.pow(1 - (num_update - this.warmup_steps) / this.max_steps, this.power);
    }
    return this.base_lr;
  }
}

export class CosineScheduler extends LRScheduler {
  base_lr_orig: number;
  max_update: number;
  final_lr: number;
  max_steps: number;

  /** CosineScheduler(max_update, base_lr=0.01, final_lr=0, warmup_steps=0, warmup_begin_lr=0, warmup_mode='linear') */
  constructor(...args: unknown[]) {
    const [kw, base] = splitArgs('CosineScheduler',
      ['max_update', 'base_lr', 'final_lr', 'warmup_steps', 'warmup_begin_lr', 'warmup_mode'], args);
    super(base);
    this.max_update = checkMaxUpdate(kw.max_update);
    this.base_lr_orig = this.base_lr;
    this.final_lr = pop(kw, 'final_lr', 0);
    this.max_steps = this.max_update - this.warmup_steps;
  }

  /** final + (start − final)·(1 + cos(π·(n − warmup)/max_steps))/2 while n <= max_update. */
  override __call__(num_update: number): number {
    if (num_update < this.warmup_steps) return this.get_warmup_lr(num_update);
    if (num_update <= this.max_update) {
      this.base_lr = this.final_lr + (this.base_lr_orig - this.final_lr) *
        (1 + Math.cos((Math.PI * (num_update - this.warmup_steps)) / this.max_steps)) / 2;
    }
    return this.base_lr;
  }
}
