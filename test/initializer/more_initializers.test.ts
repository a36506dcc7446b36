// Xavier / MSRAPrelu fan-in/out and scales (incl. conv kernels), Orthogonal as the SVD factor of its own
// draw, Bilinear, LSTMBias, Load (dict, bytes, fallback, shape check) and Mixed's re.match rule.
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { initWasmBackend } from '../../src/backends/wasm/init.js';
import { cpu } from '../../src/context.js';
import * as init from '../../src/initializer/index.js';
import { CaptureLogger, setLogger } from '../../src/logging.js';
import { array, full } from '../../src/ndarray/create.js';
import type { NDArray } from '../../src/ndarray/ndarray.js';
import { save } from '../../src/ndarray/serialize.js';
import { seed, uniform } from '../../src/random.js';

beforeAll(async () => {
  await initWasmBackend();
});

function initValues(ini: init.InitializerLike, name: string, shape: number[]): number[] {
  const a = full(shape, 7.5);
  try {
    init.callInitializer(ini, name, a);
    return Array.from(a._dataSync());
  } finally {
    a.dispose();
  }
}

function variance(v: number[]): number {
  const mean = v.reduce((s, x) => s + x, 0) / v.length;
  return v.reduce((s, x) => s + (x - mean) ** 2, 0) / v.length;
}

describe('Xavier and MSRAPrelu', () => {
  // Conv weight (F=64, C=32, 3, 3): fan_in = 32·9, fan_out = 64·9.
  const conv = [64, 32, 3, 3];
  const fanIn = 32 * 9, fanOut = 64 * 9;
  const cases: [string, init.Xavier, number, 'uniform' | 'gaussian'][] = [
    ['avg uniform', new init.Xavier(), Math.sqrt(3 / ((fanIn + fanOut) / 2)), 'uniform'],
    ['in gaussian', new init.Xavier({ rnd_type: 'gaussian', factor_type: 'in', magnitude: 2 }), Math.sqrt(2 / fanIn), 'gaussian'],
    ['out uniform', new init.Xavier('uniform', 'out', 6), Math.sqrt(6 / fanOut), 'uniform'],
    ['MSRAPrelu', new init.MSRAPrelu(), Math.sqrt(2 / (1 + 0.25 ** 2) / ((fanIn + fanOut) / 2)), 'gaussian'],
  ];
  for (const [label, x, scale, kind] of cases) {
    it(`${label}: spread matches sqrt(magnitude / factor) = ${scale.toFixed(4)}`, () => {
      seed(99);
      const v = initValues(x, 'conv0_weight', conv);
      const want = kind === 'uniform' ? (scale * scale) / 3 : scale * scale;
      // 18432 samples: the sample variance is within a few percent (>5 sd margin at 5 %).
      expect(Math.abs(variance(v) / want - 1)).toBeLessThan(0.05);
      if (kind === 'uniform') expect(Math.max(...v.map(Math.abs))).toBeLessThanOrEqual(scale);
    });
  }

  it('an FC weight (out, in) uses fan_in = in; vectors are rejected', () => {
    seed(1);
    const v = initValues(new init.Xavier({ factor_type: 'in', magnitude: 3 }), 'fc_weight', [400, 25]);
    expect(Math.max(...v.map(Math.abs))).toBeLessThanOrEqual(Math.sqrt(3 / 25));
    expect(Math.max(...v.map(Math.abs))).toBeGreaterThan(0.95 * Math.sqrt(3 / 25));
    expect(() => initValues(new init.Xavier(), 'fc_weight', [10])).toThrow(/cannot be applied to vector fc_weight/);
    expect(() => initValues(new init.Xavier({ factor_type: 'mean' }), 'w_weight', [2, 2])).toThrow(/Incorrect factor type/);
    // biases still take the base rule
    expect(initValues(new init.Xavier(), 'fc_bias', [3])).toEqual([0, 0, 0]);
  });

  it('dumps keep the constructor keywords', () => {
    expect(new init.Xavier().dumps()).toBe('["xavier", {"rnd_type": "uniform", "factor_type": "avg", "magnitude": 3}]');
    expect(new init.MSRAPrelu().dumps()).toBe('["msraprelu", {"factor_type": "avg", "slope": 0.25}]');
    expect(init.create(new init.MSRAPrelu('in', 0.1).dumps())).toBeInstanceOf(init.MSRAPrelu);
  });
});

/** Row-major product of A (m×k) and B (k×n). */
function matmul(a: ArrayLike<number>, b: ArrayLike<number>, m: number, k: number, n: number): number[] {
  const out = new Array<number>(m * n).fill(0);
  for (let i = 0; i < m; i++) for (let j = 0; j < n; j++) for (let t = 0; t < k; t++) out[i * n + j]! += a[i * k + t]! * b[t * n + j]!;
  return out;
}
function transpose(a: ArrayLike<number>, m: number, n: number): number[] {
  return Array.from({ length: m * n }, (_, idx) => a[(idx % m) * n + Math.floor(idx / m)]!);
}
function expectIdentity(g: number[], n: number, scale2: number, tol: number): void {
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(Math.abs(g[i * n + j]! - (i === j ? scale2 : 0))).toBeLessThan(tol);
}

