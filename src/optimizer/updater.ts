// mx.optimizer.Updater / get_updater (python/mxnet/optimizer/optimizer.py, 1.9.1): `updater(index, grad,
// weight)` (grad before weight!) creates each index's state on first sight, selects the weight's
// device counters, and hands same-dtype parameters to the optimizer in chunks of aggregate_num.

import { MXNetError } from '../base.js';
import { cpu, type Context } from '../context.js';
import { NDArray } from '../ndarray/ndarray.js';
import type { Index, Optimizer, OptState } from './optimizer.js';

/** What get_states returns (Python pickles the same thing): copies of the states, on the cpu. */
export interface UpdaterStates {
  states: Map<Index, OptState>;
  optimizer?: Optimizer;
}

export class Updater {
  optimizer: Optimizer;
  states = new Map<Index, OptState>();
  states_synced = new Map<Index, boolean>();
  aggregate_updates: boolean;

  constructor(optimizer: Optimizer) {
    this.optimizer = optimizer;
    this.aggregate_updates = optimizer.aggregate_num > 0;
  }

  /** Update `weight` from `grad`: one index or lists of indices, gradients and weights. */
  __call__(index: Index | readonly Index[], grad: NDArray | readonly NDArray[], weight: NDArray | readonly NDArray[]): void {
    const list = Array.isArray(index);
    const indices = (list ? [...index] : [index]) as Index[];
    const grads = (list ? grad : [grad]) as NDArray[];
    const weights = (list ? weight : [weight]) as NDArray[];
    if (grads.length !== indices.length || weights.length !== indices.length) {
      throw new MXNetError(`updater: ${indices.length} indices but ${grads.length} gradients and ${weights.length} weights`);
    }
    if (weights.length > 0) this.optimizer._set_current_context(weights[0]!.context.device_id);
    indices.forEach((idx, i) => {
      if (!this.states.has(idx)) {
        this.states.set(idx, this.optimizer.create_state_multi_precision(idx, weights[i]!));
        this.states_synced.set(idx, true);
      } else if (!this.states_synced.get(idx)) {
        this.states.set(idx, this.sync_state_context(this.states.get(idx), weights[i]!.context));
        this.states_synced.set(idx, true);
      }
    });
    if (!this.aggregate_updates) {
      indices.forEach((idx, i) => this.optimizer.update_multi_precision(idx, weights[i]!, grads[i]!, this.states.get(idx)));
      return;
    }
    // Group by dtype, then chunks of aggregate_num; even a single index goes as a one-element list.
    const byType = new Map<string, number[]>();
    indices.forEach((_, i) => {
      const key = weights[i]!.dtype;
      byType.set(key, [...(byType.get(key) ?? []), i]);
    });
    const n = this.optimizer.aggregate_num;
    for (const members of byType.values()) {
      for (let start = 0; start < members.length; start += n) {
        const chunk = members.slice(start, start + n);
        this.optimizer.update_multi_precision(
          chunk.map((i) => indices[i]!), chunk.map((i) => weights[i]!), chunk.map((i) => grads[i]!),
          chunk.map((i) => this.states.get(indices[i]!)));
      }
    }
  }

  /** Move a (possibly nested) state onto `context`; the original is freed when it moved. */
  sync_state_context(state: OptState, context: Context): OptState {
    if (state instanceof NDArray) {
      if (state.context.equals(context)) return state;
      const moved = state.as_in_context(context);
      state.dispose();
      return moved;
    }
    if (Array.isArray(state)) return state.map((s) => this.sync_state_context(s, context));
    return state;
  }

  /** Replace the states (and the optimizer when the snapshot has one); states move to the weights' device on next use. */
  set_states(snapshot: UpdaterStates): void {
    this.dispose();
    this.states = new Map([...snapshot.states].map(([k, s]) => [k, copyState(s)]));
    if (snapshot.optimizer) {
      this.optimizer = snapshot.optimizer;
      this.aggregate_updates = snapshot.optimizer.aggregate_num > 0;
    }
    this.states_synced = new Map([...this.states.keys()].map((k) => [k, false]));
  }

  /** A snapshot of the states on the cpu, optionally with the optimizer itself (its schedule and counters). */
  get_states(dump_optimizer = false): UpdaterStates {
    const states = new Map([...this.states].map(([k, s]) => [k, copyState(s)]));
    return dump_optimizer ? { states, optimizer: this.optimizer } : { states };
  }

  /** @internal The optimizer's update counters per device id and its num_update (for `.states` files). */
  _get_update_counters(): { tables: Map<number, Map<Index, number>>; num_update: number } {
    // Bracket access: the counters are protected in Optimizer, and only exact resume reads them from outside.
    const tables = this.optimizer['_all_index_update_counts'];
    return { tables: new Map([...tables].map(([d, t]) => [d, new Map(t)])), num_update: this.optimizer.num_update };
  }

  /** @internal Restore what _get_update_counters returned; the device-0 table becomes the current one. */
  _set_update_counters(tables: Map<number, Map<Index, number>>, num_update: number): void {
    const all = new Map([...tables].map(([d, t]) => [d, new Map(t)]));
    if (!all.has(0)) all.set(0, new Map());
    this.optimizer['_all_index_update_counts'] = all;
    this.optimizer['_index_update_count'] = all.get(0)!;
    this.optimizer.num_update = num_update;
  }

  /** Free every state array. */
  dispose(): void {
    for (const s of this.states.values()) disposeState(s);
    this.states.clear();
    this.states_synced.clear();
  }
}

function copyState(s: OptState): OptState {
  if (s instanceof NDArray) return s.copyto(cpu());
  if (Array.isArray(s)) return s.map(copyState);
  return s;
}

function disposeState(s: OptState): void {
  if (s instanceof NDArray) s.dispose();
  else if (Array.isArray(s)) s.forEach(disposeState);
}

/** An Updater that is also callable as `updater(index, grad, weight)`, like Python's instance. */
export type UpdaterFn = Updater & ((index: Index | readonly Index[], grad: NDArray | readonly NDArray[], weight: NDArray | readonly NDArray[]) => void);

/** mx.optimizer.get_updater(optimizer) */
export function get_updater(optimizer: Optimizer): UpdaterFn {
  const u = new Updater(optimizer);
  const call = (index: Index | readonly Index[], grad: NDArray | readonly NDArray[], weight: NDArray | readonly NDArray[]) => u.__call__(index, grad, weight);
  return new Proxy(call, {
    get: (t, p) => {
      if (!(p in u)) return Reflect.get(t, p);
      const v = Reflect.get(u, p, u);
      return typeof v === 'function' ? v.bind(u) : v;
    },
    set: (_t, p, v) => Reflect.set(u, p, v, u),
    has: (_t, p) => p in u,
    getPrototypeOf: () => Updater.prototype,
  }) as unknown as UpdaterFn;
}
