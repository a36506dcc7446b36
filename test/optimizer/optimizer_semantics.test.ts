// Python-level semantics of NAG, SGLD, Adam, AdaGrad, RMSProp and AdaDelta (api-semantics §7.1–7.8):
// registry names and defaults, positional arguments, the scheduler base_lr quirk of optimizers with
// their own lr default, state layouts, the truthy / not-None clip rules, Adam's per-index t and
// begin_num_update, AdaDelta's in-place gradient rescaling and unused lr, SGLD noise statistics and
// seeding, the Updater with tuple states, and error messages.
import { beforeAll, describe, expect, it } from 'vitest';
import { initWasmBackend } from '../../src/backends/wasm/init.js';
import { CaptureLogger, setLogger, silentLogger } from '../../src/logging.js';
import { FactorScheduler } from '../../src/lr_scheduler/index.js';
import { array, zeros } from '../../src/ndarray/create.js';
import { NDArray } from '../../src/ndarray/ndarray.js';
import * as opt from '../../src/optimizer/index.js';
import * as random from '../../src/random.js';
import { maxViolation, randomArray } from '../kernels/reference.js';
import { adamStep } from './reference.js';

beforeAll(async () => {
  await initWasmBackend();
  setLogger(silentLogger);
});

const vals = (a: NDArray) => Array.from(a._dataSync());
const stateList = (s: opt.OptState): NDArray[] =>
  s instanceof NDArray ? [s] : Array.isArray(s) ? (s as opt.OptState[]).flatMap(stateList) : [];

describe('registry and constructors', () => {
  it('NAG, SGLD, Adam, AdaGrad, RMSProp, AdaDelta are registered under their lower-cased names', () => {
    const table: [string, opt.OptimizerClass][] = [
      ['NAG', opt.NAG], ['sgld', opt.SGLD], ['Adam', opt.Adam], ['adagrad', opt.AdaGrad], ['RMSProp', opt.RMSProp],
      ['AdaDelta', opt.AdaDelta],
    ];
    for (const [name, klass] of table) {
      const o = opt.create(name);
      expect(o).toBeInstanceOf(klass);
      expect(o.aggregate_num).toBe(0); // only SGD aggregates (§7.1)
    }
  });

  it('MXNet 1.9.1 defaults', () => {
    const adam = new opt.Adam();
    expect([adam.learning_rate, adam.beta1, adam.beta2, adam.epsilon, adam.lazy_update]).toEqual([0.001, 0.9, 0.999, 1e-8, true]);
    const rms = new opt.RMSProp();
    expect([rms.learning_rate, rms.gamma1, rms.gamma2, rms.epsilon, rms.centered, rms.clip_weights]).toEqual([0.001, 0.9, 0.9, 1e-8, false, null]);
    const ada = new opt.AdaGrad();
    expect([ada.learning_rate, ada.float_stable_eps]).toEqual([0.01, 1e-7]);
    const delta = new opt.AdaDelta();
    expect([delta.learning_rate, delta.rho, delta.epsilon]).toEqual([0.01, 0.9, 1e-5]);
    const nag = new opt.NAG();
    expect([nag.learning_rate, nag.momentum, nag.wd, nag.rescale_grad, nag.clip_gradient]).toEqual([0.01, 0, 0, 1, null]);
    expect(new opt.SGLD().learning_rate).toBe(0.01);
  });

  it('positional arguments follow the Python signatures; unknown keywords are rejected', () => {
    const adam = new opt.Adam(0.1, 0.5, { wd: 0.2 });
    expect([adam.learning_rate, adam.beta1, adam.wd]).toEqual([0.1, 0.5, 0.2]);
    const rms = new opt.RMSProp(0.2, 0.8, 0.7, 1e-6, true, 2);
    expect([rms.learning_rate, rms.gamma1, rms.gamma2, rms.epsilon, rms.centered, rms.clip_weights]).toEqual([0.2, 0.8, 0.7, 1e-6, true, 2]);
    expect(new opt.AdaDelta(0.5, 1e-3).rho).toBe(0.5);
    expect(new opt.AdaGrad(1e-3).float_stable_eps).toBe(1e-3);
    expect(new opt.NAG(0.9).momentum).toBe(0.9);
    expect(() => opt.create('adam', { beta3: 1 })).toThrow(/Adam\(\) got an unexpected keyword argument 'beta3'/);
    expect(() => new opt.SGLD(0.1)).toThrow(/SGLD\(\) takes at most 0 positional arguments/);
  });

  it('Adam and RMSProp pass their own lr default up, replacing a scheduler base_lr; AdaGrad keeps it', () => {
    const cap = new CaptureLogger();
    const prev = setLogger(cap);
    try {
      const sched = new FactorScheduler(10, { base_lr: 0.5 });
      const adam = opt.create('adam', { lr_scheduler: sched });
      expect(sched.base_lr).toBe(0.001);
      expect(adam.learning_rate).toBe(0.001);
      expect(cap.messages('warning')).toHaveLength(1);
      expect(opt.create('rmsprop', { lr_scheduler: new FactorScheduler(10, { base_lr: 0.5 }) }).learning_rate).toBe(0.001);
      expect(opt.create('adam', { lr_scheduler: new FactorScheduler(10, { base_lr: 0.5 }), learning_rate: 0.5 }).learning_rate).toBe(0.5);
      for (const name of ['adagrad', 'adadelta', 'nag', 'sgld']) {
        expect(opt.create(name, { lr_scheduler: new FactorScheduler(10, { base_lr: 0.5 }) }).learning_rate).toBe(0.5);
      }
    } finally {
      setLogger(prev);
    }
  });
});

