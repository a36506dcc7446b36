import { beforeAll, describe, expect, it } from 'vitest';
import { initWasmBackend } from '../../src/backends/wasm/init.js';
import { dot, expectClose, numericGrad, OpHarness, rand } from './helpers.js';

beforeAll(async () => { await initWasmBackend(); });

/** Float64 reference: Y = X·Wᵀ + b over the (M, K) view. */
function fcRef(x: Float64Array, w: Float64Array, b: Float64Array | null, M: number, K: number, N: number): Float64Array {
  const y = new Float64Array(M * N);
  for (let m = 0; m < M; m++) {
    for (let n = 0; n < N; n++) {
      let s = b ? b[n]! : 0;
      for (let k = 0; k < K; k++) s += x[m * K + k]! * w[n * K + k]!;
      y[m * N + n] = s;
    }
  }
  return y;
}

// float32 kernels vs float64 references on O(1) data: absolute 1e-4 covers rounding of K ≤ 24 terms.
const ATOL = 1e-4, RTOL = 1e-4;

describe('FullyConnected', () => {
  const cases: { title: string; p: { num_hidden: number; no_bias?: boolean; flatten?: boolean }; data: number[]; M: number; K: number }[] = [
    { title: 'flatten=True, 4-D data', p: { num_hidden: 5 }, data: [2, 3, 2, 2], M: 2, K: 12 },
    { title: 'no_bias', p: { num_hidden: 3, no_bias: true }, data: [4, 7], M: 4, K: 7 },
    { title: 'flatten=False, 3-D data', p: { num_hidden: 6, flatten: false }, data: [2, 3, 4], M: 6, K: 4 },
  ];
  for (const c of cases) {
    it(`${c.title}: shapes, forward and every gradient vs finite differences`, () => {
      const op = new OpHarness('FullyConnected', { ...c.p });
      const N = c.p.num_hidden;
      const hasBias = !('no_bias' in c.p);
      const inferred = op.def.inferShape(op.p, [c.data, undefined, undefined].slice(0, hasBias ? 3 : 2), 'fc');
      expect(inferred.inputs[1]).toEqual([N, c.K]);
      if (hasBias) expect(inferred.inputs[2]).toEqual([N]);
      const outShape = c.p.flatten === false ? [...c.data.slice(0, -1), N] : [c.data[0]!, N];
      expect(inferred.outputs[0]).toEqual(outShape);

      const x = rand(c.M * c.K, 1), w = rand(N * c.K, 2), b = rand(N, 3);
      const og = rand(c.M * N, 4);
      const inputs = [{ shape: c.data, data: x }, { shape: [N, c.K], data: w }];
      if (hasBias) inputs.push({ shape: [N], data: b });
      const r = op.run(inputs, { outGrads: [og] });
      expect(r.outShapes[0]).toEqual(outShape);
      expectClose(r.outputs[0]!, fcRef(x, w, hasBias ? b : null, c.M, c.K, N), ATOL, RTOL, 'forward');

      const loss = (xs: Float64Array[]) => dot(og, fcRef(xs[0]!, xs[1]!, hasBias ? xs[2]! : null, c.M, c.K, N));
      const xs = inputs.map((t) => Float64Array.from(t.data));
      const names = ['data', 'weight', 'bias'];
      inputs.forEach((_, i) => expectClose(r.grads[i]!, numericGrad(loss, xs, i), 1e-3, 1e-3, `d${names[i]}`));
    });
  }

  it('skips the data gradient when it is not requested and still writes weight and bias', () => {
    const op = new OpHarness('FullyConnected', { num_hidden: 4 });
    const x = rand(3 * 5, 5), w = rand(4 * 5, 6), b = rand(4, 7), og = rand(12, 8);
    const r = op.run([{ shape: [3, 5], data: x }, { shape: [4, 5], data: w }, { shape: [4], data: b }],
      { outGrads: [og], gradFor: [false, true, true] });
    expect(r.grads[0]).toBeNull();
    const loss = (xs: Float64Array[]) => dot(og, fcRef(xs[0]!, xs[1]!, xs[2]!, 3, 5, 4));
    const xs = [x, w, b].map((a) => Float64Array.from(a));
    expectClose(r.grads[1]!, numericGrad(loss, xs, 1), 1e-3, 1e-3, 'dweight');
    expectClose(r.grads[2]!, numericGrad(loss, xs, 2), 1e-3, 1e-3, 'dbias');
  });

  it('accepts a (num_hidden, 1) bias and infers the data batch dim from a known output', () => {
    const op = new OpHarness('FullyConnected', { num_hidden: 4 });
    const res = op.def.inferShape(op.p, [[0, 10], undefined, [4, 1]], 'fc', [[8, 4]]);
    expect(res.inputs).toEqual([[8, 10], [4, 10], [4, 1]]);
    expect(res.outputs).toEqual([[8, 4]]);
  });
});
