// FeedForward.predict / score: one executor on ctx[0] (grad_req 'null'), bound to the iterator's data
// shapes and re-bound only when they change; predict drops each batch's padding, score does not.

import { sameShape } from '../base.js';
import { cpu, type Context } from '../context.js';
import type { DataBatch, DataIter } from '../io/index.js';
import type { EvalMetric } from '../metric/index.js';
import { empty } from '../ndarray/create.js';
import { copyAsync, type NDArray } from '../ndarray/ndarray.js';
import type { Executor } from '../executor/executor.js';
import type { Symbol } from '../symbol/symbol.js';
import { BatchEndParam } from './batch_end_param.js';
import { callAll, type Callback } from './callbacks.js';
import { onHost } from './host_copy.js';

export class Predictor {
  private exec: Executor | null = null;
  private shapes: Record<string, number[]> = {};

  constructor(private readonly symbol: Symbol, private readonly ctx: Context) {}

  /** Bind for these data shapes (or reuse the executor bound last time) and load the parameters. */
  prepare(dataDescs: readonly { name: string; shape: readonly number[] }[], arg: Record<string, NDArray>, aux: Record<string, NDArray>): Executor {
    const shapes = Object.fromEntries(dataDescs.map((d) => [d.name, [...d.shape]]));
    const same = this.exec && Object.keys(shapes).length === Object.keys(this.shapes).length &&
      Object.entries(shapes).every(([k, s]) => this.shapes[k] && sameShape(this.shapes[k]!, s));
    if (!same) {
      this.exec?.dispose();
      this.exec = this.symbol.simple_bind(this.ctx, { grad_req: 'null', ...shapes });
      this.shapes = shapes;
    }
    this.exec!.copy_params_from(arg, aux, false);
    return this.exec!;
  }

  load(exec: Executor, batch: DataBatch, names: readonly string[]): void {
    batch.data.forEach((d, i) => d.copyto(exec.arg_dict[names[i]!]!));
  }

  dispose(): void {
    this.exec?.dispose();
    this.exec = null;
  }
}

export interface PredictResult {
  outputs: NDArray[];
  data?: NDArray[];
  label?: NDArray[];
}

export async function predictBatches(predictor: Predictor, arg: Record<string, NDArray>, aux: Record<string, NDArray>,
  iter: DataIter, num_batch: number | null, return_data: boolean): Promise<PredictResult> {
  const names = iter.provide_data.map((d) => d.name);
  const exec = predictor.prepare(iter.provide_data, arg, aux);
  const outParts: NDArray[][] = [];
  const dataParts: NDArray[][] = [];
  const labelParts: NDArray[][] = [];
  const keep = async (arrs: readonly NDArray[], n: number) => {
    const kept: NDArray[] = [];
    for (const a of arrs) {
      const v = a.slice(0, n);
      try {
        kept.push(await copyAsync(v, cpu()));
      } finally {
        v.dispose();
      }
    }
    return kept;
  };
  let nbatch = 0;
  for (let batch = iter.next(); batch !== null; batch = iter.next()) {
    if (num_batch !== null && nbatch === num_batch) break;
    predictor.load(exec, batch, names);
    exec.forward(false);
    const real = batch.data[0]!.shape[0]! - (batch.pad ?? 0);
    outParts.push(await keep(exec.outputs, real));
    if (return_data) {
      dataParts.push(await keep(batch.data, real));
      labelParts.push(await keep(batch.label ?? [], real));
    }
    nbatch++;
  }
  const result: PredictResult = { outputs: concatParts(outParts) };
  if (return_data) {
    result.data = concatParts(dataParts);
    result.label = concatParts(labelParts);
  }
  return result;
}

export async function scoreBatches(predictor: Predictor, arg: Record<string, NDArray>, aux: Record<string, NDArray>,
  iter: DataIter, metric: EvalMetric, num_batch: number | null, batch_end_callback: Callback | Callback[] | null): Promise<void> {
  const names = iter.provide_data.map((d) => d.name);
  const exec = predictor.prepare(iter.provide_data, arg, aux);
  let i = 0;
  for (let batch = iter.next(); batch !== null; batch = iter.next(), i++) {
    if (num_batch !== null && i === num_batch) break;
    predictor.load(exec, batch, names);
    exec.forward(false);
    const outs = await onHost(exec.outputs);
    try {
      metric.update(batch.label ?? [], outs.arrays);
    } finally {
      outs.dispose();
    }
    await callAll(batch_end_callback, new BatchEndParam(0, i, metric, { data_batch: batch }));
  }
}

/** Stack per-batch pieces (each [n_i, ...]) of every output into one [Σn_i, ...] host array. */
function concatParts(parts: NDArray[][]): NDArray[] {
  if (parts.length === 0) return [];
  return parts[0]!.map((_, j) => {
    const pieces = parts.map((p) => p[j]!);
    const rows = pieces.reduce((s, p) => s + p.shape[0]!, 0);
    const out = empty([rows, ...pieces[0]!.shape.slice(1)], cpu(), pieces[0]!.dtype);
    let r = 0;
    for (const p of pieces) {
      const view = out.slice(r, r + p.shape[0]!);
      p.copyto(view);
      view.dispose();
      p.dispose();
      r += p.shape[0]!;
    }
    return out;
  });
}
