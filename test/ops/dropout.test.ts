import { beforeAll, describe, expect, it } from 'vitest';
import { initWasmBackend } from '../../src/backends/wasm/init.js';
import { seed } from '../../src/random.js';
import { dot, expectClose, numericGrad, OpHarness, rand } from './helpers.js';

beforeAll(async () => { await initWasmBackend(); });

describe('Dropout', () => {
  const n = 4000;
  const x = rand(n, 31, 0.5, 2); // non-zero so dropped elements are recognisable

  it('training: out = x·mask with mask ∈ {0, 1/keep} at rate p; the gradient is dy·mask', () => {
    seed(7);
    const op = new OpHarness('Dropout', { p: 0.3 });
    expect(op.def.outputNames(op.p)).toEqual(['output', 'mask']);
    expect(op.def.numVisibleOutputs!(op.p)).toBe(1);
    const og = rand(n, 32);
    const r = op.run([{ shape: [40, 100], data: x }], { isTrain: true, outGrads: [og] });
    const [out, mask] = r.outputs as [Float32Array, Float32Array];
    const keep = 0.7;
    let dropped = 0;
    for (let i = 0; i < n; i++) {
      const m = mask[i]!;
      expect(m === 0 || Math.abs(m - 1 / keep) < 1e-6, `mask[${i}] = ${m}`).toBe(true);
      if (m === 0) dropped++;
    }
    // Binomial(4000, 0.3): sd ≈ 29, so ±5 sd is ±145.
    expect(Math.abs(dropped - 0.3 * n)).toBeLessThan(145);
    expectClose(out, Array.from(x, (v, i) => v * mask[i]!), 1e-6, 1e-6, 'output');
    expectClose(r.grads[0]!, Array.from(og, (v, i) => v * mask[i]!), 1e-6, 1e-6, 'grad');
    // For the drawn mask the op is linear: FD of Σ og·(x·mask) on a slice of the elements.
    const m = Float64Array.from(mask.subarray(0, 50));
    const fd = numericGrad((xs) => dot(og.subarray(0, 50), xs[0]!.map((v, i) => v * m[i]!)), [Float64Array.from(x.subarray(0, 50))], 0);
    expectClose(r.grads[0]!.subarray(0, 50), fd, 1e-5, 1e-5, 'grad vs FD');
  });

  it('the same seed gives the same mask', () => {
    const op = new OpHarness('Dropout', { p: 0.5 });
    seed(3);
    const a = op.run([{ shape: [n], data: x }], { isTrain: true }).outputs[1]!;
    seed(3);
    const b = op.run([{ shape: [n], data: x }], { isTrain: true }).outputs[1]!;
    expect(Array.from(a)).toEqual(Array.from(b));
  });

  it('inference with mode=training is the identity (and its gradient passes through)', () => {
    const og = rand(n, 33);
    const r = new OpHarness('Dropout', { p: 0.5 }).run([{ shape: [n], data: x }], { isTrain: false, outGrads: [og] });
    expectClose(r.outputs[0]!, x, 0, 0, 'output');
    expectClose(r.grads[0]!, og, 0, 0, 'grad');
  });

  it('mode=always drops at inference too', () => {
    const r = new OpHarness('Dropout', { p: 0.5, mode: 'always' }).run([{ shape: [n], data: x }], { isTrain: false });
    expect(Array.from(r.outputs[0]!).filter((v) => v === 0).length).toBeGreaterThan(n / 4);
  });

  it('p = 0 is the identity in training', () => {
    const r = new OpHarness('Dropout', { p: 0 }).run([{ shape: [n], data: x }], { isTrain: true });
    expectClose(r.outputs[0]!, x, 0, 0, 'output');
  });

  it('rejects axes (variational dropout) and p outside [0, 1] with the node name', () => {
    const a = new OpHarness('Dropout', { axes: [1] });
    expect(() => a.def.inferShape(a.p, [[2, 3]], 'drop1')).toThrow(/Dropout drop1: axes/);
    const b = new OpHarness('Dropout', { p: 1.5 });
    expect(() => b.def.inferShape(b.p, [[2, 3]], 'drop2')).toThrow(/Dropout drop2: p must be in \[0, 1\]/);
  });
});