describe('Orthogonal', () => {
  it('nout >= nin: scaled u of the SVD of its own U(-1, 1) draw', () => {
    const [nout, nin] = [7, 4];
    seed(2024);
    const w = initValues(new init.Orthogonal(), 'q_weight', [nout, nin]);
    seed(2024);
    const drawArr = uniform(-1, 1, { shape: [nout, nin], ctx: cpu() });
    const t = Array.from(drawArr._dataSync());
    drawArr.dispose();
    const u = w.map((x) => x / 1.414);
    expectIdentity(matmul(transpose(u, nout, nin), u, nin, nout, nin), nin, 1, 2e-6);
    // Uᵀ·T = S·Vᵀ has orthogonal rows with decreasing norms (numpy's order), and U·Uᵀ·T = T.
    const svt = matmul(transpose(u, nout, nin), t, nin, nout, nin);
    const gram = matmul(svt, transpose(svt, nin, nin), nin, nin, nin);
    for (let i = 0; i < nin; i++) for (let j = 0; j < nin; j++) if (i !== j) expect(Math.abs(gram[i * nin + j]!)).toBeLessThan(1e-5);
    for (let i = 1; i < nin; i++) expect(gram[i * nin + i]!).toBeLessThanOrEqual(gram[(i - 1) * nin + (i - 1)]! + 1e-9);
    const back = matmul(u, svt, nout, nin, nin);
    back.forEach((x, i) => expect(Math.abs(x - t[i]!)).toBeLessThan(1e-5));
  });

  it('nout < nin (conv weight): orthonormal rows times scale', () => {
    seed(3);
    const w = initValues(new init.Orthogonal({ scale: 2, rand_type: 'normal' }), 'c_weight', [4, 2, 3]);
    expectIdentity(matmul(w, transpose(w, 4, 6), 4, 6, 4), 4, 4, 1e-5);
    expect(() => initValues(new init.Orthogonal({ rand_type: 'cauchy' }), 'c_weight', [2, 2])).toThrow(/rand_type/);
  });
});

describe('Bilinear and LSTMBias', () => {
  it('Bilinear fills any weight name with the upsampling kernel', () => {
    const k = [0.25, 0.75, 0.75, 0.25];
    expect(initValues(init.create('bilinear'), 'deconv_weight', [1, 1, 4, 4])).toEqual(k.flatMap((a) => k.map((b) => Math.fround(a * b))));
  });

  it('LSTMBias sets the forget-gate quarter only', () => {
    const b = new init.LSTMBias(2.5);
    expect(initValues(b, 'lstm_weight', [8])).toEqual([0, 0, 2.5, 2.5, 0, 0, 0, 0]);
  });
});

describe('Load', () => {
  it('copies by name (arg:/aux: stripped), falls back to default_init, checks shapes, logs when verbose', () => {
    const w = array([1, 2, 3, 4], { shape: [2, 2] }), m = array([5, 6]);
    const cap = new CaptureLogger();
    const prev = setLogger(cap);
    try {
      const l = new init.Load({ 'arg:fc_weight': w, 'aux:bn_moving_mean': m }, new init.One(), true);
      expect(initValues(l, 'fc_weight', [2, 2])).toEqual([1, 2, 3, 4]);
      expect(initValues(l, 'bn_moving_mean', [2])).toEqual([5, 6]);
      expect(initValues(l, 'fc2_weight', [3])).toEqual([1, 1, 1]);
      expect(cap.messages()).toEqual(['Initialized fc_weight by loading', 'Initialized bn_moving_mean by loading', 'Initialized fc2_weight by default']);
      expect(() => initValues(l, 'fc_weight', [4])).toThrow('Parameter fc_weight cannot be initialized from loading. Shape mismatch, target (4,) vs loaded (2, 2)');
      expect(() => initValues(new init.Load(new Map([['a', w]])), 'b', [1])).toThrow(/Cannot Initialize b. Not found in loaded param/);
      expect(() => new init.Load('/nonexistent/model-0001.params')).toThrow(/cannot read \/nonexistent\/model-0001.params/);
    } finally {
      setLogger(prev);
    }
    w.dispose();
    m.dispose();
  });

  it('reads a .params file by name (as MXNet does) or from its bytes', async () => {
    const file = join(tmpdir(), `mxjs-load-${process.pid}.params`);
    const w = array([9, 8]);
    await save(file, { 'arg:x_weight': w });
    const l = new init.Load(readFileSync(file));
    expect(initValues(l, 'x_weight', [2])).toEqual([9, 8]);
    l.dispose();
    const byName = new init.Load(file);
    expect(initValues(byName, 'x_weight', [2])).toEqual([9, 8]);
    byName.dispose();
    rmSync(file);
    w.dispose();
  });
});

describe('Mixed', () => {
  it('tries patterns in order with re.match (anchored at the start only)', () => {
    const mixed = new init.Mixed(['.*bias', 'bias', '.*'], [new init.Zero(), new init.Constant(3), new init.One()]);
    expect(initValues(mixed, 'fc1_bias', [2])).toEqual([0, 0]);
    expect(initValues(mixed, 'fc1_weight', [2])).toEqual([1, 1]);
    // 'bias' does not match 'fc1_bias' (no search), but matches a name that starts with it.
    const strict = new init.Mixed(['bias'], [(_: string, a: NDArray) => a.set(4)]);
    expect(initValues(strict, 'bias_of_x', [1])).toEqual([4]);
    expect(() => initValues(strict, 'fc1_bias', [1])).toThrow(/fc1_bias did not match any pattern/);
    expect(() => new init.Mixed(['a'], [])).toThrow(/same length/);
  });
});
