import { beforeAll, describe, expect, it } from 'vitest';
import { initWasmBackend } from '../../src/backends/wasm/init.js';
import { expectClose, numericGrad, OpHarness, rand } from './helpers.js';

beforeAll(async () => { await initWasmBackend(); });

/** Float64 softmax along the middle axis of an [outer, C, inner] view. */
function softmax(x: ArrayLike<number>, outer: number, C: number, inner: number): Float64Array {
  const y = new Float64Array(x.length);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const at = (c: number) => (o * C + c) * inner + i;
      let m = -Infinity;
      for (let c = 0; c < C; c++) m = Math.max(m, x[at(c)]!);
      let s = 0;
      for (let c = 0; c < C; c++) s += Math.exp(x[at(c)]! - m);
      for (let c = 0; c < C; c++) y[at(c)] = Math.exp(x[at(c)]! - m) / s;
    }
  }
  return y;
}

/**
 * Per-element targets for integer labels (label[o*inner+i] picks the class): one-hot, or 1−a / a/(C−1)
 * with smoothing; positions whose label equals `ignore` get an all-zero target and weight 0.
 */
function targets(label: ArrayLike<number>, outer: number, C: number, inner: number,
  opts: { alpha?: number; ignore?: number } = {}): { tgt: Float64Array; weight: Float64Array } {
  const a = opts.alpha ?? 0;
  const tgt = new Float64Array(outer * C * inner);
  const weight = new Float64Array(outer * inner).fill(1);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const k = Math.trunc(label[o * inner + i]!);
      if (opts.ignore !== undefined && k === opts.ignore) {
        weight[o * inner + i] = 0;
        continue;
      }
      for (let c = 0; c < C; c++) tgt[(o * C + c) * inner + i] = c === k ? 1 - a : a / (C - 1);
    }
  }
  return { tgt, weight };
}

/**
 * Cross-entropy −Σ w·target·log softmax(x), plus (1 − Σ target)·logsumexp(x) per position so that its
 * gradient is w·(p − target) for any target (a position with an all-zero target contributes logsumexp,
 * whose gradient is p — MXNet's behaviour for out-of-range labels).
 */
function xent(x: ArrayLike<number>, tgt: ArrayLike<number>, weight: ArrayLike<number>, outer: number, C: number, inner: number): number {
  let s = 0;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < inner; i++) {
      const at = (c: number) => (o * C + c) * inner + i;
      let m = -Infinity;
      for (let c = 0; c < C; c++) m = Math.max(m, x[at(c)]!);
      let z = 0;
      for (let c = 0; c < C; c++) z += Math.exp(x[at(c)]! - m);
      const lse = m + Math.log(z);
      let tsum = 0, dotTx = 0;
      for (let c = 0; c < C; c++) {
        tsum += tgt[at(c)]!;
        dotTx += tgt[at(c)]! * x[at(c)]!;
      }
      s += weight[o * inner + i]! * (lse - dotTx); // = −Σ t·log p + (1 − Σ t)·lse
    }
  }
  return s;
}

/** The documented gradient: scale·w·(p − target), zero where the weight is 0. */
function gradFormula(p: Float64Array, tgt: Float64Array, weight: Float64Array, outer: number, C: number, inner: number, scale: number): Float64Array {
  const g = new Float64Array(p.length);
  for (let o = 0; o < outer; o++) {
    for (let c = 0; c < C; c++) {
      for (let i = 0; i < inner; i++) {
        const j = (o * C + c) * inner + i;
        g[j] = scale * weight[o * inner + i]! * (p[j]! - tgt[j]!);
      }
    }
  }
  return g;
}

const FWD = 1e-6; // softmax in float32 on O(1) inputs
const GRAD = 1e-5;
const FD = 2e-4; // float32 gradient vs float64 central differences

/** Run SoftmaxOutput and check forward, the gradient formula and the FD gradient of scale·xent. */
function check(params: Record<string, number | boolean | string>, dataShape: number[], label: Float64Array, labelShape: number[],
  view: [number, number, number], gradView: [number, number, number], t: { tgt: Float64Array; weight: Float64Array }, scale: number, seed: number) {
  const x = rand(dataShape.reduce((a, b) => a * b, 1), seed, -2, 2);
  const op = new OpHarness('SoftmaxOutput', params);
  const r = op.run([{ shape: dataShape, data: x }, { shape: labelShape, data: label }], { backward: true, gradFor: [true, false] });
  const p = softmax(x, ...view);
  expectClose(r.outputs[0]!, p, FWD, 1e-5, 'forward');
  expect(r.grads[1]).toBeNull();
  expectClose(r.grads[0]!, gradFormula(softmax(x, ...gradView), t.tgt, t.weight, ...gradView, scale), GRAD, 1e-5, 'grad formula');
  const fd = numericGrad((xs) => scale * xent(xs[0]!, t.tgt, t.weight, ...gradView), [Float64Array.from(x)], 0);
  expectClose(r.grads[0]!, fd, FD, 1e-3, 'grad vs FD of the loss');
}

