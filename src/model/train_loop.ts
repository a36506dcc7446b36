// model._train_multi_device: the epoch/batch loop of FeedForward.fit, in MXNet 1.9.1's order
// (api-semantics.md §3.4): forward all devices, backward all, update, metric, batch callbacks,
// epoch_size handling, time log, parameter sync + epoch callbacks, then validation.

import { ctxListStr } from '../context.js';
import { shareThreadsAmong } from '../engine.js';
import type { DataIter } from '../io/index.js';
import type { Logger } from '../logging.js';
import type { EvalMetric } from '../metric/index.js';
import type { NDArray } from '../ndarray/ndarray.js';
import type { DataBatch } from '../io/index.js';
import type { Symbol } from '../symbol/symbol.js';
import type { KVStore } from '../kvstore/kvstore.js';
import type { Index } from '../optimizer/index.js';
import { BatchEndParam } from './batch_end_param.js';
import { callAll, type Callback } from './callbacks.js';
import { ExecutorGroup } from './executor_group.js';
import { restoreRandom, type LoadedStates, type TrainingState } from './training_state.js';

/** get_updater's function: one index, or per-device lists of indices, gradients and weights. */
export type Updater = (index: Index | readonly Index[], grad: NDArray | readonly NDArray[], weight: NDArray | readonly NDArray[]) => void;

export interface TrainOptions {
  symbol: Symbol;
  ctx: import('../context.js').Context[];
  param_names: string[];
  arg_params: Record<string, NDArray>;
  aux_params: Record<string, NDArray>;
  begin_epoch: number;
  end_epoch: number;
  epoch_size: number | null;
  updater: Updater;
  /** model._create_kvstore's store (null: none), and whether the optimizer runs inside it. */
  kvstore?: KVStore | null;
  update_on_kvstore?: boolean;
  train_data: DataIter;
  eval_data: DataIter | null;
  eval_metric: EvalMetric;
  epoch_end_callback: Callback | Callback[] | null;
  batch_end_callback: Callback | Callback[] | null;
  eval_end_callback: Callback | Callback[] | null;
  eval_batch_end_callback: Callback | Callback[] | null;
  work_load_list: number[] | null;
  logger: Logger;
  /** Handed to epoch-end callbacks as a fifth argument (do_checkpoint saves optimizer states from it). */
  training_state?: TrainingState | null;
  /**
   * Exact resume: before training, run the data iterators through epochs [from_epoch, states.epoch)
   * without computing (their shuffles then match the original run), then restore the saved random streams.
   */
  replay?: { from_epoch: number; states: LoadedStates } | null;
  /** The NaN/Inf guard (Executor.check_numerics) on every training executor. */
  check_numerics?: boolean;
}

export async function trainMultiDevice(o: TrainOptions): Promise<void> {
  const { ctx, train_data, eval_metric, logger } = o;
  logger.info(`Start training with ${ctxListStr(ctx)}`);
  const work_load_list = o.work_load_list ?? ctx.map(() => 1);
  const group = new ExecutorGroup(o.symbol, ctx, work_load_list,
    [...train_data.provide_data, ...train_data.provide_label], o.param_names);
  // Several cpu devices are threads already: each gets its share of the cores, not all of them.
  const restoreThreads = shareThreadsAmong(new Set(ctx.filter((c) => c.isCpu).map((c) => c.device_id)).size);
  try {
    group.set_params(o.arg_params, o.aux_params);
    if (o.kvstore) await initKVStore(o.kvstore, o.update_on_kvstore ?? false, o.param_names, o.arg_params, group);
    train_data.reset();
    if (o.replay) await replayEpochs(o, o.replay.from_epoch, o.replay.states);
    for (let epoch = o.begin_epoch; epoch < o.end_epoch; epoch++) {
      const tic = performance.now();
      eval_metric.reset();
      await trainPass(o, epoch, async (batch, nbatch) => {
        group.load_data_batch(batch);
        // Set per batch: a new batch size re-binds the group's executors.
        for (const e of group.execs) e.check_numerics = o.check_numerics ?? e.check_numerics;
        group.forward(true);
        group.backward();
        if (o.check_numerics) for (const e of group.execs) await e.verify_numerics();
        if (o.kvstore && o.update_on_kvstore) await updateParamsOnKVStore(group, o.param_names, o.kvstore);
        else await updateParams(group, o.param_names, o.updater, o.kvstore ?? null);
        await group.update_metric(eval_metric, batch.label ?? []);
        await callAll(o.batch_end_callback, new BatchEndParam(epoch, nbatch, eval_metric, { data_batch: batch, executor_manager: group }));
      });
      o.training_state?.markEpochEnd(epoch);
      logger.info(`Epoch[${epoch}] Time cost=${((performance.now() - tic) / 1000).toFixed(3)}`);

      if (o.epoch_end_callback !== null || epoch + 1 === o.end_epoch) await group.copy_to(o.arg_params, o.aux_params);
      await callAll(o.epoch_end_callback, epoch, o.symbol, o.arg_params, o.aux_params, o.training_state ?? undefined);

      if (o.eval_data) await evaluate(o, group, epoch, o.eval_data);
    }
  } finally {
    group.dispose();
    restoreThreads();
  }
}

