// mx.optimizer.Optimizer (python/mxnet/optimizer/optimizer.py, MXNet 1.9.1): learning rate vs scheduler
// precedence, per-parameter lr/wd multipliers from symbol attributes and the naming rule, per-index
// update counters, and the registry behind create / create_optimizer.

import { bindArgs, checkKwargs, MXNetError, pop, type Kwargs } from '../base.js';
import { getLogger } from '../logging.js';
import type { NDArray } from '../ndarray/ndarray.js';

/** What the optimizer reads from a Symbol: `{node: {attr: value}}` and the argument names. */
export interface SymbolLike {
  attr_dict(): Record<string, Record<string, string>>;
  list_arguments(): string[];
}

/** A scheduler object (`__call__`, `base_lr`) or a plain function of num_update. */
export type LRSchedulerLike = { __call__(num_update: number): number; base_lr: number } | ((num_update: number) => number);

/** Parameter index: FeedForward uses integers (i·num_dev + k); kvstore updates use names. */
export type Index = number | string;

/** Gluon-style per-index parameter attributes. */
export interface ParamAttrs {
  lr_mult: number;
  wd_mult: number;
}

/** An optimizer state: nothing, one array, or a tuple of arrays (or nested tuples). */
export type OptState = NDArray | null | undefined | readonly OptState[];

export const OPTIMIZER_ARGS = ['rescale_grad', 'param_idx2name', 'wd', 'clip_gradient', 'learning_rate',
  'lr_scheduler', 'sym', 'begin_num_update', 'multi_precision', 'param_dict'] as const;

export class Optimizer {
  rescale_grad: number;
  lr: number | null;
  lr_scheduler: LRSchedulerLike | null;
  wd: number;
  lr_mult: Record<string, number> = {};
  wd_mult: Record<string, number> = {};
  begin_num_update: number;
  num_update: number;
  clip_gradient: number | null;
  multi_precision: boolean;
  /** How many parameters the Updater hands over per call (SGD: MXNET_OPTIMIZER_AGGREGATION_SIZE, 4). */
  aggregate_num = 0;
  idx2name: Record<string, string>;
  sym_info: [Record<string, Record<string, string>>, string[]] | null;
  param_dict: Record<string, ParamAttrs>;
  /** Update counters per device id; `_index_update_count` is the current device's table. */
  protected _all_index_update_counts = new Map<number, Map<Index, number>>([[0, new Map()]]);
  protected _index_update_count: Map<Index, number> = this._all_index_update_counts.get(0)!;

  /**
   * Optimizer(rescale_grad=1., param_idx2name=None, wd=0., clip_gradient=None, learning_rate=None,
   * lr_scheduler=None, sym=None, begin_num_update=0, multi_precision=False, param_dict=None)
   */
  constructor(...args: unknown[]) {
    const kw = bindArgs(new.target.name, OPTIMIZER_ARGS, args);
    checkKwargs(new.target.name, kw, OPTIMIZER_ARGS);
    this.rescale_grad = pop(kw, 'rescale_grad', 1.0);
    let lr = pop<number | null>(kw, 'learning_rate', null);
    this.lr_scheduler = pop<LRSchedulerLike | null>(kw, 'lr_scheduler', null);
    if (this.lr_scheduler === null && lr === null) lr = 0.01;
    this.lr = lr;
    const sched = this.lr_scheduler;
    if (sched !== null && lr !== null && typeof sched !== 'function' && sched.base_lr !== lr) {
      getLogger().warning('learning rate from ``lr_scheduler`` has been overwritten by ``learning_rate`` in optimizer.');
      sched.base_lr = lr;
    }
    this.wd = pop(kw, 'wd', 0.0);
    this.begin_num_update = pop(kw, 'begin_num_update', 0);
    this.num_update = this.begin_num_update;
    this.clip_gradient = pop<number | null>(kw, 'clip_gradient', null);
    this.multi_precision = Boolean(pop(kw, 'multi_precision', false));
    const idx2name = pop<Record<string, string>>(kw, 'param_idx2name', {});
    if (typeof idx2name !== 'object' || Array.isArray(idx2name)) {
      throw new MXNetError('param_idx2name should be a dict of param indexes to names.');
    }
    this.idx2name = { ...idx2name };
    const sym = pop<SymbolLike | null>(kw, 'sym', null);
    this.sym_info = sym ? [sym.attr_dict(), sym.list_arguments()] : null;
    this.param_dict = pop<Record<string, ParamAttrs>>(kw, 'param_dict', {});
    this.set_lr_mult({});
    this.set_wd_mult({});
  }

  /** The current learning rate: the scheduler's value at num_update, else `lr`. */
  get learning_rate(): number {
    return this.lr_scheduler !== null ? callScheduler(this.lr_scheduler, this.num_update) : this.lr!;
  }

  /** Only allowed without a scheduler (MXNet raises UserWarning otherwise). */
  set_learning_rate(lr: number): void {
    if (this.lr_scheduler !== null) {
      throw new MXNetError('LRScheduler of the optimizer has already been defined. Note that set_learning_rate can mutate the value of the learning rate of the optimizer only when the LRScheduler of the optimizer is undefined.');
    }
    this.lr = lr;
  }

  /** lr multipliers: `__lr_mult__` attributes of the symbol's arguments, then `args_lr_mult`. */
  set_lr_mult(args_lr_mult: Record<string, number>): void {
    this.lr_mult = {};
    for (const [name, v] of this.symAttr('__lr_mult__')) this.lr_mult[name] = v;
    Object.assign(this.lr_mult, args_lr_mult);
  }

