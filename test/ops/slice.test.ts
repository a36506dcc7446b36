import { beforeAll, describe, expect, it } from 'vitest';
import { initWasmBackend } from '../../src/backends/wasm/init.js';
import { checkOp } from './cnn_reference.js';
import { OpHarness, rand } from './helpers.js';

beforeAll(async () => { await initWasmBackend(); });

/** Python's slice.indices(d) → the selected indices (the NumPy semantics MXNet's slice follows). */
function pyIndices(d: number, b: number | null, e: number | null, s: number | null): number[] {
  const st = s ?? 1;
  const fix = (v: number | null, dflt: number) => {
    if (v === null) return dflt;
    let r = v < 0 ? v + d : v;
    if (r < 0) r = st > 0 ? 0 : -1;
    else if (r >= d) r = st > 0 ? d : d - 1;
    return r;
  };
  const bb = fix(b, st > 0 ? 0 : d - 1), ee = fix(e, st > 0 ? d : -1);
  const out: number[] = [];
  for (let i = bb; st > 0 ? i < ee : i > ee; i += st) out.push(i);
  return out;
}

/** Gather x (row-major `shape`) at the per-axis index lists. */
function gather(x: Float64Array, shape: number[], idx: number[][]): Float64Array {
  const out: number[] = [];
  const strides = shape.map((_, k) => shape.slice(k + 1).reduce((a, b) => a * b, 1));
  const rec = (k: number, off: number) => {
    if (k === shape.length) { out.push(x[off]!); return; }
    for (const i of idx[k]!) rec(k + 1, off + i * strides[k]!);
  };
  rec(0, 0);
  return Float64Array.from(out);
}

const shape = [4, 5, 6];
const x = rand(120, 71);

describe('slice', () => {
  const cases: { begin: (number | null)[]; end: (number | null)[]; step?: (number | null)[] }[] = [
    { begin: [1, 0], end: [3, 4] },
    { begin: [null, -4, 1], end: [null, null, 6], step: [2, 1, 2] },
    { begin: [3, null], end: [0, 1], step: [-1, -2] },
    { begin: [-1], end: [null], step: [-3] },
    { begin: [0, 1, -100], end: [4, 99, 3] },
  ];
  for (const c of cases) {
    it(`begin ${JSON.stringify(c.begin)} end ${JSON.stringify(c.end)} step ${JSON.stringify(c.step ?? [])}`, () => {
      const idx = shape.map((d, k) => (k < c.begin.length ? pyIndices(d, c.begin[k]!, c.end[k]!, c.step?.[k] ?? null) : [...Array(d).keys()]));
      const op = new OpHarness('slice', { begin: c.begin, end: c.end, step: c.step ?? [] });
      expect(op.outShapes([shape])[0]).toEqual(idx.map((l) => l.length));
      checkOp(op, [{ shape, data: x }], (xs) => gather(xs[0]!, shape, idx));
    });
  }
  it('alias crop; mismatched begin/end lengths fail with the node name', () => {
    const op = new OpHarness('crop', { begin: [0, 0], end: [1] });
    expect(() => op.def.inferShape(op.p, [shape], 's1')).toThrow(/slice s1: begin .* must have the same length/);
  });
});

describe('slice_axis', () => {
  it('negative axis and begin, end None', () => {
    const op = new OpHarness('slice_axis', { axis: -1, begin: -4, end: null });
    checkOp(op, [{ shape, data: x }], (xs) => gather(xs[0]!, shape, [[0, 1, 2, 3], [0, 1, 2, 3, 4], [2, 3, 4, 5]]));
  });
  it('axis 1, begin 1, end 3', () => {
    const op = new OpHarness('slice_axis', { axis: 1, begin: 1, end: 3 });
    checkOp(op, [{ shape, data: x }], (xs) => gather(xs[0]!, shape, [[0, 1, 2, 3], [1, 2], [0, 1, 2, 3, 4, 5]]));
  });
  it('rejects an empty range', () => {
    const op = new OpHarness('slice_axis', { axis: 0, begin: 3, end: 2 });
    expect(() => op.def.inferShape(op.p, [shape], 'sa')).toThrow(/slice_axis sa: invalid range/);
  });
});

describe('SliceChannel / split', () => {
  it('num_outputs parts along axis 2 named output0.., each with its gradient', () => {
    const op = new OpHarness('split', { num_outputs: 3, axis: 2 });
    expect(op.def.outputNames(op.p)).toEqual(['output0', 'output1', 'output2']);
    expect(op.outShapes([shape])).toEqual([[4, 5, 2], [4, 5, 2], [4, 5, 2]]);
    for (let k = 0; k < 3; k++) {
      checkOp(op, [{ shape, data: x }], (xs) => gather(xs[0]!, shape, [[0, 1, 2, 3], [0, 1, 2, 3, 4], [2 * k, 2 * k + 1]]), { output: k });
    }
  });
  it('squeeze_axis removes the axis', () => {
    const op = new OpHarness('SliceChannel', { num_outputs: 4, axis: 0, squeeze_axis: true });
    expect(op.outShapes([shape])[0]).toEqual([5, 6]);
    checkOp(op, [{ shape, data: x }], (xs) => gather(xs[0]!, shape, [[3], [0, 1, 2, 3, 4], [0, 1, 2, 3, 4, 5]]), { output: 3 });
  });
  it('rejects an axis that does not divide', () => {
    const op = new OpHarness('SliceChannel', { num_outputs: 4 });
    expect(() => op.def.inferShape(op.p, [shape], 'sc')).toThrow(/SliceChannel sc: axis 1 of size 5 cannot be split into 4/);
  });
});

describe('Crop', () => {
  const s4 = [2, 3, 5, 6];
  const x4 = rand(180, 72);
  const range = (a: number, n: number) => Array.from({ length: n }, (_, i) => a + i);
  it('h_w at an offset', () => {
    const op = new OpHarness('Crop', { num_args: 1, h_w: [3, 2], offset: [1, 3] });
    checkOp(op, [{ shape: s4, data: x4 }], (xs) => gather(xs[0]!, s4, [[0, 1], [0, 1, 2], range(1, 3), range(3, 2)]));
  });
  it('center_crop to the crop_like input (which gets no gradient)', () => {
    const op = new OpHarness('Crop', { num_args: 2, center_crop: true });
    expect(op.def.noGradInputs!(op.p)).toEqual([1]);
    // (H − h)/2 = 1, (W − w)/2 = 1.
    checkOp(op, [{ shape: s4, data: x4 }, { shape: [1, 1, 2, 3], data: rand(6, 73) }],
      (xs) => gather(xs[0]!, s4, [[0, 1], [0, 1, 2], range(1, 2), range(1, 3)]), { gradFor: [true, false] });
  });
  it('rejects a crop that does not fit', () => {
    const op = new OpHarness('Crop', { num_args: 1, h_w: [4, 4], offset: [2, 0] });
    expect(() => op.def.inferShape(op.p, [s4], 'cr')).toThrow(/Crop cr: crop of \(4, 4\) at offset \(2, 0\) does not fit/);
  });
});