describe('SoftmaxOutput', () => {
  const N = 4, C = 5;
  const label = Float64Array.from([0, 3, 4, 1]);

  it('default: p − onehot (a sum over the batch), ignoring the head gradient', () => {
    check({}, [N, C], label, [N], [N, C, 1], [N, C, 1], targets(label, N, C, 1), 1, 1);
  });

  it('grad_scale with normalization=batch divides by the batch size', () => {
    check({ grad_scale: 2, normalization: 'batch' }, [N, C], label, [N], [N, C, 1], [N, C, 1], targets(label, N, C, 1), 2 / N, 2);
  });

  it('use_ignore zeroes ignored rows; normalization=valid divides by the non-ignored count', () => {
    const lab = Float64Array.from([0, 2, 2, 1]);
    check({ use_ignore: true, ignore_label: 2, normalization: 'valid' }, [N, C], lab, [N], [N, C, 1], [N, C, 1],
      targets(lab, N, C, 1, { ignore: 2 }), 1 / 2, 3);
  });

  it('normalization=valid counts ignored labels out even without use_ignore (rows keep their gradient)', () => {
    const lab = Float64Array.from([-1, 2, -1, 1]);
    check({ normalization: 'valid' }, [N, C], lab, [N], [N, C, 1], [N, C, 1], targets(lab, N, C, 1), 1 / 2, 4);
  });

  it('a label outside [0, C) gives grad = p for that row', () => {
    const lab = Float64Array.from([7, 1, 0, 2]);
    check({}, [N, C], lab, [N], [N, C, 1], [N, C, 1], targets(lab, N, C, 1), 1, 5);
  });

  it('labels are truncated to int', () => {
    const lab = Float64Array.from([0.9, 3.2, 4.99, 1.5]);
    check({}, [N, C], lab, [N], [N, C, 1], [N, C, 1], targets(lab, N, C, 1), 1, 6);
  });

  it('smooth_alpha: target 1−a on the label, a/(C−1) elsewhere', () => {
    check({ smooth_alpha: 0.2 }, [N, C], label, [N], [N, C, 1], [N, C, 1], targets(label, N, C, 1, { alpha: 0.2 }), 1, 7);
  });

  it('smooth_alpha with use_ignore', () => {
    const lab = Float64Array.from([0, 3, 3, 1]);
    check({ smooth_alpha: 0.1, use_ignore: true, ignore_label: 3 }, [N, C], lab, [N], [N, C, 1], [N, C, 1],
      targets(lab, N, C, 1, { alpha: 0.1, ignore: 3 }), 1, 8);
  });

  it('probability labels (label shape == data shape): (p − label)·grad_scale, no normalization', () => {
    const raw = rand(N * C, 9, 0.1, 1);
    const prob = softmax(raw, N, C, 1); // rows sum to 1, so −Σ label·log p has gradient p − label
    const t = { tgt: prob, weight: new Float64Array(N).fill(1) };
    check({ grad_scale: 3, normalization: 'batch' }, [N, C], prob, [N, C], [N, C, 1], [N, C, 1], t, 3, 10);
  });

  describe('multi_output (N, C, H, W): softmax over C at each position', () => {
    const [n, c, h, w] = [2, 3, 2, 3];
    const rest = h * w;
    const lab = Float64Array.from({ length: n * rest }, (_, i) => (i * 7) % c);
    const view: [number, number, number] = [n, c, rest];
    it('normalization=null divides by the spatial size', () => {
      check({ multi_output: true }, [n, c, h, w], lab, [n, rest], view, view, targets(lab, n, c, rest), 1 / rest, 11);
    });
    it('normalization=batch divides by N·rest; (N, H, W) labels accepted', () => {
      check({ multi_output: true, normalization: 'batch', grad_scale: 2 }, [n, c, h, w], lab, [n, h, w], view, view,
        targets(lab, n, c, rest), 2 / (n * rest), 12);
    });
    it('normalization=valid divides by the valid count only, with use_ignore', () => {
      const l2 = Float64Array.from(lab);
      l2[0] = 1; l2[3] = 1; l2[5] = 1;
      const valid = Array.from(l2).filter((v) => v !== 1).length;
      check({ multi_output: true, normalization: 'valid', use_ignore: true, ignore_label: 1 }, [n, c, h, w], l2, [n, 1, h, w],
        view, view, targets(l2, n, c, rest, { ignore: 1 }), 1 / valid, 13);
    });
    it('ignores smooth_alpha (MXNet applies smoothing only without multi_output)', () => {
      check({ multi_output: true, smooth_alpha: 0.3 }, [n, c, h, w], lab, [n, rest], view, view, targets(lab, n, c, rest), 1 / rest, 18);
    });
    it('infers label (N, rest) and accepts the three documented label shapes', () => {
      const op = new OpHarness('SoftmaxOutput', { multi_output: true });
      expect(op.def.inferShape(op.p, [[n, c, h, w], undefined], 's').inputs[1]).toEqual([n, rest]);
      for (const ls of [[n, rest], [n, h, w], [n, 1, h, w]]) {
        expect(op.def.inferShape(op.p, [[n, c, h, w], ls], 's').inputs[1]).toEqual(ls);
      }
    });
  });

  it('preserve_shape: softmax over the last axis; batch normalization divides by N·T', () => {
    const [n, t, c] = [2, 3, 4];
    const lab = Float64Array.from([0, 1, 2, 3, 0, 1]);
    check({ preserve_shape: true, normalization: 'batch' }, [n, t, c], lab, [n, t], [n * t, c, 1], [n * t, c, 1],
      targets(lab, n * t, c, 1), 1 / (n * t), 14);
  });

  it('3-D data without preserve_shape: forward over all non-batch dims, gradient rows per label (MXNet quirk)', () => {
    const [n, t, c] = [2, 3, 4];
    const lab = Float64Array.from([0, 1, 2, 3, 0, 1]);
    const x = rand(n * t * c, 15, -2, 2);
    const op = new OpHarness('SoftmaxOutput');
    expect(op.def.inferShape(op.p, [[n, t, c], undefined], 's').inputs[1]).toEqual([n, t]);
    const r = op.run([{ shape: [n, t, c], data: x }, { shape: [n, t], data: lab }], { backward: true, gradFor: [true, false] });
    expectClose(r.outputs[0]!, softmax(x, n, t * c, 1), FWD, 1e-5, 'forward');
    const y = Float64Array.from(r.outputs[0]!);
    const tg = targets(lab, n * t, c, 1);
    expectClose(r.grads[0]!, gradFormula(y, tg.tgt, tg.weight, n * t, c, 1, 1), GRAD, 1e-5, 'grad');
  });

  it('out_grad=True multiplies the gradient by the head gradient', () => {
    const x = rand(N * C, 16, -2, 2), og = rand(N * C, 17);
    const op = new OpHarness('SoftmaxOutput', { out_grad: true, grad_scale: 0.5 });
    expect(op.def.ignoresHeadGrad!(op.p)).toBe(false);
    const r = op.run([{ shape: [N, C], data: x }, { shape: [N], data: label }], { outGrads: [og], gradFor: [true, false] });
    const t = targets(label, N, C, 1);
    const g = gradFormula(softmax(x, N, C, 1), t.tgt, t.weight, N, C, 1, 0.5).map((v, i) => v * og[i]!);
    expectClose(r.grads[0]!, g, GRAD, 1e-5, 'grad');
  });

  it('label inference: data.shape[:-1] by default, data shape kept for probabilities; backward from output', () => {
    const op = new OpHarness('SoftmaxOutput');
    expect(op.def.ignoresHeadGrad!(op.p)).toBe(true);
    expect(op.def.noGradInputs!(op.p)).toEqual([1]);
    expect(op.def.inferShape(op.p, [[8, 10], undefined], 's')).toEqual({ inputs: [[8, 10], [8]], outputs: [[8, 10]] });
    expect(op.def.inferShape(op.p, [[8, 10], [8, 10]], 's').inputs[1]).toEqual([8, 10]);
    expect(op.def.inferShape(op.p, [undefined, undefined], 's', [[8, 10]]).inputs).toEqual([[8, 10], [8]]);
  });
});