describe('states', () => {
  it('create_state layouts: NAG mom or None, SGLD None, Adam (mean, var), AdaGrad history, RMSProp (n,) / (n, g, delta), AdaDelta (acc_g, acc_delta)', () => {
    const w = zeros([2, 3]);
    const layout = (o: opt.Optimizer) => {
      const s = o.create_state(0, w);
      const shape = s === null ? null : s instanceof NDArray ? 'array' : (s as NDArray[]).length;
      stateList(s).forEach((a) => {
        expect(a.shape).toEqual([2, 3]);
        expect(vals(a).every((v) => v === 0)).toBe(true);
        a.dispose();
      });
      return shape;
    };
    expect(layout(new opt.NAG())).toBeNull();
    expect(layout(new opt.NAG(0.9))).toBe('array');
    expect(layout(new opt.SGLD())).toBeNull();
    expect(layout(new opt.Adam())).toBe(2);
    expect(layout(new opt.AdaGrad())).toBe('array');
    expect(layout(new opt.RMSProp())).toBe(1);
    expect(layout(new opt.RMSProp({ centered: true }))).toBe(3);
    expect(layout(new opt.AdaDelta())).toBe(2);
    w.dispose();
  });
});

describe('clip_gradient = 0: truthy rule (NAG, Adam, RMSProp) vs not-None rule (SGLD, AdaGrad, AdaDelta)', () => {
  const step = (name: string, kwargs: Record<string, unknown>) => {
    const o = opt.create(name, { learning_rate: 1, clip_gradient: 0, ...kwargs });
    const w = array([0.5, -0.5]), g = array([5, -7]);
    const s = o.create_state(0, w);
    o.update(0, w, g, s);
    const out = vals(w);
    [w, g, ...stateList(s)].forEach((a) => a.dispose());
    return out;
  };
  it('0 means "no clipping" for the truthy optimizers', () => {
    expect(step('nag', {})).toEqual([0.5 - 5, -0.5 + 7]);
    // The first Adam step moves each weight by about lr against the gradient (unclipped: |g| >> 0);
    // 1e-4 because MXNet's float32 (1 - beta2) is off by 1.3e-5 relative.
    step('adam', {}).forEach((v, i) => expect(Math.abs(v - [0.5, -0.5][i]!)).toBeCloseTo(1, 4));
    step('rmsprop', {}).forEach((v, i) => expect(Math.abs(v - [0.5, -0.5][i]!)).toBeGreaterThan(1));
  });
  it('0 zeroes every gradient for the not-None optimizers', () => {
    expect(step('adagrad', {})).toEqual([0.5, -0.5]);
    expect(step('adadelta', {})).toEqual([0.5, -0.5]);
    // SGLD: only the noise moves the weight, so two seeded runs with different gradients agree
    random.seed(5);
    const a = step('sgld', {});
    random.seed(5);
    const o = opt.create('sgld', { learning_rate: 1, clip_gradient: 0 });
    const w = array([0.5, -0.5]), g = array([-100, 100]);
    o.update(0, w, g, null);
    expect(vals(w)).toEqual(a);
    [w, g].forEach((x) => x.dispose());
  });
});

