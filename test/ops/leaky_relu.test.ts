import { beforeAll, describe, expect, it } from 'vitest';
import { initWasmBackend } from '../../src/backends/wasm/init.js';
import { seed } from '../../src/random.js';
import { checkOp } from './cnn_reference.js';
import { expectClose, OpHarness, rand } from './helpers.js';

beforeAll(async () => { await initWasmBackend(); });

// erf via Abramowitz–Stegun 7.1.26 is too coarse for 1e-5; use the series / continued fraction instead.
function erf(x: number): number {
  const ax = Math.abs(x);
  if (ax < 3) {
    let sum = ax, term = ax;
    for (let n = 1; n < 60; n++) {
      term *= (-ax * ax) / n;
      sum += term / (2 * n + 1);
    }
    return Math.sign(x) * (2 / Math.sqrt(Math.PI)) * sum;
  }
  return Math.sign(x);
}

const LAMBDA = 1.0507009873554804934193349852946, ALPHA = 1.6732632423543772848170429916717;
const shape = [2, 3, 4];
const x = rand(24, 41, -2, 2);
const map = (f: (v: number) => number) => (xs: Float64Array[]) => xs[0]!.map(f);

describe('LeakyReLU', () => {
  it('leaky (default slope 0.25)', () => {
    checkOp(new OpHarness('LeakyReLU', {}), [{ shape, data: x }], map((v) => (v > 0 ? v : 0.25 * v)));
  });
  it('elu with slope', () => {
    checkOp(new OpHarness('LeakyReLU', { act_type: 'elu', slope: 0.7 }), [{ shape, data: x }], map((v) => (v > 0 ? v : 0.7 * Math.expm1(v))));
  });
  it('selu', () => {
    checkOp(new OpHarness('LeakyReLU', { act_type: 'selu' }), [{ shape, data: x }], map((v) => LAMBDA * (v > 0 ? v : ALPHA * Math.expm1(v))));
  });
  it('gelu is the exact erf form', () => {
    checkOp(new OpHarness('LeakyReLU', { act_type: 'gelu' }), [{ shape, data: x }], map((v) => 0.5 * v * (1 + erf(v / Math.SQRT2))), { atol: 1e-5 });
  });
  it('prelu: one learned slope per channel (axis 1) with its gradient; gamma init Constant 0.25', () => {
    const op = new OpHarness('LeakyReLU', { act_type: 'prelu' });
    expect(op.def.inputNames(op.p)).toEqual(['data', 'gamma']);
    expect(op.def.inputInitAttrs!(op.p)).toEqual({ 1: '["Constant", {"value": 0.25}]' });
    expect(op.def.inferShape(op.p, [shape, undefined], 'p').inputs[1]).toEqual([3]);
    const gamma = rand(3, 42, 0.1, 0.5);
    checkOp(op, [{ shape, data: x }, { shape: [3], data: gamma }], (xs) => xs[0]!.map((v, i) => {
      const c = Math.floor(i / 4) % 3;
      return v > 0 ? v : xs[1]![c]! * v;
    }));
  });
  it('rrelu: training draws slopes in [lower, upper) into the visible mask; inference uses their mean', () => {
    const op = new OpHarness('LeakyReLU', { act_type: 'rrelu', lower_bound: 0.1, upper_bound: 0.3 });
    expect(op.def.outputNames(op.p)).toEqual(['output', 'mask']);
    expect(op.def.numVisibleOutputs?.(op.p) ?? 2).toBe(2);
    seed(5);
    const og = rand(24, 43);
    const r = op.run([{ shape, data: x }], { isTrain: true, outGrads: [og] });
    const mask = r.outputs[1]!;
    for (const m of mask) expect(m >= 0.1 && m < 0.3, `slope ${m}`).toBe(true);
    expectClose(r.outputs[0]!, Array.from(x, (v, i) => (v > 0 ? v : mask[i]! * v)), 1e-6, 1e-6, 'train output');
    expectClose(r.grads[0]!, Array.from(x, (v, i) => og[i]! * (v > 0 ? 1 : mask[i]!)), 1e-6, 1e-6, 'train grad');
    const inf = op.run([{ shape, data: x }], { isTrain: false });
    expectClose(inf.outputs[0]!, Array.from(x, (v) => (v > 0 ? v : 0.2 * v)), 1e-6, 1e-6, 'inference output');
  });
  it('rejects a prelu gamma of the wrong shape', () => {
    const op = new OpHarness('LeakyReLU', { act_type: 'prelu' });
    expect(() => op.def.inferShape(op.p, [shape, [4]], 'pr')).toThrow(/LeakyReLU pr: prelu gamma shape \(4\) must be \(3,\)/);
  });
});