  /**
   * wd multipliers: 0 for every idx2name parameter not ending in `_weight` / `_gamma` (biases and
   * BN betas are not decayed), then `__wd_mult__` attributes, then `args_wd_mult`.
   */
  set_wd_mult(args_wd_mult: Record<string, number>): void {
    this.wd_mult = {};
    for (const n of Object.values(this.idx2name)) {
      if (!(n.endsWith('_weight') || n.endsWith('_gamma'))) this.wd_mult[n] = 0.0;
    }
    for (const [name, v] of this.symAttr('__wd_mult__')) this.wd_mult[name] = v;
    Object.assign(this.wd_mult, args_wd_mult);
  }

  private symAttr(key: string): [string, number][] {
    if (!this.sym_info) return [];
    const [attrs, argNames] = this.sym_info;
    const out: [string, number][] = [];
    for (const name of argNames) {
      const v = attrs[name]?.[key];
      if (v === undefined) continue;
      const f = Number(v);
      if (Number.isNaN(f)) throw new MXNetError(`${key} of '${name}' is not a number: '${v}'`);
      out.push([name, f]);
    }
    return out;
  }

  /** Select the per-device update counters (the Updater calls this with the weight's device id). */
  _set_current_context(device_id: number): void {
    let table = this._all_index_update_counts.get(device_id);
    if (!table) {
      table = new Map();
      this._all_index_update_counts.set(device_id, table);
    }
    this._index_update_count = table;
  }

  /** Count one more update of each index (starting at begin_num_update); num_update is the maximum. */
  _update_count(index: Index | readonly Index[]): void {
    for (const idx of Array.isArray(index) ? index : [index as Index]) {
      const n = (this._index_update_count.get(idx) ?? this.begin_num_update) + 1;
      this._index_update_count.set(idx, n);
      this.num_update = Math.max(n, this.num_update);
    }
  }

  _get_lrs(indices: readonly Index[]): number[] {
    const lr = this.lr_scheduler !== null ? callScheduler(this.lr_scheduler, this.num_update) : this.lr!;
    return indices.map((i) => lr * this.mult(i, this.lr_mult, 'lr_mult'));
  }

  _get_lr(index: Index): number {
    return this._get_lrs([index])[0]!;
  }

  _get_wds(indices: readonly Index[]): number[] {
    return indices.map((i) => this.wd * this.mult(i, this.wd_mult, 'wd_mult'));
  }

  _get_wd(index: Index): number {
    return this._get_wds([index])[0]!;
  }

  /** param_dict entry, else the index itself as a key, else its name via idx2name (default 1). */
  private mult(index: Index, table: Record<string, number>, attr: keyof ParamAttrs): number {
    const key = String(index);
    if (key in this.param_dict) return this.param_dict[key]![attr];
    if (key in table) return table[key]!;
    if (key in this.idx2name) return table[this.idx2name[key]!] ?? 1.0;
    return 1.0;
  }

  /** Auxiliary state for one weight (momentum etc.); none by default. */
  create_state(_index: Index, _weight: NDArray): OptState {
    return null;
  }

  /** create_state plus an fp32 master copy for fp16 weights; only float32 weights are supported here. */
  create_state_multi_precision(index: Index, weight: NDArray): OptState {
    checkFloat32(weight, index);
    return this.create_state(index, weight);
  }

  /** Update `weight` in place from `grad` (and `state`). */
  update(_index: Index | readonly Index[], _weight: NDArray | readonly NDArray[], _grad: NDArray | readonly NDArray[], _state: OptState): void {
    throw new MXNetError(`${this.constructor.name}.update is not implemented`);
  }

  update_multi_precision(index: Index | readonly Index[], weight: NDArray | readonly NDArray[], grad: NDArray | readonly NDArray[], state: OptState): void {
    this.update(index, weight, grad, state);
  }

  // ---- registry ----
  static readonly opt_registry = new Map<string, OptimizerClass>();

  /** Register an optimizer class under its lower-cased class name (re-registering warns). */
  static register<C extends OptimizerClass>(klass: C): C {
    const name = klass.name.toLowerCase();
    const prev = Optimizer.opt_registry.get(name);
    if (prev && prev !== klass) {
      getLogger().warning(`WARNING: New optimizer ${klass.name} is overriding existing optimizer ${prev.name}`);
    }
    Optimizer.opt_registry.set(name, klass);
    return klass;
  }

  /** Optimizer.create_optimizer(name, **kwargs): case-insensitive lookup. */
  static create_optimizer(name: string, kwargs: Kwargs = {}): Optimizer {
    const klass = Optimizer.opt_registry.get(String(name).toLowerCase());
    if (!klass) throw new MXNetError(`Cannot find optimizer ${name}`);
    return new klass(kwargs);
  }
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type OptimizerClass = new (...args: any[]) => Optimizer;

function callScheduler(s: LRSchedulerLike, n: number): number {
  return typeof s === 'function' ? s(n) : s.__call__(n);
}

export function checkFloat32(weight: NDArray, index: Index): void {
  if (weight.dtype !== 'float32') {
    throw new MXNetError(`optimizer: parameter ${index} is ${weight.dtype}; only float32 weights are supported (multi_precision fp16 training is not available)`);
  }
}

/** mx.optimizer.register */
export const register = <C extends OptimizerClass>(klass: C): C => Optimizer.register(klass);

/** mx.optimizer.create(name, **kwargs) */
export function create(name: string, kwargs: Kwargs = {}): Optimizer {
  return Optimizer.create_optimizer(name, kwargs);
}