/**
 * One epoch's pass over the training data with MXNet's control flow (epoch_size, resets); `step` runs
 * each batch with its 1-based number, or is null when only the iterator is being replayed.
 */
async function trainPass(o: TrainOptions, epoch: number,
  step: ((batch: DataBatch, nbatch: number) => Promise<void>) | null): Promise<void> {
  const train_data = o.train_data;
  let nbatch = 0;
  for (;;) {
    for (let batch = train_data.next(); batch !== null; batch = train_data.next()) {
      nbatch++;
      if (step) await step(batch, nbatch);
      if (o.epoch_size !== null && nbatch >= o.epoch_size) return;
    }
    if (step) o.logger.info(`Epoch[${epoch}] Resetting Data Iterator`);
    train_data.reset();
    if (o.epoch_size === null || nbatch >= o.epoch_size) return;
  }
}

/**
 * Replay epochs [from, states.epoch) without computing: the iterators see the same next/reset calls
 * (hence the same shuffles) as in the run that saved the states; the saved random streams are restored
 * where that run took them, after the last replayed training pass and before its validation pass.
 */
async function replayEpochs(o: TrainOptions, from: number, states: LoadedStates): Promise<void> {
  if (from >= states.epoch) {
    restoreRandom(states, false);
    return;
  }
  for (let epoch = from; epoch < states.epoch; epoch++) {
    await trainPass(o, epoch, null);
    if (epoch + 1 === states.epoch) restoreRandom(states, true);
    if (o.eval_data) {
      o.eval_data.reset();
      while (o.eval_data.next() !== null);
      o.eval_data.reset();
    }
  }
}

/**
 * model._initialize_kvstore: keys are the parameter names. Updating in the store: the weights are
 * broadcast from the store to every device; otherwise the store only sums gradients and gets the weight.
 */
async function initKVStore(kv: KVStore, update_on_kvstore: boolean, param_names: readonly string[],
  arg_params: Record<string, NDArray>, group: ExecutorGroup): Promise<void> {
  for (const name of param_names) {
    if (update_on_kvstore) await kv.broadcast(name, arg_params[name]!, { out: group.paramArrays(name) });
    else await kv.init(name, arg_params[name]!);
  }
}

/**
 * model._update_params_on_kvstore: the store sums each parameter's device gradients, runs the optimizer
 * once on the sum and its own weight (index = the parameter name) and copies the weight to every device.
 */
async function updateParamsOnKVStore(group: ExecutorGroup, param_names: readonly string[], kv: KVStore): Promise<void> {
  for (const [i, name] of param_names.entries()) {
    await kv.pushpull(name, group.gradArrays(name), { out: group.paramArrays(name), priority: -i });
  }
}

/**
 * model._update_params: with a store, every device's gradient becomes the sum over devices; then one
 * updater call per device k with the indices i·num_dev + k (one optimizer state per device copy).
 */
async function updateParams(group: ExecutorGroup, param_names: readonly string[], updater: Updater,
  kv: KVStore | null): Promise<void> {
  const numDev = group.execs.length;
  const updates = group.execs.map(() => ({ index: [] as number[], grad: [] as NDArray[], weight: [] as NDArray[] }));
  for (const [i, name] of param_names.entries()) {
    const grads = group.gradArrays(name);
    if (kv) await kv.pushpull(name, grads, { priority: -i });
    const weights = group.paramArrays(name);
    for (let k = 0; k < numDev; k++) {
      updates[k]!.index.push(i * numDev + k);
      updates[k]!.grad.push(grads[k]!);
      updates[k]!.weight.push(weights[k]!);
    }
  }
  for (const u of updates) if (u.index.length > 0) updater(u.index, u.grad, u.weight);
}

async function evaluate(o: TrainOptions, group: ExecutorGroup, epoch: number, eval_data: DataIter): Promise<void> {
  o.eval_metric.reset();
  eval_data.reset();
  let i = 0;
  for (let batch = eval_data.next(); batch !== null; batch = eval_data.next(), i++) {
    group.load_data_batch(batch);
    group.forward(false);
    await group.update_metric(o.eval_metric, batch.label ?? []);
    await callAll(o.eval_batch_end_callback, new BatchEndParam(epoch, i, o.eval_metric, { data_batch: batch }));
  }
  await callAll(o.eval_end_callback, new BatchEndParam(epoch, i, o.eval_metric, {}));
  eval_data.reset();
}
