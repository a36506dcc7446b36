// model._train_multi_device: the epoch/batch loop of FeedForward.fit, in MXNet 1.9.1's order
// (api-semantics.md §3.4): forward all devices, backward all, update, metric, batch callbacks,
// epoch_size handling, time log, parameter sync + epoch callbacks, then validation.

import { ctxListStr } from '../context.js';
import type { DataIter } from '../io/index.js';
import type { Logger } from '../logging.js';
import type { EvalMetric } from '../metric/index.js';
import type { NDArray } from '../ndarray/ndarray.js';
import type { Symbol } from '../symbol/symbol.js';
import { BatchEndParam } from './batch_end_param.js';
import { callAll, type Callback } from './callbacks.js';
import { ExecutorGroup } from './executor_group.js';

export type Updater = (index: number, grad: NDArray, weight: NDArray) => void;

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
  train_data: DataIter;
  eval_data: DataIter | null;
  eval_metric: EvalMetric;
  epoch_end_callback: Callback | Callback[] | null;
  batch_end_callback: Callback | Callback[] | null;
  eval_end_callback: Callback | Callback[] | null;
  eval_batch_end_callback: Callback | Callback[] | null;
  work_load_list: number[] | null;
  logger: Logger;
}

export async function trainMultiDevice(o: TrainOptions): Promise<void> {
  const { ctx, train_data, eval_metric, logger } = o;
  logger.info(`Start training with ${ctxListStr(ctx)}`);
  const work_load_list = o.work_load_list ?? ctx.map(() => 1);
  const group = new ExecutorGroup(o.symbol, ctx, work_load_list,
    [...train_data.provide_data, ...train_data.provide_label], o.param_names);
  try {
    group.set_params(o.arg_params, o.aux_params);
    train_data.reset();
    for (let epoch = o.begin_epoch; epoch < o.end_epoch; epoch++) {
      const tic = performance.now();
      eval_metric.reset();
      let nbatch = 0;
      let epochDone = false;
      while (!epochDone) {
        for (let batch = train_data.next(); batch !== null; batch = train_data.next()) {
          group.load_data_batch(batch);
          group.forward(true);
          group.backward();
          updateParams(group, o.param_names, o.updater);
          group.update_metric(eval_metric, batch.label ?? []);
          nbatch++;
          await callAll(o.batch_end_callback, new BatchEndParam(epoch, nbatch, eval_metric, { data_batch: batch, executor_manager: group }));
          if (o.epoch_size !== null && nbatch >= o.epoch_size) {
            epochDone = true;
            break;
          }
        }
        if (epochDone) break;
        logger.info(`Epoch[${epoch}] Resetting Data Iterator`);
        train_data.reset();
        if (o.epoch_size === null || nbatch >= o.epoch_size) epochDone = true;
      }
      logger.info(`Epoch[${epoch}] Time cost=${((performance.now() - tic) / 1000).toFixed(3)}`);

      if (o.epoch_end_callback !== null || epoch + 1 === o.end_epoch) group.copy_to(o.arg_params, o.aux_params);
      await callAll(o.epoch_end_callback, epoch, o.symbol, o.arg_params, o.aux_params);

      if (o.eval_data) await evaluate(o, group, epoch, o.eval_data);
    }
  } finally {
    group.dispose();
  }
}

/** One optimizer call per (parameter, device): index i·num_dev + k, as MXNet's local updater does. */
function updateParams(group: ExecutorGroup, param_names: readonly string[], updater: Updater): void {
  const numDev = group.execs.length;
  param_names.forEach((name, i) => {
    const weights = group.paramArrays(name);
    const grads = group.gradArrays(name);
    if (numDev === 1) {
      updater(i, grads[0]!, weights[0]!);
      return;
    }
    // Local kvstore semantics: every device sees the sum of all device gradients.
    const sum = grads[0]!.copy();
    for (const g of grads.slice(1)) sum.iadd(g.context.equals(sum.context) ? g : g.as_in_context(sum.context));
    for (let k = 0; k < numDev; k++) {
      sum.copyto(grads[k]!);
      updater(i * numDev + k, grads[k]!, weights[k]!);
    }
    sum.dispose();
  });
}

async function evaluate(o: TrainOptions, group: ExecutorGroup, epoch: number, eval_data: DataIter): Promise<void> {
  o.eval_metric.reset();
  eval_data.reset();
  let i = 0;
  for (let batch = eval_data.next(); batch !== null; batch = eval_data.next(), i++) {
    group.load_data_batch(batch);
    group.forward(false);
    group.update_metric(o.eval_metric, batch.label ?? []);
    await callAll(o.eval_batch_end_callback, new BatchEndParam(epoch, i, o.eval_metric, { data_batch: batch }));
  }
  await callAll(o.eval_end_callback, new BatchEndParam(epoch, i, o.eval_metric, {}));
  eval_data.reset();
}
