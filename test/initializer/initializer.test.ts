// mx.init against api-semantics §5: the legacy name dispatch FeedForward uses (bias before weight,
// BN statistics, stn_loc, upsampling → bilinear), the InitDesc path (`__init__` wins), base-class
// defaults kept by subclasses, Uniform/Normal statistics under a fixed seed, dumps() and create().
import { beforeAll, describe, expect, it } from 'vitest';
import { initWasmBackend } from '../../src/backends/wasm/init.js';
import * as init from '../../src/initializer/index.js';
import { pyJsonDumps } from '../../src/initializer/dumps.js';
import { full } from '../../src/ndarray/create.js';
import type { NDArray } from '../../src/ndarray/ndarray.js';
import { seed } from '../../src/random.js';

beforeAll(async () => {
  await initWasmBackend();
});

/** A parameter pre-filled with a sentinel so an untouched array is noticed. */
const param = (shape: number[]) => full(shape, 7.5);
const values = (a: NDArray) => Array.from(a._dataSync());

function runInit(ini: init.Initializer | ((n: string, a: NDArray) => void), name: string | init.InitDesc, shape: number[]): number[] {
  const a = param(shape);
  try {
    if (typeof ini === 'function') ini(String(name), a);
    else ini.__call__(name, a);
    return values(a);
  } finally {
    a.dispose();
  }
}

const constant = (v: number, n: number) => Array.from({ length: n }, () => v);

function stats(v: number[]): { mean: number; variance: number; min: number; max: number } {
  const mean = v.reduce((s, x) => s + x, 0) / v.length;
  const variance = v.reduce((s, x) => s + (x - mean) ** 2, 0) / v.length;
  return { mean, variance, min: Math.min(...v), max: Math.max(...v) };
}

describe('legacy (string name) dispatch', () => {
  const u = new init.Uniform(0.5);
  const table: [string, number][] = [
    ['fc1_bias', 0], ['bn0_gamma', 1], ['bn0_beta', 0], ['bn0_moving_mean', 0], ['bn0_moving_var', 1],
    ['bn0_moving_inv_var', 0], ['ema_moving_avg', 0], ['quant_min', 0], ['quant_max', 1], ['stn_loc_weight', 0],
    ['prelu0_gamma', 1], // FeedForward gives a prelu gamma 1.0 (Module's __init__ attr would give 0.25)
  ];
  for (const [name, v] of table) {
    it(`${name} → ${v}`, () => {
      expect(runInit(u, name, [3, 2])).toEqual(constant(v, 6));
    });
  }

  it('weights are drawn by the subclass, inside [-scale, scale)', () => {
    const v = runInit(u, 'fc1_weight', [40, 50]);
    expect(Math.min(...v)).toBeGreaterThanOrEqual(-0.5);
    expect(Math.max(...v)).toBeLessThan(0.5);
    expect(new Set(v).size).toBeGreaterThan(1900);
  });

  it('stn_loc bias is the identity transform; names are checked before the plain bias rule', () => {
    expect(runInit(u, 'stn_loc_bias', [6])).toEqual([1, 0, 0, 0, 1, 0]);
  });

  it('upsampling weights get the bilinear kernel, replicated over filters and channels', () => {
    // test_bilinear_init: a 4×4 kernel is outer([1/4, 3/4, 3/4, 1/4]).
    const k = [0.25, 0.75, 0.75, 0.25];
    const outer = k.flatMap((a) => k.map((b) => Math.fround(a * b)));
    expect(runInit(u, 'upsampling0_weight', [1, 1, 4, 4])).toEqual(outer);
    expect(runInit(u, 'upsampling0_weight', [2, 3, 4, 4])).toEqual(Array.from({ length: 6 }, () => outer).flat());
    // Odd width 3: f = 2, c = (4 - 1 - 0) / 4 = 0.75 (and f comes from the width for both axes).
    const f = 2, c = 0.75;
    const w3 = [0, 1, 2].map((x) => 1 - Math.abs(x / f - c));
    const h2 = [0, 1].map((y) => 1 - Math.abs(y / f - c));
    expect(runInit(u, 'upsampling_w', [1, 1, 2, 3])).toEqual(h2.flatMap((a) => w3.map((b) => Math.fround(a * b))));
  });

  it('an unknown name is an error naming it', () => {
    expect(() => runInit(u, 'mystery', [2])).toThrow(/Unknown initialization pattern for mystery/);
  });

  it('subclasses keep the base defaults: One() still zeroes biases, Constant(5) leaves gamma at 1', () => {
    expect(runInit(new init.One(), 'fc_bias', [3])).toEqual([0, 0, 0]);
    expect(runInit(new init.One(), 'fc_weight', [3])).toEqual([1, 1, 1]);
    expect(runInit(new init.Constant(5), 'bn_gamma', [2])).toEqual([1, 1]);
    expect(runInit(new init.Constant(5), 'fc_weight', [2])).toEqual([5, 5]);
    expect(runInit(new init.Zero(), 'fc_weight', [2])).toEqual([0, 0]);
  });
});

