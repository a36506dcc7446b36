// mx.model.FeedForward (python/mxnet/model.py, MXNet 1.9.1): constructor checks, create, fit,
// predict, score, save, load — with MXNet's defaults (Uniform(0.01), numpy_batch_size 128, 'acc').

import { bindArgs, checkKwargs, MXNetError, pop, sameShape, shapeStr, type Kwargs } from '../base.js';
import { Context, cpu } from '../context.js';
import { DataIter } from '../io/index.js';
import { getLogger, type Logger } from '../logging.js';
import { create as createMetric, EvalMetric } from '../metric/index.js';
import { callInitializer, type InitializerLike, Uniform } from '../initializer/index.js';
import { create as createOptimizer, get_updater, Optimizer } from '../optimizer/index.js';
import { LogValidationMetricsCallback } from '../callback/index.js';
import { ensureGpus } from '../backends/webgpu/device.js';
import { zeros } from '../ndarray/create.js';
import type { NDArray } from '../ndarray/ndarray.js';
import type { Symbol } from '../symbol/symbol.js';
import { load_checkpoint, save_checkpoint, type ParamDict } from './checkpoint.js';
import type { Callback } from './callbacks.js';
import { type ArrayInput, initEvalIter, initIter, labelNameOf } from './init_iter.js';
import { Predictor, predictBatches, scoreBatches } from './inference.js';
import { trainMultiDevice } from './train_loop.js';
import { applyStates, loadStates, TrainingState, type LoadedStates } from './training_state.js';
import { getState as randomState, setState as setRandomState } from '../random.js';
import { checkNumericsFromEnv } from '../executor/numerics.js';
import { _create_kvstore } from '../kvstore/model_kvstore.js';
import type { KVStore } from '../kvstore/kvstore.js';

/**
 * Free an iterator that initIter / initEvalIter built from arrays (an NDArrayIter holding shuffled copies
 * and batch buffers); the caller's own DataIter (`given`, or `given[0]` of an eval pair) is left alone.
 */
function disposeIter(it: DataIter | null, given: unknown): void {
  if (it === null || it === given || (Array.isArray(given) && given[0] === it)) return;
  (it as DataIter & { dispose?: () => void }).dispose?.();
}

const CTOR_ARGS = ['symbol', 'ctx', 'num_epoch', 'epoch_size', 'optimizer', 'initializer', 'numpy_batch_size',
  'arg_params', 'aux_params', 'allow_extra_params', 'begin_epoch'] as const;
const FIT_ARGS = ['X', 'y', 'eval_data', 'eval_metric', 'epoch_end_callback', 'batch_end_callback', 'kvstore',
  'logger', 'work_load_list', 'monitor', 'eval_end_callback', 'eval_batch_end_callback'] as const;

type MetricLike = string | EvalMetric | ((label: Float32Array, pred: Float32Array) => number) | unknown[];

export class FeedForward {
  symbol: Symbol;
  ctx: Context[];
  num_epoch: number | null;
  epoch_size: number | null;
  optimizer: string | Optimizer;
  initializer: InitializerLike;
  numpy_batch_size: number;
  arg_params: ParamDict | null;
  aux_params: ParamDict | null;
  allow_extra_params: boolean;
  begin_epoch: number;
  /** Extra keywords, passed on to the optimizer (learning_rate, momentum, wd, ...). */
  kwargs: Kwargs;
  /**
   * mxjs extension (keyword `check_numerics`, default: the MXJS_CHECK_NUMERICS environment variable): stop
   * fit with an MXNetError naming the first operator that produces a NaN or an Inf (Executor.check_numerics).
   */
  check_numerics: boolean;
  /** Parameter arrays this model created or loaded (and so disposes when it replaces them). */
  private readonly owned = new Set<NDArray>();
  private predictor: Predictor | null = null;
  /** The last fit's updater and streams (what save_optimizer_states writes); disposed by the next fit. */
  private training: TrainingState | null = null;
  /** States loaded with load_optimizer_states, applied by the next fit. */
  private resume: LoadedStates | null = null;

