// SGD through the Optimizer API against a float64 plain-TS model of api-semantics §7.2 (rescale, then
// clip with Python truthiness, wd outside the clip, negative lr-scaled momentum), the lr/wd multiplier
// tables of test_lr_wd_mult, learning-rate precedence, update counting, the Test optimizer and create().
import { beforeAll, describe, expect, it } from 'vitest';
import { initWasmBackend } from '../../src/backends/wasm/init.js';
import { CaptureLogger, setLogger, silentLogger } from '../../src/logging.js';
import { FactorScheduler } from '../../src/lr_scheduler/index.js';
import { array } from '../../src/ndarray/create.js';
import type { NDArray } from '../../src/ndarray/ndarray.js';
import * as opt from '../../src/optimizer/index.js';

beforeAll(async () => {
  await initWasmBackend();
  setLogger(silentLogger); // the schedulers log each change
});

/** Deterministic uniform numbers in [lo, hi) (mulberry32). */
function rand(n: number, seedValue: number, lo = -1, hi = 1): number[] {
  let a = seedValue >>> 0;
  return Array.from({ length: n }, () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return lo + (hi - lo) * (((t ^ (t >>> 14)) >>> 0) / 4294967296);
  });
}

interface Hyper { lr: number; wd: number; momentum: number; rescale: number; clip: number | null }

/** §7.2 in float64: d = momentum·mom − lr·wd·w − lr·clip(rg·g); w += d; mom = d. */
function refStep(w: number[], g: number[], mom: number[], h: Hyper): void {
  for (let i = 0; i < w.length; i++) {
    let gg = h.rescale * g[i]!;
    if (h.clip) gg = Math.min(Math.max(gg, -h.clip), h.clip);
    const d = (h.momentum > 0 ? h.momentum * mom[i]! : 0) - h.lr * h.wd * w[i]! - h.lr * gg;
    if (h.momentum > 0) mom[i] = d;
    w[i] = w[i]! + d;
  }
}

function expectClose(got: Float32Array | number[], want: number[], tol = 2e-5): void {
  expect(got.length).toBe(want.length);
  for (let i = 0; i < want.length; i++) {
    if (Math.abs(got[i]! - want[i]!) > tol * (1 + Math.abs(want[i]!))) {
      throw new Error(`element ${i}: got ${got[i]}, want ${want[i]} (tol ${tol})`);
    }
  }
}

const shape = [3, 4, 5];
const size = 60;

describe('SGD update vs the float64 reference', () => {
  const grid: Hyper[] = [];
  for (const momentum of [0, 0.9]) {
    for (const clip of [null, 0, 0.4]) {
      for (const rescale of [1, 0.14, 3]) {
        for (const wd of [0, 0.05]) grid.push({ lr: 0.1, wd, momentum, rescale, clip });
      }
    }
  }
  for (const h of grid) {
    it(`momentum ${h.momentum}, clip ${h.clip}, rescale ${h.rescale}, wd ${h.wd}: 4 steps`, () => {
      const o = opt.create('sgd', {
        learning_rate: h.lr, momentum: h.momentum, wd: h.wd, rescale_grad: h.rescale, clip_gradient: h.clip,
      });
      const w0 = rand(size, 1, -2, 2);
      const w = array(w0, { shape });
      const state = o.create_state(0, w);
      expect(state === null).toBe(h.momentum === 0);
      const rw = [...w0], rm = new Array<number>(size).fill(0);
      for (let step = 0; step < 4; step++) {
        const gv = rand(size, 10 + step, -1.5, 1.5);
        const g = array(gv, { shape });
        o.update(0, w, g, state);
        refStep(rw, gv, rm, h);
        g.dispose();
      }
      expectClose(w._dataSync(), rw);
      if (state) expectClose((state as NDArray)._dataSync(), rm);
      expect(o.num_update).toBe(4);
      w.dispose();
      (state as NDArray | null)?.dispose();
    });
  }

  it('clip_gradient 0 means no clipping for SGD (Python truthiness)', () => {
    const run = (clip: number | null) => {
      const o = opt.create('sgd', { learning_rate: 1, clip_gradient: clip });
      const w = array([0, 0]);
      const g = array([5, -7]);
      o.update(0, w, g, null);
      const v = Array.from(w._dataSync());
      w.dispose();
      g.dispose();
      return v;
    };
    expect(run(0)).toEqual([-5, 7]);
    expect(run(null)).toEqual([-5, 7]);
    expect(run(2)).toEqual([-2, 2]);
  });

  it('a list of indices updates each parameter with its own lr/wd', () => {
    const o = opt.create('sgd', { learning_rate: 0.5, wd: 0.1, param_idx2name: { 0: 'a_weight', 1: 'a_bias' } });
    const w = [array([1, 2]), array([3, 4])];
    const g = [array([1, 1]), array([1, 1])];
    o.update([0, 1], w, g, [null, null]);
    expectClose(w[0]!._dataSync(), [1 - 0.05 * 1 - 0.5, 2 - 0.05 * 2 - 0.5]);
    // the bias gets no weight decay (name rule)
    expectClose(w[1]!._dataSync(), [2.5, 3.5]);
    [...w, ...g].forEach((a) => a.dispose());
  });

  it('rejects mismatched weight and gradient', () => {
    const o = opt.create('sgd');
    const w = array([1, 2]), g = array([1, 2, 3]);
    expect(() => o.update(0, w, g, null)).toThrow(/weight \(2,\) and grad \(3,\) differ in shape/);
    w.dispose();
    g.dispose();
  });
});

