import type { ParsedParams } from '../../src/ops/params.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { initWasmBackend } from '../../src/backends/wasm/init.js';
import { checkOp } from './cnn_reference.js';
import { OpHarness, rand } from './helpers.js';

beforeAll(async () => { await initWasmBackend(); });

/** NumPy broadcasting: out[i] = f(a[ia], b[ib]) with right-aligned index mapping. */
function bcast(a: Float64Array, as: number[], b: Float64Array, bs: number[], f: (p: number, q: number) => number): Float64Array {
  const n = Math.max(as.length, bs.length);
  const pa = [...Array(n - as.length).fill(1), ...as], pb = [...Array(n - bs.length).fill(1), ...bs];
  const out = pa.map((d, i) => Math.max(d, pb[i]!));
  const size = out.reduce((x, y) => x * y, 1);
  const y = new Float64Array(size);
  for (let i = 0; i < size; i++) {
    let r = i, ia = 0, ib = 0, sa = 1, sb = 1;
    for (let k = n - 1; k >= 0; k--) {
      const v = r % out[k]!;
      r = Math.floor(r / out[k]!);
      ia += (pa[k] === 1 ? 0 : v) * sa;
      ib += (pb[k] === 1 ? 0 : v) * sb;
      sa *= pa[k]!;
      sb *= pb[k]!;
    }
    y[i] = f(a[ia]!, b[ib]!);
  }
  return y;
}

const OPS: [string, (p: number, q: number) => number][] = [
  ['broadcast_add', (p, q) => p + q], ['broadcast_sub', (p, q) => p - q], ['broadcast_mul', (p, q) => p * q],
  ['broadcast_div', (p, q) => p / q], ['broadcast_maximum', Math.max], ['broadcast_minimum', Math.min],
  ['broadcast_power', (p, q) => p ** q],
];
const SHAPES: [number[], number[], number[]][] = [
  [[2, 3, 4], [1, 3, 1], [2, 3, 4]],
  [[4], [3, 1], [3, 4]],
  [[2, 1, 4], [2, 3, 4], [2, 3, 4]],
];

describe('broadcast_* arithmetic', () => {
  for (const [name, f] of OPS) {
    for (const [sa, sb, out] of SHAPES) {
      it(`${name} (${sa}) with (${sb}) → (${out}); gradients reduced to each input`, () => {
        const op = new OpHarness(name);
        expect(op.outShapes([sa, sb])[0]).toEqual(out);
        const na = sa.reduce((x, y) => x * y, 1), nb = sb.reduce((x, y) => x * y, 1);
        // Positive operands keep pow and div smooth; distinct ranges keep max/min away from ties.
        const a = rand(na, 91, 0.5, 2), b = rand(nb, 92, name.endsWith('power') ? -1.5 : 0.3, 1.8);
        checkOp(op, [{ shape: sa, data: a }, { shape: sb, data: b }], (xs) => bcast(xs[0]!, sa, xs[1]!, sb, f), { gradAtol: 2e-3, gradRtol: 2e-3 });
      });
    }
  }
  it('aliases broadcast_plus / broadcast_minus; incompatible shapes fail with the node name', () => {
    expect(new OpHarness('broadcast_plus').def.name).toBe('broadcast_add');
    expect(new OpHarness('broadcast_minus').def.name).toBe('broadcast_sub');
    const op = new OpHarness('broadcast_mul');
    expect(() => op.def.inferShape(op.p, [[2, 3], [4, 3]], 'bm')).toThrow(/broadcast_mul bm: operands with shapes \(2, 3\) and \(4, 3\) cannot be broadcast/);
  });
});

describe('sum / mean', () => {
  const shape = [2, 3, 4];
  const x = rand(24, 93);
  /** Σ (or mean) over the axes in `red`, output in row-major order of the kept axes. */
  function reduceRef(v: Float64Array, red: boolean[], mean: boolean): Float64Array {
    const kept = shape.map((d, i) => (red[i] ? 1 : d));
    const y = new Float64Array(kept.reduce((a, b) => a * b, 1));
    const cnt = shape.reduce((a, d, i) => (red[i] ? a * d : a), 1);
    for (let i = 0; i < 2; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 4; k++) {
      const o = [i, j, k].map((v2, a) => (red[a] ? 0 : v2));
      y[(o[0]! * kept[1]! + o[1]!) * kept[2]! + o[2]!] += v[(i * 3 + j) * 4 + k]! / (mean ? cnt : 1);
    }
    return y;
  }
  const cases: { p: ParsedParams; red: boolean[]; out: number[]; mean?: boolean }[] = [
    { p: {}, red: [true, true, true], out: [1] },
    { p: { keepdims: true }, red: [true, true, true], out: [1, 1, 1] },
    { p: { axis: [1] }, red: [false, true, false], out: [2, 4] },
    { p: { axis: [-1, 0], keepdims: true }, red: [true, false, true], out: [1, 3, 1], mean: true },
    { p: { axis: [1], exclude: true }, red: [true, false, true], out: [3] },
    { p: { axis: [0, 1, 2] }, red: [true, true, true], out: [1], mean: true },
  ];
  for (const c of cases) {
    it(`${c.mean ? 'mean' : 'sum'} ${JSON.stringify(c.p)} → (${c.out})`, () => {
      const op = new OpHarness(c.mean ? 'mean' : 'sum', c.p);
      expect(op.outShapes([shape])[0]).toEqual(c.out);
      checkOp(op, [{ shape, data: x }], (xs) => reduceRef(xs[0]!, c.red, !!c.mean));
    });
  }
  it('sum_axis alias and a repeated axis error', () => {
    const op = new OpHarness('sum_axis', { axis: [1, -2] });
    expect(() => op.def.inferShape(op.p, [shape], 'r')).toThrow(/sum r: axis -2 is listed twice/);
  });
});