  constructor(...args: unknown[]) {
    const kw = bindArgs('FeedForward', CTOR_ARGS, args);
    const symbol = kw.symbol as Symbol;
    delete kw.symbol;
    if (!symbol) throw new MXNetError('FeedForward: symbol is required');
    this.symbol = symbol;
    const ctx = pop<Context | Context[] | null>(kw, 'ctx', null);
    this.ctx = ctx === null ? [cpu()] : ctx instanceof Context ? [ctx] : [...ctx];
    this.num_epoch = pop<number | null>(kw, 'num_epoch', null);
    this.epoch_size = pop<number | null>(kw, 'epoch_size', null);
    this.optimizer = pop<string | Optimizer>(kw, 'optimizer', 'sgd');
    this.initializer = pop<InitializerLike>(kw, 'initializer', new Uniform(0.01));
    this.numpy_batch_size = pop(kw, 'numpy_batch_size', 128);
    this.arg_params = pop<ParamDict | null>(kw, 'arg_params', null);
    this.aux_params = pop<ParamDict | null>(kw, 'aux_params', null);
    this.allow_extra_params = pop(kw, 'allow_extra_params', false);
    this.begin_epoch = pop(kw, 'begin_epoch', 0);
    this.check_numerics = Boolean(pop(kw, 'check_numerics', checkNumericsFromEnv()));
    this.kwargs = kw;
    this.checkArguments();
  }

  /** Duplicate argument names are an error; with allow_extra_params unknown params are dropped. */
  private checkArguments(): void {
    for (const [what, names] of [['argument', this.symbol.list_arguments()], ['auxiliary state', this.symbol.list_auxiliary_states()]] as const) {
      const seen = new Set<string>();
      for (const n of names) {
        if (seen.has(n)) throw new MXNetError(`Find duplicated ${what} name "${n}", please make the weight name non-duplicated(using name arguments)`);
        seen.add(n);
      }
    }
    if (this.allow_extra_params) {
      const args = new Set(this.symbol.list_arguments());
      const aux = new Set(this.symbol.list_auxiliary_states());
      if (this.arg_params) this.arg_params = Object.fromEntries(Object.entries(this.arg_params).filter(([k]) => args.has(k)));
      if (this.aux_params) this.aux_params = Object.fromEntries(Object.entries(this.aux_params).filter(([k]) => aux.has(k)));
    }
  }

  private labelName(): string {
    return labelNameOf(this.symbol.list_arguments());
  }

  /** _init_params: infer shapes from the inputs, keep known values, initialise the rest by name. */
  private initParams(inputShapes: Record<string, number[]>): string[] {
    const [argShapes, , auxShapes] = this.symbol.infer_shape(inputShapes);
    if (!argShapes || !auxShapes) throw new MXNetError(`cannot infer parameter shapes from inputs ${JSON.stringify(inputShapes)}`);
    const argNames = this.symbol.list_arguments();
    const auxNames = this.symbol.list_auxiliary_states();
    const paramNames = argNames.filter((n) => !(n in inputShapes));
    const fill = (names: readonly string[], shapes: readonly number[][], old: ParamDict | null): ParamDict => {
      const out: ParamDict = {};
      names.forEach((name, i) => {
        const shape = shapes[i]!;
        const arr = zeros(shape);
        const prev = old?.[name];
        if (prev) {
          if (!sameShape(prev.shape, shape)) {
            throw new MXNetError(`parameter '${name}': loaded shape ${shapeStr(prev.shape)} does not match the network's ${shapeStr(shape)}`);
          }
          prev.copyto(arr);
        } else {
          callInitializer(this.initializer, name, arr);
        }
        out[name] = arr;
        this.owned.add(arr);
      });
      return out;
    };
    const argShapeOf = Object.fromEntries(argNames.map((n, i) => [n, argShapes[i]!]));
    const newArgs = fill(paramNames, paramNames.map((n) => argShapeOf[n]!), this.arg_params);
    const newAux = fill(auxNames, auxShapes, this.aux_params);
    this.disposeOwned(this.arg_params);
    this.disposeOwned(this.aux_params);
    this.arg_params = newArgs;
    this.aux_params = newAux;
    return paramNames;
  }

