import type { ParsedParams } from '../../src/ops/params.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { initWasmBackend } from '../../src/backends/wasm/init.js';
import * as mx from '../../src/index.js';
import { array, empty } from '../../src/ndarray/create.js';
import type { NDArray } from '../../src/ndarray/ndarray.js';
import type { OpContext } from '../../src/ops/registry.js';
import { dot, expectClose, numericGrad, OpHarness, rand } from './helpers.js';

beforeAll(async () => { await initWasmBackend(); });

const EPS = 1e-3;

/** operators.md §2.4 in float64 over a [outer, C, inner] view; batch stats or the given moving ones. */
function bnRef(x: Float64Array, g: Float64Array, b: Float64Array, view: [number, number, number], stats: { mean: Float64Array; vari: Float64Array } | null, eps = EPS) {
  const [O, C, I] = view;
  const m = O * I;
  const mean = new Float64Array(C), vari = new Float64Array(C);
  for (let c = 0; c < C; c++) {
    if (stats) { mean[c] = stats.mean[c]!; vari[c] = stats.vari[c]!; continue; }
    let s = 0;
    for (let o = 0; o < O; o++) for (let i = 0; i < I; i++) s += x[(o * C + c) * I + i]!;
    mean[c] = s / m;
    let v = 0;
    for (let o = 0; o < O; o++) for (let i = 0; i < I; i++) v += (x[(o * C + c) * I + i]! - mean[c]!) ** 2;
    vari[c] = v / m;
  }
  const y = new Float64Array(x.length);
  for (let o = 0; o < O; o++) for (let c = 0; c < C; c++) for (let i = 0; i < I; i++) {
    const k = (o * C + c) * I + i;
    y[k] = ((x[k]! - mean[c]!) / Math.sqrt(vari[c]! + eps)) * g[c]! + b[c]!;
  }
  return { y, mean, vari };
}

interface BNRun { out: Float32Array[]; grads: (Float32Array | null)[]; after: Float32Array[] }

/** Runs BatchNorm's forward (and backward if og) directly, returning outputs, gradients and the inputs afterwards. */
function runBN(params: ParsedParams, shape: number[], ins: Float64Array[], isTrain: boolean, og?: Float64Array): BNRun {
  const op = new OpHarness('BatchNorm', params);
  const live: NDArray[] = [];
  const keep = (a: NDArray) => { live.push(a); return a; };
  try {
    const inf = op.def.inferShape(op.p, [shape, undefined, undefined, undefined, undefined], 'bn');
    const inputs = ins.map((d, i) => keep(array(d, { shape: inf.inputs[i]! })));
    const outs = inf.outputs.map((s) => keep(empty(s!)));
    const ctx: OpContext = { backend: inputs[0]!.backend, isTrain, temp: (s) => keep(empty([...s])) };
    op.def.forward(ctx, op.p, inputs, outs);
    let grads: (Float32Array | null)[] = [];
    if (og) {
      const g = inputs.map((x, i) => (i < 3 ? keep(empty(x.shape)) : null));
      op.def.backward!(ctx, op.p, [keep(array(og, { shape })), undefined, undefined], inputs, outs, g);
      grads = g.map((a) => (a ? a._dataSync() : null));
    }
    return { out: outs.map((o) => o._dataSync()), grads, after: inputs.map((a) => a._dataSync()) };
  } finally {
    for (const a of live) a.dispose();
  }
}

const shape = [3, 4, 2, 3];
const view: [number, number, number] = [3, 4, 6];
const n = 72;
const x = rand(n, 21, -2, 3), gamma = rand(4, 22, 0.5, 1.5), beta = rand(4, 23), mm = rand(4, 24), mv = rand(4, 25, 0.5, 2);
const og = rand(n, 26);