describe('Adam bias correction', () => {
  it('t is the per-index update count (plus begin_num_update), not the global num_update', () => {
    for (const begin of [0, 10]) {
      const o = opt.create('adam', { learning_rate: 0.1, begin_num_update: begin });
      const init = [Array.from(randomArray(6, 1)), Array.from(randomArray(6, 2))];
      const ws = init.map((v) => array(v));
      const ss = ws.map((w, i) => o.create_state(i, w) as NDArray[]);
      const ref = init.map((v) => ({ w: [...v], m: new Array<number>(6).fill(0), v: new Array<number>(6).fill(0), t: begin }));
      for (const idx of [0, 0, 0, 1, 0, 1]) {
        const gv = Array.from(randomArray(6, 50 + idx + ref[idx]!.t));
        const g = array(gv);
        o.update(idx, ws[idx]!, g, ss[idx]!);
        g.dispose();
        const r = ref[idx]!;
        r.t++;
        adamStep(r.w, gv, r.m, r.v, { lr: 0.1, wd: 0, rescale: 1, clip: null, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, t: r.t });
      }
      ws.forEach((w, i) => expect(maxViolation(w._dataSync(), ref[i]!.w, 1e-6, 2e-5)).toBeLessThanOrEqual(1));
      expect(o.num_update).toBe(begin + 4);
      [...ws, ...ss.flat()].forEach((a) => a.dispose());
    }
  });
});

describe('AdaDelta quirks', () => {
  it('rescales the caller gradient in place (not clipped) and ignores the learning rate', () => {
    const run = (lr: number) => {
      const o = opt.create('adadelta', { learning_rate: lr, rescale_grad: 0.5, clip_gradient: 1 });
      const w = array([1, 2, 3]), g = array([4, -6, 0.5]);
      const s = o.create_state(0, w);
      o.update(0, w, g, s);
      const out = { w: vals(w), g: vals(g) };
      [w, g, ...stateList(s)].forEach((a) => a.dispose());
      return out;
    };
    const a = run(0.01), b = run(100);
    expect(a.g).toEqual([2, -3, 0.25]);
    expect(b.w).toEqual(a.w);
    expect(a.w).not.toEqual([1, 2, 3]);
  });
});

describe('SGLD noise', () => {
  it('is N(0, sqrt(lr)) around the drift, fresh every update, reproducible under mx.random.seed', () => {
    const n = 20000, lr = 0.25;
    const draw = (seed: number) => {
      random.seed(seed);
      const o = opt.create('sgld', { learning_rate: lr });
      const w = zeros([n]), g = zeros([n]);
      o.update(0, w, g, null);
      const first = vals(w);
      o.update(0, w, g, null);
      const second = vals(w).map((v, i) => v - first[i]!);
      [w, g].forEach((a) => a.dispose());
      return { first, second };
    };
    const { first, second } = draw(3);
    for (const x of [first, second]) {
      const mean = x.reduce((a, b) => a + b, 0) / n;
      const sd = Math.sqrt(x.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
      expect(Math.abs(mean)).toBeLessThan(5 * 0.5 / Math.sqrt(n));
      expect(Math.abs(sd - 0.5)).toBeLessThan(0.02);
    }
    expect(second).not.toEqual(first);
    expect(draw(3).first).toEqual(first);
    expect(draw(4).first).not.toEqual(first);
  });
});

describe('with the Updater', () => {
  it('tuple states are created lazily, snapshotted and restored so training resumes exactly', () => {
    const make = () => opt.get_updater(opt.create('rmsprop', { learning_rate: 0.05, centered: true }));
    const a = make();
    const w1 = array([1, -1, 0.5]), w2 = array([1, -1, 0.5]);
    const g = array([0.3, 0.2, -0.4]);
    a(0, g, w1);
    expect(stateList(a.states.get(0)!)).toHaveLength(3);
    const snap = a.get_states();
    const b = make();
    b.set_states(snap);
    w2.set(w1);
    a(0, g, w1);
    b(0, g, w2);
    expect(vals(w2)).toEqual(vals(w1));
    [a, b].forEach((u) => u.dispose());
    [w1, w2, g].forEach((x) => x.dispose());
  });
});

describe('errors', () => {
  it('lists of indices, missing or mismatched states name the optimizer and parameter', () => {
    const w = array([1, 2]), g = array([1, 1]), other = zeros([3]);
    expect(() => opt.create('adam').update([0], [w], [g], [null])).toThrow(/Adam.update takes one parameter at a time/);
    expect(() => opt.create('adam').update(4, w, g, null)).toThrow(/Adam: parameter 4 needs a state of 2 NDArray\(s\) from create_state, got None/);
    expect(() => opt.create('rmsprop', { centered: true }).update(0, w, g, [zeros([2])]))
      .toThrow(/RMSProp: parameter 0 needs a state of 3 NDArray\(s\) from create_state, got a tuple of 1/);
    expect(() => opt.create('adagrad').update('fc_weight', w, g, other))
      .toThrow(/AdaGrad: parameter fc_weight: state \(3,\) on cpu\(0\) does not match the weight \(2,\) on cpu\(0\)/);
    expect(() => opt.create('nag').update(0, w, other, null)).toThrow(/weight \(2,\) and grad \(3,\) differ in shape/);
    [w, g, other].forEach((x) => x.dispose());
  });
});