  /** fit(X, y=None, eval_data=None, eval_metric='acc', ...) — see api-semantics.md §3.3. */
  async fit(...args: unknown[]): Promise<void> {
    const kw = bindArgs('fit', FIT_ARGS, args);
    await ensureGpus(this.ctx);
    for (const k of Object.keys(kw)) if (!(FIT_ARGS as readonly string[]).includes(k)) throw new MXNetError(`fit() got an unexpected keyword argument '${k}'`);
    const logger = (kw.logger as Logger | undefined) ?? getLogger();
    const labelName = this.labelName();
    // Exact resume: the iterators are rebuilt from the stream the original fit started with (see replay).
    const resume = this.resume;
    this.resume = null;
    const origin = resume?.origin ?? { epoch: this.begin_epoch, rng: randomState() };
    if (resume?.origin) setRandomState(resume.origin.rng);
    const train = initIter(kw.X as ArrayInput | DataIter, kw.y as ArrayInput | undefined, true, this.numpy_batch_size, labelName);
    const evalIt = initEvalIter(kw.eval_data, this.numpy_batch_size, labelName);
    /** A store fit created from a type string (a KVStore the caller passed stays theirs). */
    let ownKv: KVStore | null = null;
    try {
      const data = train.iter;
      const inputShapes: Record<string, number[]> = {};
      for (const d of [...data.provide_data, ...data.provide_label]) inputShapes[d.name] = [...d.shape];
      const paramNames = this.initParams(inputShapes);
      const metric = kw.eval_metric instanceof EvalMetric ? kw.eval_metric : createMetric((kw.eval_metric ?? 'acc') as MetricLike);
      // kvstore omitted → 'local'; null is Python's None (no store: each device updates on its own gradient).
      const kvArg = kw.kvstore === undefined ? 'local' : kw.kvstore;
      const numDev = this.ctx.length;
      const [kv, update_on_kvstore] = _create_kvstore(kvArg, numDev, this.arg_params!);
      if (kv !== null && kv !== kvArg) ownKv = kv;
      // Optimizer indices: the parameter names' positions in the store, else i·num_dev + k per device copy.
      const idx2name: Record<number, string> = {};
      paramNames.forEach((n, i) => {
        if (update_on_kvstore) idx2name[i] = n;
        else for (let k = 0; k < numDev; k++) idx2name[i * numDev + k] = n;
      });
      let optimizer: Optimizer;
      if (typeof this.optimizer === 'string') {
        let batch_size = data.batch_size;
        if (kv && kv.type.includes('dist') && !kv.type.includes('_async')) batch_size *= kv.num_workers;
        optimizer = createOptimizer(this.optimizer, {
          rescale_grad: 1 / batch_size, ...this.kwargs, sym: this.symbol, param_idx2name: idx2name,
        });
      } else {
        optimizer = this.optimizer;
        if (Object.keys(optimizer.idx2name).length === 0) optimizer.idx2name = { ...idx2name };
      }
      const updater = get_updater(optimizer);
      // kv.set_optimizer(optimizer) for a local store, keeping the Updater for save_optimizer_states.
      if (update_on_kvstore) kv!._set_updater(updater);
      if (resume) {
        const shapes = this.arg_params!;
        // In the store the optimizer's indices are the parameter names themselves.
        applyStates(updater, resume, (i) => shapes[typeof i === 'string' ? i : idx2name[i] ?? '']?.shape);
      }
      this.training?.dispose();
      this.training = new TrainingState(updater, origin);
      await trainMultiDevice({
        symbol: this.symbol, ctx: this.ctx, param_names: paramNames,
        arg_params: this.arg_params!, aux_params: this.aux_params!,
        begin_epoch: this.begin_epoch, end_epoch: this.num_epoch ?? this.begin_epoch, epoch_size: this.epoch_size,
        updater: (i, g, w) => updater(i, g, w), kvstore: kv, update_on_kvstore,
        train_data: data, eval_data: evalIt.iter, eval_metric: metric,
        epoch_end_callback: (kw.epoch_end_callback as Callback | Callback[] | undefined) ?? null,
        batch_end_callback: (kw.batch_end_callback as Callback | Callback[] | undefined) ?? null,
        eval_end_callback: kw.eval_end_callback === undefined ? new LogValidationMetricsCallback() : (kw.eval_end_callback as Callback | null),
        eval_batch_end_callback: (kw.eval_batch_end_callback as Callback | undefined) ?? null,
        work_load_list: (kw.work_load_list as number[] | undefined) ?? null,
        logger, training_state: this.training, check_numerics: this.check_numerics,
        replay: resume ? { from_epoch: resume.origin?.epoch ?? resume.epoch, states: resume } : null,
      });
    } finally {
      ownKv?.dispose();
      for (const a of [...train.owned, ...evalIt.owned]) a.dispose();
      // Iterators fit made from arrays hold shuffled copies and batch buffers of their own.
      disposeIter(train.iter, kw.X);
      disposeIter(evalIt.iter, kw.eval_data);
    }
  }