describe('Optimizer base semantics', () => {
  it('test_lr_wd_mult: multipliers from symbol attributes and the bias naming rule', () => {
    const sym = {
      attr_dict: () => ({
        fc1_bias: { __lr_mult__: '1.0' }, fc1_weight: { __lr_mult__: '0' }, fc1: { __lr_mult__: '0' },
        fc2_weight: { __wd_mult__: '0.5' }, fc2_bias: { __wd_mult__: '0.5' }, fc2: { __wd_mult__: '0.5' },
      }),
      list_arguments: () => ['data', 'fc1_weight', 'fc1_bias', 'fc2_weight', 'fc2_bias'],
    };
    const idx2name = { 0: 'fc1_weight', 1: 'fc1_bias', 2: 'fc2_weight', 3: 'fc2_bias' };
    const o = opt.create('sgd', { learning_rate: 1.0, wd: 0.1, sym, param_idx2name: idx2name });
    expect(o.lr_mult).toEqual({ fc1_bias: 1.0, fc1_weight: 0.0 });
    expect(o.wd_mult).toEqual({ fc2_bias: 0.5, fc2_weight: 0.5, fc1_bias: 0.0 });
    expect([0, 1, 2, 3].map((i) => o._get_lr(i))).toEqual([0, 1, 1, 1]);
    expect([0, 1, 2, 3].map((i) => o._get_wd(i))).toEqual([0.1, 0, 0.05, 0.05]);
    // A frozen weight (lr_mult 0) does not move.
    const w = array([1, 2]), g = array([3, 4]);
    o.update(0, w, g, null);
    expect(Array.from(w._dataSync())).toEqual([1, 2]);
    w.dispose();
    g.dispose();
  });

  it('wd_mult is computed once: idx2name assigned later does not exempt biases', () => {
    const o = opt.create('sgd', { wd: 0.1 });
    o.idx2name = { 0: 'fc_bias' };
    expect(o._get_wd(0)).toBe(0.1);
    o.set_wd_mult({});
    expect(o._get_wd(0)).toBe(0);
    expect(opt.create('sgd', { wd: 1, param_idx2name: { 0: 'bn_gamma', 1: 'bn_beta' } }).wd_mult).toEqual({ bn_beta: 0 });
    o.set_lr_mult({ 0: 0.25 });
    expect(o._get_lr(0)).toBe(0.0025);
  });

  it('learning rate: default 0.01; learning_rate overrides a scheduler base_lr; set_learning_rate', () => {
    expect(new opt.Optimizer().learning_rate).toBe(0.01);
    const cap = new CaptureLogger();
    const prev = setLogger(cap);
    try {
      const sched = new FactorScheduler(1);
      const o = new opt.SGD({ lr_scheduler: sched, learning_rate: 0.3 });
      expect(o.learning_rate).toBe(0.3);
      expect(sched.base_lr).toBe(0.3);
      expect(cap.messages('warning')).toEqual(['learning rate from ``lr_scheduler`` has been overwritten by ``learning_rate`` in optimizer.']);
      expect(() => o.set_learning_rate(0.1)).toThrow(/LRScheduler of the optimizer has already been defined/);
    } finally {
      setLogger(prev);
    }
    const kept = new opt.SGD({ lr_scheduler: new FactorScheduler(5, { base_lr: 0.5 }) });
    expect(kept.lr).toBeNull();
    expect(kept.learning_rate).toBe(0.5);
    const plain = new opt.SGD();
    plain.set_learning_rate(0.2);
    expect(plain.learning_rate).toBe(0.2);
  });

  it('updates are counted before lr is read (the first update sees num_update = 1)', () => {
    const sched = new FactorScheduler(1, 0.5, { base_lr: 1 });
    const o = opt.create('sgd', { lr_scheduler: sched });
    const w = array([0]), g = array([1]);
    for (let i = 0; i < 3; i++) o.update(0, w, g, null);
    // lr at num_update 1, 2, 3 = 1, 0.5, 0.25
    expect(w._dataSync()[0]).toBe(-1.75);
    expect(o.num_update).toBe(3);
    const late = opt.create('sgd', { lr_scheduler: new FactorScheduler(10, 0.1, { base_lr: 1 }), begin_num_update: 10 });
    late.update(0, w, g, null);
    expect(late.num_update).toBe(11);
    expect(late.learning_rate).toBeCloseTo(0.1, 12);
    w.dispose();
    g.dispose();
  });

  it('create: case-insensitive names, ccsgd alias class, clear errors', () => {
    expect(opt.create('SGD')).toBeInstanceOf(opt.SGD);
    expect(opt.create('ccsgd')).toBeInstanceOf(opt.ccSGD);
    expect(opt.Optimizer.create_optimizer('test')).toBeInstanceOf(opt.Test);
    expect(() => opt.create('adamw')).toThrow('Cannot find optimizer adamw');
    expect(() => opt.create('sgd', { momentun: 0.9 })).toThrow(/SGD\(\) got an unexpected keyword argument 'momentun'/);
    expect(opt.create('sgd').aggregate_num).toBe(4);
  });

  it('register adds a custom optimizer', () => {
    class Halve extends opt.Optimizer {
      override update(_i: opt.Index | readonly opt.Index[], w: NDArray | readonly NDArray[]): void {
        (w as NDArray).set(0.5);
      }
    }
    opt.register(Halve);
    expect(opt.create('halve')).toBeInstanceOf(Halve);
  });
});

describe('Test optimizer', () => {
  it('w += rescale_grad * g and the state mirrors the weight', () => {
    const o = opt.create('test', { rescale_grad: 0.5 });
    const w = array([1, -1]), g = array([2, 4]);
    const s = o.create_state(0, w) as NDArray;
    o.update(0, w, g, s);
    o.update(0, w, g, s);
    expect(Array.from(w._dataSync())).toEqual([3, 3]);
    expect(Array.from(s._dataSync())).toEqual([3, 3]);
    [w, g, s].forEach((a) => a.dispose());
  });
});
