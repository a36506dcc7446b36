// DataParallelExecutorManager (python/mxnet/executor_manager.py): one executor per device, each bound to
// its slice of the batch; parameters copied in, gradients read per device, parameters averaged out.

import { MXNetError } from '../base.js';
import { backendFor } from '../backends/registry.js';
import { cpu, type Context } from '../context.js';
import type { DataBatch, DataDesc } from '../io/index.js';
import type { EvalMetric } from '../metric/index.js';
import type { NDArray } from '../ndarray/ndarray.js';
import type { Executor } from '../executor/executor.js';
import type { Symbol } from '../symbol/symbol.js';
import { copyIntoAsync, onHost } from './host_copy.js';
import { splitInputSlice } from './split_slices.js';

export class ExecutorGroup {
  readonly param_names: string[];
  readonly aux_names: string[];
  private readonly inputNames: string[];
  private slices: [number, number][] = [];
  execs: Executor[] = [];
  private batchSize = -1;

  constructor(private readonly symbol: Symbol, readonly ctx: readonly Context[], private readonly work_load_list: readonly number[],
    private readonly inputDescs: readonly DataDesc[], param_names: string[]) {
    if (work_load_list.length !== ctx.length) {
      throw new MXNetError(`work_load_list has ${work_load_list.length} entries for ${ctx.length} devices`);
    }
    this.param_names = param_names;
    this.aux_names = symbol.list_auxiliary_states();
    this.inputNames = inputDescs.map((d) => d.name);
    this.bindFor(inputDescs[0]?.shape[0] ?? 0);
  }

  /** Bind (or re-bind, sharing nothing but copying parameters) for a batch of `batchSize` samples. */
  bindFor(batchSize: number): void {
    if (batchSize === this.batchSize) return;
    const old = this.execs;
    this.slices = splitInputSlice(batchSize, this.work_load_list);
    const gradReq: Record<string, 'write' | 'null'> = {};
    for (const name of this.symbol.list_arguments()) gradReq[name] = this.param_names.includes(name) ? 'write' : 'null';
    this.execs = this.ctx.map((c, k) => {
      const [b, e] = this.slices[k]!;
      const shapes: Record<string, number[]> = {};
      for (const d of this.inputDescs) shapes[d.name] = [e - b, ...d.shape.slice(1)];
      return this.symbol.simple_bind(c, { grad_req: gradReq, ...shapes });
    });
    if (old.length > 0) {
      for (let k = 0; k < old.length; k++) {
        for (const n of [...this.param_names, ...this.aux_names]) {
          const src = old[k]!.arg_dict[n] ?? old[k]!.aux_dict[n];
          const dst = this.execs[k]!.arg_dict[n] ?? this.execs[k]!.aux_dict[n];
          if (src && dst) src.copyto(dst);
        }
        old[k]!.dispose();
      }
    }
    this.batchSize = batchSize;
  }

  set_params(arg_params: Record<string, NDArray>, aux_params: Record<string, NDArray>): void {
    for (const e of this.execs) e.copy_params_from(arg_params, aux_params, true);
  }

  /** Copy each device's slice of the batch's data and labels into its executor. */
  load_data_batch(batch: DataBatch): void {
    const arrays = [...batch.data, ...(batch.label ?? [])];
    const size = arrays[0]?.shape[0] ?? 0;
    this.bindFor(size);
    this.execs.forEach((exec, k) => {
      const [b, e] = this.slices[k]!;
      arrays.forEach((arr, i) => {
        const name = this.inputNames[i];
        const dst = name === undefined ? undefined : exec.arg_dict[name];
        if (!dst) return;
        if (b === 0 && e === arr.shape[0]) {
          arr.copyto(dst);
        } else {
          const view = arr.slice(b, e);
          view.copyto(dst);
          view.dispose();
        }
      });
    });
  }

  /**
   * Devices that compute elsewhere (cpu(i >= 1) workers, WebGPU) are given their work first, and each one's
   * work is handed over as soon as it is recorded, so it runs while this thread computes for cpu(0). Each
   * device's result is the same in any order.
   */
  private eachDevice(run: (e: Executor) => void): void {
    const here = backendFor(cpu());
    const onThisThread: Executor[] = [];
    this.execs.forEach((e, k) => {
      const be = backendFor(this.ctx[k]!);
      if (be === here) {
        onThisThread.push(e);
      } else {
        run(e);
        be.flush?.();
      }
    });
    for (const e of onThisThread) run(e);
  }

  forward(is_train: boolean): void {
    this.eachDevice((e) => e.forward(is_train));
  }

  backward(): void {
    this.eachDevice((e) => e.backward());
  }

  /** eval_metric.update(labels sliced per device, that device's outputs, read back to the host first). */
  async update_metric(metric: EvalMetric, labels: readonly NDArray[]): Promise<void> {
    for (const [k, exec] of this.execs.entries()) {
      const [b, e] = this.slices[k]!;
      const outs = await onHost(exec.outputs);
      const views = labels.map((l) => (b === 0 && e === l.shape[0] ? l : l.slice(b, e)));
      try {
        metric.update(views, outs.arrays);
      } finally {
        views.forEach((v, i) => { if (v !== labels[i]) v.dispose(); });
        outs.dispose();
      }
    }
  }

  /** Weights and gradients of parameter `name` on every device. */
  paramArrays(name: string): NDArray[] {
    return this.execs.map((e) => e.arg_dict[name]!);
  }
  gradArrays(name: string): NDArray[] {
    return this.execs.map((e) => e.grad_dict[name]!);
  }

  /** Average each parameter and aux state over the devices into the given host dicts. */
  async copy_to(arg_params: Record<string, NDArray>, aux_params: Record<string, NDArray>): Promise<void> {
    const avg = async (arrays: NDArray[], target: NDArray) => {
      if (arrays.length === 1) {
        await copyIntoAsync(arrays[0]!, target);
        return;
      }
      const host = await onHost(arrays);
      const acc = host.arrays[0]!.copyto(cpu());
      for (const c of host.arrays.slice(1)) {
        // cpu(1)'s arrays pass onHost unchanged but still live on another context than cpu(0)'s acc.
        const m = c.context.equals(acc.context) ? c : c.as_in_context(acc.context);
        acc.iadd(m);
        if (m !== c) m.dispose();
      }
      host.dispose();
      acc.imul(1 / arrays.length).copyto(target);
      acc.dispose();
    };
    for (const n of this.param_names) await avg(this.paramArrays(n), arg_params[n]!);
    for (const n of this.aux_names) await avg(this.execs.map((e) => e.aux_dict[n]!), aux_params[n]!);
  }

  dispose(): void {
    for (const e of this.execs) e.dispose();
    this.execs = [];
  }
}
