import { beforeAll, describe, expect, it } from 'vitest';
import { initWasmBackend } from '../../src/backends/wasm/init.js';
import { dot, expectClose, numericGrad, OpHarness, rand } from './helpers.js';

beforeAll(async () => { await initWasmBackend(); });

describe('Embedding', () => {
  it('looks rows up with indices truncated and clipped into [0, input_dim − 1]; weight gradient scatter-sums', () => {
    const op = new OpHarness('Embedding', { input_dim: 5, output_dim: 3 });
    expect(op.def.inputNames(op.p)).toEqual(['data', 'weight']);
    expect(op.def.inferShape(op.p, [[2, 3], undefined], 'e')).toEqual({ inputs: [[2, 3], [5, 3]], outputs: [[2, 3, 3]] });
    const idx = Float64Array.from([0, 4, 2.7, -3, 9, 2]); // → rows 0, 4, 2, 0, 4, 2
    const rows = [0, 4, 2, 0, 4, 2];
    const w = rand(15, 111);
    const ref = (ws: Float64Array) => Float64Array.from(rows.flatMap((r) => [ws[r * 3]!, ws[r * 3 + 1]!, ws[r * 3 + 2]!]));
    const og = rand(18, 112);
    const r = op.run([{ shape: [2, 3], data: idx }, { shape: [5, 3], data: w }], { outGrads: [og], gradFor: [false, true] });
    expectClose(r.outputs[0]!, ref(w), 0, 0, 'forward');
    expectClose(r.grads[1]!, numericGrad((xs) => dot(og, ref(xs[0]!)), [Float64Array.from(w)], 0), 1e-5, 1e-5, 'dweight');
  });
});

describe('UpSampling', () => {
  /** Nearest: out[n, c, y, x] = in[n, c, floor(y/k), floor(x/k)] with k = this input's own factor. */
  function nearest(x: Float64Array, [N, C, H, W]: number[], k: number): Float64Array {
    const y = new Float64Array(N! * C! * H! * k * W! * k);
    for (let p = 0; p < N! * C!; p++) for (let i = 0; i < H! * k; i++) for (let j = 0; j < W! * k; j++) {
      y[(p * H! * k + i) * W! * k + j] = x[(p * H! + Math.floor(i / k)) * W! + Math.floor(j / k)]!;
    }
    return y;
  }
  const a = rand(2 * 2 * 2 * 3, 113), b = rand(2 * 1 * 4 * 6, 114);
  it('nearest, two inputs concatenated along channels (each scaled to the first × scale)', () => {
    const op = new OpHarness('UpSampling', { scale: 2, sample_type: 'nearest', num_args: 2 });
    expect(op.def.inputNames(op.p)).toEqual(['arg0', 'arg1']);
    expect(op.outShapes([[2, 2, 2, 3], [2, 1, 4, 6]])[0]).toEqual([2, 3, 4, 6]);
    const ref = (xs: Float64Array[]) => {
      const ua = nearest(xs[0]!, [2, 2, 2, 3], 2), ub = nearest(xs[1]!, [2, 1, 4, 6], 1);
      const y = new Float64Array(2 * 3 * 24);
      for (let n = 0; n < 2; n++) {
        y.set(ua.subarray(n * 48, n * 48 + 48), n * 72);
        y.set(ub.subarray(n * 24, n * 24 + 24), n * 72 + 48);
      }
      return y;
    };
    const og = rand(144, 115);
    const r = op.run([{ shape: [2, 2, 2, 3], data: a }, { shape: [2, 1, 4, 6], data: b }], { outGrads: [og] });
    expectClose(r.outputs[0]!, ref([a, b]), 0, 0, 'forward');
    const xs = [Float64Array.from(a), Float64Array.from(b)];
    expectClose(r.grads[0]!, numericGrad((v) => dot(og, ref(v)), xs, 0), 1e-5, 1e-5, 'd arg0');
    expectClose(r.grads[1]!, numericGrad((v) => dot(og, ref(v)), xs, 1), 1e-5, 1e-5, 'd arg1');
  });
  it('nearest with multi_input_mode sum', () => {
    const c = rand(2 * 1 * 2 * 3, 116);
    const op = new OpHarness('UpSampling', { scale: 2, sample_type: 'nearest', num_args: 2, multi_input_mode: 'sum' });
    const r = op.run([{ shape: [2, 1, 2, 3], data: c }, { shape: [2, 1, 4, 6], data: b }]);
    const ua = nearest(c, [2, 1, 2, 3], 2);
    expectClose(r.outputs[0]!, Array.from(ua, (v, i) => v + b[i]!), 1e-6, 0, 'forward');
  });
  it('bilinear is a grouped bias-free Deconvolution with kernel 2s − s%2, stride s, pad ceil((s−1)/2)', () => {
    const op = new OpHarness('UpSampling', { scale: 2, sample_type: 'bilinear', num_args: 1, num_filter: 2 });
    expect(op.def.inputNames(op.p)).toEqual(['data', 'weight']);
    expect(op.def.inputInitAttrs!(op.p)).toEqual({ 1: '["bilinear", {}]' });
    const inf = op.def.inferShape(op.p, [[1, 2, 3, 3], undefined], 'up');
    expect(inf.inputs[1]).toEqual([2, 1, 4, 4]);
    expect(inf.outputs[0]).toEqual([1, 2, 6, 6]);
    const x = rand(18, 117), w = rand(32, 118);
    const dec = new OpHarness('Deconvolution', { kernel: [4, 4], stride: [2, 2], pad: [1, 1], num_filter: 2, num_group: 2 });
    const og = rand(72, 119);
    const inputs = [{ shape: [1, 2, 3, 3], data: x }, { shape: [2, 1, 4, 4], data: w }];
    const r1 = op.run(inputs, { outGrads: [og] }), r2 = dec.run(inputs, { outGrads: [og] });
    expectClose(r1.outputs[0]!, r2.outputs[0]!, 0, 0, 'forward');
    expectClose(r1.grads[0]!, r2.grads[0]!, 0, 0, 'ddata');
    expectClose(r1.grads[1]!, r2.grads[1]!, 0, 0, 'dweight');
  });
  it('rejects bilinear without num_filter and a non-integer nearest factor', () => {
    const bl = new OpHarness('UpSampling', { scale: 2, sample_type: 'bilinear', num_args: 1 });
    expect(() => bl.def.inferShape(bl.p, [[1, 2, 3, 3], undefined], 'u1')).toThrow(/UpSampling u1: bilinear upsampling needs num_filter/);
    const nn = new OpHarness('UpSampling', { scale: 2, sample_type: 'nearest', num_args: 2 });
    expect(() => nn.def.inferShape(nn.p, [[1, 1, 2, 2], [1, 1, 3, 3]], 'u2')).toThrow(/u2: input 1 of spatial size \(3, 3\) cannot be upsampled/);
  });
});
