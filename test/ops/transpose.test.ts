import { beforeAll, describe, expect, it } from 'vitest';
import { initWasmBackend } from '../../src/backends/wasm/init.js';
import { checkOp } from './cnn_reference.js';
import { OpHarness, rand } from './helpers.js';

beforeAll(async () => { await initWasmBackend(); });

/** y[i] = x[permuted index] for output dim k = input dim axes[k]. */
function transposeRef(x: Float64Array, shape: number[], axes: number[]): Float64Array {
  const out = axes.map((a) => shape[a]!);
  const xs = shape.map((_, k) => shape.slice(k + 1).reduce((a, b) => a * b, 1));
  const y = new Float64Array(x.length);
  const idx = new Array<number>(out.length).fill(0);
  for (let i = 0; i < y.length; i++) {
    let r = i;
    for (let k = out.length - 1; k >= 0; k--) { idx[k] = r % out[k]!; r = Math.floor(r / out[k]!); }
    y[i] = x[idx.reduce((o, v, k) => o + v * xs[axes[k]!]!, 0)]!;
  }
  return y;
}

describe('transpose', () => {
  const shape = [2, 3, 4, 5];
  const x = rand(120, 81);
  it('explicit axes', () => {
    const op = new OpHarness('transpose', { axes: [2, 0, 3, 1] });
    expect(op.outShapes([shape])[0]).toEqual([4, 2, 5, 3]);
    checkOp(op, [{ shape, data: x }], (xs) => transposeRef(xs[0]!, shape, [2, 0, 3, 1]));
  });
  it('empty axes reverse the dims', () => {
    checkOp(new OpHarness('transpose', {}), [{ shape, data: x }], (xs) => transposeRef(xs[0]!, shape, [3, 2, 1, 0]));
  });
  it('6-D works, 7-D and non-permutations fail', () => {
    const s6 = [2, 1, 3, 1, 2, 2];
    checkOp(new OpHarness('transpose', { axes: [5, 4, 3, 0, 1, 2] }), [{ shape: s6, data: rand(24, 82) }], (xs) => transposeRef(xs[0]!, s6, [5, 4, 3, 0, 1, 2]));
    const op = new OpHarness('transpose', {});
    expect(() => op.def.inferShape(op.p, [[1, 1, 1, 1, 1, 1, 2]], 't7')).toThrow(/transpose t7: at most 6 dims/);
    const bad = new OpHarness('transpose', { axes: [0, 0, 1, 2] });
    expect(() => bad.def.inferShape(bad.p, [shape], 'tb')).toThrow(/must be a permutation/);
  });
});

describe('expand_dims / squeeze', () => {
  const x = rand(12, 83);
  it('expand_dims inserts a size-1 axis (negative axis counts from the end + 1)', () => {
    expect(new OpHarness('expand_dims', { axis: 1 }).outShapes([[3, 4]])[0]).toEqual([3, 1, 4]);
    const op = new OpHarness('expand_dims', { axis: -1 });
    expect(op.outShapes([[3, 4]])[0]).toEqual([3, 4, 1]);
    checkOp(op, [{ shape: [3, 4], data: x }], (xs) => xs[0]!);
  });
  it('squeeze drops all or the listed size-1 axes; a full squeeze gives (1,)', () => {
    expect(new OpHarness('squeeze', {}).outShapes([[1, 3, 1, 4]])[0]).toEqual([3, 4]);
    expect(new OpHarness('squeeze', { axis: [2] }).outShapes([[1, 3, 1, 4]])[0]).toEqual([1, 3, 4]);
    expect(new OpHarness('squeeze', {}).outShapes([[1, 1]])[0]).toEqual([1]);
    checkOp(new OpHarness('squeeze', {}), [{ shape: [1, 3, 1, 4], data: x }], (xs) => xs[0]!);
    const op = new OpHarness('squeeze', { axis: [1] });
    expect(() => op.def.inferShape(op.p, [[1, 3]], 'sq')).toThrow(/squeeze sq: cannot squeeze axis 1 of size 3/);
  });
});
