// mx.model.BatchEndParam (python/mxnet/model.py): the namedtuple — type name `BatchEndParams` — that
// batch-end and eval-end callbacks receive: (epoch, nbatch, eval_metric, locals).

import { isPlainObject, MXNetError } from '../base.js';
import type { EvalMetric } from '../metric/eval_metric.js';

const FIELDS = ['epoch', 'nbatch', 'eval_metric', 'locals'] as const;

export class BatchEndParams {
  readonly epoch: number;
  readonly nbatch: number;
  readonly eval_metric: EvalMetric | null;
  /** The training function's local variables (here: whatever the caller chose to expose). */
  readonly locals: Record<string, unknown>;
  readonly length = 4;

  /**
   * BatchEndParam(epoch, nbatch, eval_metric, locals) — all four positionally (`locals` is itself a
   * plain object, so it cannot double as the keyword object), or one object naming all four fields.
   */
  constructor(...args: unknown[]) {
    let v: unknown[];
    if (args.length === 1 && isPlainObject(args[0]) && 'epoch' in args[0]) {
      const kw = args[0];
      const extra = Object.keys(kw).filter((k) => !(FIELDS as readonly string[]).includes(k));
      if (extra.length > 0) throw new MXNetError(`BatchEndParams got unexpected field(s) ${extra.join(', ')}; fields: ${FIELDS.join(', ')}`);
      v = FIELDS.map((f) => kw[f]);
    } else {
      v = args;
    }
    if (v.length !== 4 || v.some((x) => x === undefined)) {
      throw new MXNetError(`BatchEndParams needs the 4 fields ${FIELDS.join(', ')} (got ${args.length} arguments)`);
    }
    this.epoch = v[0] as number;
    this.nbatch = v[1] as number;
    this.eval_metric = v[2] as EvalMetric | null;
    this.locals = v[3] as Record<string, unknown>;
  }

  get 0(): number {
    return this.epoch;
  }
  get 1(): number {
    return this.nbatch;
  }
  get 2(): EvalMetric | null {
    return this.eval_metric;
  }
  get 3(): Record<string, unknown> {
    return this.locals;
  }

  *[Symbol.iterator](): IterableIterator<unknown> {
    yield this.epoch;
    yield this.nbatch;
    yield this.eval_metric;
    yield this.locals;
  }

  toString(): string {
    return `BatchEndParams(epoch=${this.epoch}, nbatch=${this.nbatch}, eval_metric=${String(this.eval_metric)}, locals={...})`;
  }
}

/** Python's name for the namedtuple class. */
export const BatchEndParam = BatchEndParams;
export type BatchEndParam = BatchEndParams;