  private disposeOwned(dict: ParamDict | null): void {
    for (const a of Object.values(dict ?? {})) {
      if (this.owned.delete(a)) a.dispose();
    }
  }

  /** Release the parameters this model owns, its prediction executor and its optimizer states. */
  dispose(): void {
    this.disposeOwned(this.arg_params);
    this.disposeOwned(this.aux_params);
    this.predictor?.dispose();
    this.predictor = null;
    this.training?.dispose();
    this.training = null;
  }

  private getPredictor(): Predictor {
    this.predictor ??= new Predictor(this.symbol, this.ctx[0]!);
    return this.predictor;
  }

  private requireParams(): [ParamDict, ParamDict] {
    if (!this.arg_params) throw new MXNetError('the model has no parameters: call fit() or load a checkpoint first');
    return [this.arg_params, this.aux_params ?? {}];
  }

  /**
   * predict(X, num_batch=None, return_data=False, reset=True): outputs on the host as NDArrays (one per
   * head; a single NDArray when the symbol has one output), padding removed. With return_data,
   * `[outputs, data, label]`.
   */
  async predict(...args: unknown[]): Promise<NDArray | NDArray[] | [NDArray | NDArray[], NDArray[], NDArray[]]> {
    const kw = bindArgs('predict', ['X', 'num_batch', 'return_data', 'reset'], args);
    await ensureGpus(this.ctx.slice(0, 1));
    const [argParams, auxParams] = this.requireParams();
    const it = initIter(kw.X as ArrayInput | DataIter, null, false, this.numpy_batch_size, this.labelName());
    try {
      if (pop(kw, 'reset', true)) it.iter.reset();
      const r = await predictBatches(this.getPredictor(), argParams, auxParams, it.iter,
        pop<number | null>(kw, 'num_batch', null), pop(kw, 'return_data', false));
      const outs = r.outputs.length === 1 ? r.outputs[0]! : r.outputs;
      return r.data ? [outs, r.data, r.label!] : outs;
    } finally {
      for (const a of it.owned) a.dispose();
      disposeIter(it.iter, kw.X);
    }
  }

