// get_updater / Updater (api-semantics §7.1): `updater(index, grad, weight)` with lazy per-index state,
// lists, aggregated chunks equal to one-by-one updates, per-device update counters, get_states /
// set_states resuming exactly, and dispose() freeing the states.
import { beforeAll, describe, expect, it } from 'vitest';
import { backendFor } from '../../src/backends/registry.js';
import { initWasmBackend } from '../../src/backends/wasm/init.js';
import { cpu } from '../../src/context.js';
import { silentLogger, setLogger } from '../../src/logging.js';
import { FactorScheduler } from '../../src/lr_scheduler/index.js';
import { array } from '../../src/ndarray/create.js';
import type { NDArray } from '../../src/ndarray/ndarray.js';
import * as opt from '../../src/optimizer/index.js';

beforeAll(async () => {
  await initWasmBackend();
  setLogger(silentLogger);
});

const live = () => backendFor(cpu()).stats().buffers;
const vals = (a: NDArray) => Array.from(a._dataSync());
const grads = (step: number, n: number) => Array.from({ length: n }, (_, i) => Math.sin(step * 7 + i) * 2);

describe('Updater', () => {
  it('creates momentum state on first sight of an index and applies momentum across calls', () => {
    const o = opt.create('sgd', { learning_rate: 0.1, momentum: 0.9 });
    const u = opt.get_updater(o);
    const w = array([1, 1]), g = array([1, -1]);
    expect(u.states.has(3)).toBe(false);
    u(3, g, w);
    expect(u.states.has(3)).toBe(true);
    u(3, g, w);
    // step 1: d = -0.1·g; step 2: d = 0.9·d1 - 0.1·g = -0.19·g → w = 1 - 0.29·g
    const got = vals(w);
    expect(got[0]).toBeCloseTo(0.71, 6);
    expect(got[1]).toBeCloseTo(1.29, 6);
    expect(vals(u.states.get(3) as NDArray).map((x) => +x.toFixed(6))).toEqual([-0.19, 0.19]);
    expect(u).toBeInstanceOf(opt.Updater);
    const before = live();
    u.dispose();
    expect(live()).toBe(before - 1);
    w.dispose();
    g.dispose();
  });

  it('aggregated chunks (aggregate_num 4) give the same weights as one-by-one updates', () => {
    const run = (aggregate: number) => {
      const o = opt.create('sgd', { learning_rate: 0.05, momentum: 0.9, wd: 0.01, param_idx2name: { 0: 'a_weight', 1: 'a_bias', 2: 'b_weight', 3: 'b_bias', 4: 'c_weight', 5: 'c_bias' } });
      o.aggregate_num = aggregate;
      const u = opt.get_updater(o);
      const ws = [0, 1, 2, 3, 4, 5].map((i) => array([i, -i, 0.5 * i]));
      for (let step = 0; step < 3; step++) {
        const gs = ws.map((_, i) => array(grads(step + i, 3)));
        u([0, 1, 2, 3, 4, 5], gs, ws);
        gs.forEach((g) => g.dispose());
      }
      const out = ws.map(vals);
      ws.forEach((w) => w.dispose());
      u.dispose();
      return out;
    };
    expect(run(4)).toEqual(run(0));
  });

  it('keeps update counters per device: the same index on cpu(0) and cpu(1) counts once', () => {
    const o = opt.create('sgd', { lr_scheduler: new FactorScheduler(1, 0.5, { base_lr: 1 }) });
    const u = opt.get_updater(o);
    const w0 = array([0], { ctx: cpu(0) }), w1 = array([0], { ctx: cpu(1) });
    const g0 = array([1], { ctx: cpu(0) }), g1 = array([1], { ctx: cpu(1) });
    u(0, g0, w0);
    u(0, g1, w1);
    expect(o.num_update).toBe(1);
    expect(vals(w0)).toEqual([-1]);
    expect(vals(w1)).toEqual([-1]);
    u(0, g0, w0);
    expect(o.num_update).toBe(2);
    expect(vals(w0)).toEqual([-1.5]);
    [w0, w1, g0, g1].forEach((a) => a.dispose());
    u.dispose();
  });

  it('get_states / set_states resume momentum exactly', () => {
    const mk = () => opt.create('sgd', { learning_rate: 0.1, momentum: 0.9 });
    const a = opt.get_updater(mk());
    const wa = array([1, 2, 3]);
    const step = (u: opt.UpdaterFn, w: NDArray, k: number) => {
      const g = array(grads(k, 3));
      u(0, g, w);
      g.dispose();
    };
    step(a, wa, 0);
    step(a, wa, 1);
    const snap = a.get_states();
    const wb = wa.copy();
    step(a, wa, 2);
    step(a, wa, 3);
    const b = opt.get_updater(mk());
    b.set_states(snap);
    expect(b.states_synced.get(0)).toBe(false);
    step(b, wb, 2);
    step(b, wb, 3);
    expect(vals(wb)).toEqual(vals(wa));
    // The snapshot is a copy: later updates did not change it.
    expect(vals(snap.states.get(0) as NDArray)).not.toEqual(vals(a.states.get(0) as NDArray));
    const withOpt = a.get_states(true);
    expect(withOpt.optimizer).toBe(a.optimizer);
    for (const s of [snap, withOpt]) for (const v of s.states.values()) (v as NDArray).dispose();
    [wa, wb].forEach((w) => w.dispose());
    a.dispose();
    b.dispose();
  });

  it('the optimizer can be swapped through the callable', () => {
    const u = opt.get_updater(opt.create('sgd'));
    const other = opt.create('test');
    u.optimizer = other;
    expect(u.optimizer).toBe(other);
    expect('get_states' in u).toBe(true);
  });

  it('rejects lists of different lengths', () => {
    const u = opt.get_updater(opt.create('sgd'));
    const w = array([1]);
    expect(() => u([0, 1], [w], [w, w])).toThrow(/2 indices but 1 gradients and 2 weights/);
    w.dispose();
  });
});