describe('BatchNorm', () => {
  it('declares 5 inputs (2 aux with zero/one init) and 3 outputs, 1 visible', () => {
    const op = new OpHarness('BatchNorm');
    expect(op.def.inputNames(op.p)).toEqual(['data', 'gamma', 'beta', 'moving_mean', 'moving_var']);
    expect(op.def.numAux!(op.p)).toBe(2);
    expect(op.def.outputNames(op.p)).toEqual(['output', 'mean', 'var']);
    expect(op.def.numVisibleOutputs!(op.p)).toBe(1);
    expect(op.def.inputInitAttrs!(op.p)).toEqual({ 3: '["zero", {}]', 4: '["one", {}]' });
    expect(new OpHarness('BatchNorm', { output_mean_var: true }).def.numVisibleOutputs!({ ...op.p, output_mean_var: true })).toBe(3);
  });

  it('training: batch statistics, var output holds invstd, gradients vs finite differences', () => {
    const r = runBN({ fix_gamma: false }, shape, [x, gamma, beta, mm, mv], true, og);
    const ref = bnRef(x, gamma, beta, view, null);
    expectClose(r.out[0]!, ref.y, 1e-4, 1e-4, 'output');
    expectClose(r.out[1]!, ref.mean, 1e-5, 1e-5, 'mean');
    expectClose(r.out[2]!, Array.from(ref.vari, (v) => 1 / Math.sqrt(v + EPS)), 1e-4, 1e-4, 'invstd');
    const loss = (xs: Float64Array[]) => dot(og, bnRef(xs[0]!, xs[1]!, xs[2]!, view, null).y);
    const xs = [x, gamma, beta].map((a) => Float64Array.from(a));
    ['data', 'gamma', 'beta'].forEach((name, i) => expectClose(r.grads[i]!, numericGrad(loss, xs, i), 2e-3, 2e-3, `d${name}`));
  });

  it('moving statistics change in backward only, with the biased batch variance', () => {
    const fwdOnly = runBN({ fix_gamma: false, momentum: 0.8 }, shape, [x, gamma, beta, mm, mv], true);
    expectClose(fwdOnly.after[3]!, mm, 0, 0, 'moving_mean after forward');
    expectClose(fwdOnly.after[4]!, mv, 0, 0, 'moving_var after forward');
    const r = runBN({ fix_gamma: false, momentum: 0.8 }, shape, [x, gamma, beta, mm, mv], true, og);
    const ref = bnRef(x, gamma, beta, view, null);
    expectClose(r.after[3]!, Array.from(mm, (v, c) => 0.8 * v + 0.2 * ref.mean[c]!), 1e-5, 1e-5, 'moving_mean');
    expectClose(r.after[4]!, Array.from(mv, (v, c) => 0.8 * v + 0.2 * ref.vari[c]!), 1e-4, 1e-4, 'moving_var');
  });

  it('fix_gamma (default): gamma is overwritten with 1, used as 1, and its gradient is 0', () => {
    const r = runBN({}, shape, [x, gamma, beta, mm, mv], true, og);
    expectClose(r.after[1]!, [1, 1, 1, 1], 0, 0, 'gamma after forward');
    expectClose(r.out[0]!, bnRef(x, Float64Array.from([1, 1, 1, 1]), beta, view, null).y, 1e-4, 1e-4, 'output');
    expectClose(r.grads[1]!, [0, 0, 0, 0], 0, 0, 'dgamma');
  });

  it('inference uses the moving statistics; gradient treats them as constants', () => {
    const r = runBN({ fix_gamma: false }, shape, [x, gamma, beta, mm, mv], false, og);
    const f = (xs: Float64Array[]) => bnRef(xs[0]!, xs[1]!, xs[2]!, view, { mean: mm, vari: mv }).y;
    expectClose(r.out[0]!, f([x, gamma, beta]), 1e-4, 1e-4, 'output');
    const xs = [x, gamma, beta].map((a) => Float64Array.from(a));
    expectClose(r.grads[0]!, numericGrad((v) => dot(og, f(v)), xs, 0), 1e-3, 1e-3, 'ddata');
    expectClose(r.after[3]!, mm, 0, 0, 'moving_mean unchanged');
  });

  it('use_global_stats in training: moving statistics, no update, constant-statistics gradients', () => {
    const r = runBN({ fix_gamma: false, use_global_stats: true }, shape, [x, gamma, beta, mm, mv], true, og);
    const f = (xs: Float64Array[]) => bnRef(xs[0]!, xs[1]!, xs[2]!, view, { mean: mm, vari: mv }).y;
    expectClose(r.out[0]!, f([x, gamma, beta]), 1e-4, 1e-4, 'output');
    const xs = [x, gamma, beta].map((a) => Float64Array.from(a));
    ['data', 'gamma', 'beta'].forEach((name, i) => expectClose(r.grads[i]!, numericGrad((v) => dot(og, f(v)), xs, i), 1e-3, 1e-3, `d${name}`));
    expectClose(r.after[3]!, mm, 0, 0, 'moving_mean unchanged');
    expectClose(r.after[4]!, mv, 0, 0, 'moving_var unchanged');
  });

  it('axis=-1 and eps: channels on the last axis of (N, C) data', () => {
    const x2 = rand(24, 31), g2 = rand(6, 32, 0.5, 1.5), b2 = rand(6, 33), og2 = rand(24, 34);
    const r = runBN({ fix_gamma: false, axis: -1, eps: 0.01 }, [4, 6], [x2, g2, b2, rand(6, 35), rand(6, 36, 1, 2)], true, og2);
    const f = (xs: Float64Array[]) => bnRef(xs[0]!, xs[1]!, xs[2]!, [4, 6, 1], null, 0.01).y;
    expectClose(r.out[0]!, f([x2, g2, b2]), 1e-4, 1e-4, 'output');
    expectClose(r.grads[0]!, numericGrad((v) => dot(og2, f(v)), [x2, g2, b2].map((a) => Float64Array.from(a)), 0), 2e-3, 2e-3, 'ddata');
  });
});

describe('BatchNorm in a bound graph', () => {
  it('the executor updates the aux moving statistics in backward, not in forward', () => {
    const data = mx.symbol.Variable('data');
    const bn = mx.symbol.BatchNorm(data, { name: 'bn', fix_gamma: false });
    const net = mx.symbol.SoftmaxOutput(mx.symbol.FullyConnected(bn, { name: 'fc', num_hidden: 3 }), { name: 'softmax' });
    expect(net.list_auxiliary_states()).toEqual(['bn_moving_mean', 'bn_moving_var']);
    const ex = net.simple_bind(mx.cpu(), { data: [3, 4, 2, 3] });
    ex.arg_dict.data!.set(x);
    ex.arg_dict.bn_gamma!.set(gamma);
    ex.arg_dict.fc_weight!.set(rand(3 * 24, 27));
    ex.aux_dict.bn_moving_mean!.set(0);
    ex.aux_dict.bn_moving_var!.set(1);
    ex.forward(true);
    expectClose(ex.aux_dict.bn_moving_mean!._dataSync(), [0, 0, 0, 0], 0, 0, 'after forward');
    ex.backward();
    const ref = bnRef(x, gamma, beta, view, null);
    expectClose(ex.aux_dict.bn_moving_mean!._dataSync(), Array.from(ref.mean, (m) => 0.1 * m), 1e-6, 1e-5, 'moving_mean');
    expectClose(ex.aux_dict.bn_moving_var!._dataSync(), Array.from(ref.vari, (v) => 0.9 + 0.1 * v), 1e-5, 1e-5, 'moving_var');
    ex.dispose();
  });
});