describe('InitDesc dispatch', () => {
  it('an __init__ attribute wins for any name', () => {
    const d = new init.InitDesc('fc1_bias', { attrs: { __init__: '["constant", {"value": 4}]' } });
    expect(runInit(new init.Uniform(), d, [3])).toEqual([4, 4, 4]);
    // BN aux states carry their own zero/one __init__ in Module.
    expect(runInit(new init.Uniform(), new init.InitDesc('bn_moving_var', { attrs: { __init__: '["one", {}]' } }), [2])).toEqual([1, 1]);
  });

  it('without __init__ the suffix rules apply and the global initializer is recorded', () => {
    const u = new init.Uniform();
    const d = new init.InitDesc('fc_weight');
    const v = runInit(u, d, [100]);
    expect(Math.max(...v.map(Math.abs))).toBeLessThanOrEqual(0.07);
    expect(d.global_init).toBe(u);
    expect(runInit(u, new init.InitDesc('x_gamma'), [2])).toEqual([1, 1]);
    expect(runInit(u, new init.InitDesc('x_min'), [2])).toEqual([0, 0]);
    expect(runInit(u, new init.InitDesc('x_max'), [2])).toEqual([1, 1]);
    // The InitDesc path has no moving_var rule: without an __init__ attribute it is unknown.
    expect(() => runInit(u, new init.InitDesc('bn_moving_var'), [2])).toThrow(/Unknown initialization pattern/);
  });
});

describe('random initializers', () => {
  it('Uniform(scale): bounds, mean and variance s²/3, reproducible with a seed', () => {
    const s = 0.2, n = 100_000;
    seed(123);
    const v = runInit(new init.Uniform(s), 'w_weight', [n]);
    const st = stats(v);
    expect(st.min).toBeGreaterThanOrEqual(-s);
    expect(st.max).toBeLessThan(s);
    // mean: sd = s/sqrt(3n) ≈ 3.7e-4 → 6 sd; variance within 2 % (≈ 7 sd of the sample variance).
    expect(Math.abs(st.mean)).toBeLessThan(6 * s / Math.sqrt(3 * n));
    expect(Math.abs(st.variance / (s * s / 3) - 1)).toBeLessThan(0.02);
    seed(123);
    expect(runInit(new init.Uniform(s), 'w_weight', [n])).toEqual(v);
    seed(124);
    expect(runInit(new init.Uniform(s), 'w_weight', [n])).not.toEqual(v);
  });

  it('Normal(sigma): mean 0 and variance sigma²', () => {
    const sigma = 0.5, n = 100_000;
    seed(5);
    const st = stats(runInit(new init.Normal(sigma), 'w_weight', [n]));
    expect(Math.abs(st.mean)).toBeLessThan(6 * sigma / Math.sqrt(n));
    expect(Math.abs(st.variance / (sigma * sigma) - 1)).toBeLessThan(0.03);
  });
});

describe('dumps, create, register', () => {
  it('dumps() writes Python json.dumps text', () => {
    expect(new init.Uniform().dumps()).toBe('["uniform", {"scale": 0.07}]');
    expect(new init.Normal(0.5).dumps()).toBe('["normal", {"sigma": 0.5}]');
    expect(new init.Constant(1).dumps()).toBe('["constant", {"value": 1}]');
    expect(new init.Zero().dumps()).toBe('["zero", {}]');
    expect(new init.Normal(1e-5).dumps()).toBe('["normal", {"sigma": 1e-05}]');
    expect(pyJsonDumps({ a: [true, null, 'é'] })).toBe('{"a": [true, null, "\\u00e9"]}');
  });

  it('create accepts names (any case, aliases), dicts, JSON strings and instances', () => {
    expect(init.create('uniform')).toBeInstanceOf(init.Uniform);
    expect((init.create('Uniform', 0.3) as init.Uniform).scale).toBe(0.3);
    expect(init.create('zeros')).toBeInstanceOf(init.Zero);
    expect(init.create('ones')).toBeInstanceOf(init.One);
    expect((init.create({ initializer: 'normal', sigma: 0.2 }) as init.Normal).sigma).toBe(0.2);
    expect((init.create('["constant", {"value": 3}]') as init.Constant).value).toBe(3);
    const n = new init.Normal();
    expect(init.create(n)).toBe(n);
    expect(() => init.create('xavierish')).toThrow(/xavierish is not registered/);
    expect(() => new init.Uniform({ sigma: 1 })).toThrow(/unexpected keyword argument 'sigma'/);
    // A dumps() string recreates an equal initializer.
    expect(init.create(new init.Normal(0.25).dumps()).dumps()).toBe('["normal", {"sigma": 0.25}]');
  });

  it('register makes a custom initializer creatable by its lower-cased class name', () => {
    class TenthInit extends init.Initializer {
      override _init_weight(_d: init.Desc, arr: NDArray): void {
        arr.set(0.1);
      }
      protected override _init_bias(_d: init.Desc, arr: NDArray): void {
        arr.set(1);
      }
    }
    init.register(TenthInit);
    const ti = init.create('tenthinit');
    expect(runInit(ti, 'a_weight', [2])).toEqual([Math.fround(0.1), Math.fround(0.1)]);
    expect(runInit(ti, 'a_bias', [2])).toEqual([1, 1]);
    expect(ti.dumps()).toBe('["tenthinit", {}]');
  });

  it('a plain function works where an initializer is expected (FeedForward calls it by name)', () => {
    const fn = (_name: string, arr: NDArray) => arr.set(2);
    expect(runInit(fn, 'x_weight', [2])).toEqual([2, 2]);
  });
});