  /** score(X, eval_metric='acc', num_batch=None, batch_end_callback=None, reset=True) → the metric value. */
  async score(...args: unknown[]): Promise<number | number[]> {
    const kw = bindArgs('score', ['X', 'eval_metric', 'num_batch', 'batch_end_callback', 'reset'], args);
    await ensureGpus(this.ctx.slice(0, 1));
    const [argParams, auxParams] = this.requireParams();
    const it = initIter(kw.X as ArrayInput | DataIter, null, false, this.numpy_batch_size, this.labelName());
    try {
      const m = kw.eval_metric instanceof EvalMetric ? kw.eval_metric : createMetric((kw.eval_metric ?? 'acc') as MetricLike);
      if (pop(kw, 'reset', true)) it.iter.reset();
      await scoreBatches(this.getPredictor(), argParams, auxParams, it.iter, m,
        pop<number | null>(kw, 'num_batch', null), (kw.batch_end_callback as Callback | undefined) ?? null);
      return m.get()[1] as number | number[];
    } finally {
      for (const a of it.owned) a.dispose();
      disposeIter(it.iter, kw.X);
    }
  }

  /**
   * save(prefix, epoch=None, remove_amp_cast=True, {save_optimizer_states: false}): epoch defaults to
   * num_epoch. With save_optimizer_states, the last fit's optimizer states, update counters and random
   * streams also go to `prefix-%04d.states`, for an exact resume with load(..., {load_optimizer_states: true}).
   */
  async save(...args: unknown[]): Promise<void> {
    const kw = bindArgs('save', ['prefix', 'epoch', 'remove_amp_cast'], args);
    checkKwargs('save', kw, ['prefix', 'epoch', 'remove_amp_cast', 'save_optimizer_states']);
    const prefix = kw.prefix as string;
    const e = (kw.epoch as number | null | undefined) ?? this.num_epoch;
    if (e === null || e === undefined) throw new MXNetError('save: no epoch given and num_epoch is not set');
    const [argParams, auxParams] = this.requireParams();
    if (kw.save_optimizer_states && !this.training) {
      throw new MXNetError('save: save_optimizer_states needs the optimizer of a fit() of this model; there was none');
    }
    await save_checkpoint(prefix, e, this.symbol, argParams, auxParams);
    if (kw.save_optimizer_states) await this.training!.save(prefix, e);
  }

  /** FeedForward.load(prefix, epoch, ctx=None, **kwargs): training continues at epoch index `epoch`. */
  static async load(...args: unknown[]): Promise<FeedForward> {
    const kw = bindArgs('FeedForward.load', ['prefix', 'epoch', 'ctx'], args);
    const prefix = kw.prefix as string;
    const epoch = kw.epoch as number;
    delete kw.prefix;
    delete kw.epoch;
    const withStates = Boolean(pop(kw, 'load_optimizer_states', false));
    // States first: a missing or corrupt .states file then fails before any array is allocated.
    const resume = withStates ? await loadStates(prefix, epoch) : null;
    const [symbol, arg_params, aux_params] = await load_checkpoint(prefix, epoch);
    let model: FeedForward;
    try {
      model = new FeedForward(symbol, { ...kw, arg_params, aux_params, begin_epoch: epoch });
    } catch (e) {
      for (const a of [...Object.values(arg_params), ...Object.values(aux_params)]) a.dispose();
      throw e;
    }
    for (const a of [...Object.values(arg_params), ...Object.values(aux_params)]) model.owned.add(a);
    model.resume = resume;
    return model;
  }

  /** FeedForward.create(symbol, X, y=None, ctx=None, num_epoch=None, ...): construct, fit, return. */
  static async create(...args: unknown[]): Promise<FeedForward> {
    const names = ['symbol', 'X', 'y', 'ctx', 'num_epoch', 'epoch_size', 'optimizer', 'initializer', 'eval_data',
      'eval_metric', 'epoch_end_callback', 'batch_end_callback', 'kvstore', 'logger', 'work_load_list',
      'eval_end_callback', 'eval_batch_end_callback'];
    const kw = bindArgs('FeedForward.create', names, args);
    const fitKw: Kwargs = {};
    for (const k of FIT_ARGS) {
      if (k in kw) {
        fitKw[k] = kw[k];
        delete kw[k];
      }
    }
    const model = new FeedForward(kw);
    await model.fit(fitKw);
    return model;
  }
}

