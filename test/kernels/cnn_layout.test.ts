// The CNN kernel family's data movement and lowering, driven directly: strided copies (negative and
// zero strides, accumulation), broadcast arithmetic, im2col/col2im with a column leading dimension,
// and the address checks that keep a bad view from touching memory outside its buffer.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { WasmBackend } from '../../src/backends/wasm/backend.js';
import { initWasmBackend } from '../../src/backends/wasm/init.js';
import { MXNetError } from '../../src/base.js';
import { Scratch } from './device.js';
import { maxViolation, randomArray } from './reference.js';

let b: WasmBackend;
let s: Scratch;
beforeAll(async () => {
  b = await initWasmBackend();
  s = new Scratch(b);
});
afterEach(() => s.freeAll());

describe('stridedCopy', () => {
  it('reverses rows with a negative stride and transposes', () => {
    const x = Float32Array.from({ length: 12 }, (_, i) => i); // (3, 4)
    const xr = s.put(x), y = s.out(12);
    // y (4, 3) = xᵀ with rows of x reversed: y[j, i] = x[2 − i, j]; start at x[2, 0].
    b.cnn.stridedCopy(y, [3, 1], { buf: xr.buf, off: 8 }, [1, -4], [4, 3], false);
    const want = Array.from({ length: 12 }, (_, k) => x[(2 - (k % 3)) * 4 + Math.floor(k / 3)]!);
    expect(Array.from(s.get(y, 12))).toEqual(want);
  });
  it('broadcasts with a zero source stride and reduces with a zero destination stride', () => {
    const v = s.put([1, 2, 3]), y = s.out(6);
    b.cnn.stridedCopy(y, [3, 1], v, [0, 1], [2, 3], false);
    expect(Array.from(s.get(y, 6))).toEqual([1, 2, 3, 1, 2, 3]);
    const x = randomArray(20, 3), xr = s.put(x), acc = s.put([10, 20, 30, 40]);
    b.cnn.stridedCopy(acc, [1, 0], xr, [5, 1], [4, 5], true); // acc[i] += Σ_j x[i, j]
    const want = [0, 1, 2, 3].map((i) => [10, 20, 30, 40][i]! + x.slice(i * 5, i * 5 + 5).reduce((p, q) => p + q, 0));
    expect(maxViolation(s.get(acc, 4), want, 1e-5, 1e-6)).toBeLessThanOrEqual(1);
  });
  it('rejects views that leave their buffer (either direction)', () => {
    const x = s.put(new Float32Array(6)), y = s.out(6);
    expect(() => b.cnn.stridedCopy(y, [3, 1], x, [4, 1], [2, 3], false)).toThrow(MXNetError);
    expect(() => b.cnn.stridedCopy(y, [3, 1], x, [-3, 1], [2, 3], false)).toThrow(/outside the buffer/);
    expect(() => b.cnn.stridedCopy(y, [3, 1], x, [3], [2, 3], false)).toThrow(/1 strides for 2 dims/);
  });
});

describe('broadcastBinary', () => {
  it('(2, 3) − (3,) row-broadcast and (2, 1) / (2, 3)', () => {
    const a = s.put([1, 2, 3, 4, 5, 6]), r = s.put([1, 10, 100]), c = s.put([2, 4]), y = s.out(6);
    b.cnn.broadcastBinary('sub', a, [3, 1], r, [0, 1], y, [2, 3]);
    expect(Array.from(s.get(y, 6))).toEqual([0, -8, -97, 3, -5, -94]);
    b.cnn.broadcastBinary('div', c, [1, 0], a, [3, 1], y, [2, 3]);
    expect(maxViolation(s.get(y, 6), [2, 1, 2 / 3, 1, 0.8, 4 / 6], 1e-7, 1e-6)).toBeLessThanOrEqual(1);
  });
});

describe('im2col / col2im', () => {
  const g = { C: 2, H: 4, W: 5, kh: 3, kw: 2, sh: 2, sw: 1, ph: 1, pw: 1, dh: 1, dw: 2, oh: 2, ow: 4 };
  /** col[(c·kh + i)·kw + j, oy·ow + ox] = x[c, oy·sh − ph + i·dh, ox·sw − pw + j·dw] or 0 outside. */
  const at = (x: Float32Array, c: number, i: number, j: number, oy: number, ox: number) => {
    const iy = oy * g.sh - g.ph + i * g.dh, ix = ox * g.sw - g.pw + j * g.dw;
    return iy < 0 || iy >= g.H || ix < 0 || ix >= g.W ? 0 : x[(c * g.H + iy) * g.W + ix]!;
  };
  it('writes rows colLd apart and col2im is its adjoint', () => {
    const x = randomArray(40, 7), xr = s.put(x);
    const L = g.oh * g.ow, ld = L + 3, rows = g.C * g.kh * g.kw;
    const col = s.out(rows * ld);
    b.cnn.im2col(xr, col, g, ld);
    const got = s.get(col, rows * ld);
    for (let c = 0; c < g.C; c++) for (let i = 0; i < g.kh; i++) for (let j = 0; j < g.kw; j++) {
      for (let p = 0; p < L; p++) {
        expect(got[((c * g.kh + i) * g.kw + j) * ld + p]).toBe(at(x, c, i, j, Math.floor(p / g.ow), p % g.ow));
      }
      // the gap between rows is untouched (still the NaN fill)
      expect(Number.isNaN(got[((c * g.kh + i) * g.kw + j) * ld + L]!)).toBe(true);
    }
    // <im2col(x), v> = <x, col2im(v)> for a random v.
    const v = randomArray(rows * ld, 8), dx = s.out(40);
    b.cnn.col2im(s.put(v), dx, g, ld);
    let lhs = 0;
    for (let r = 0; r < rows; r++) for (let p = 0; p < L; p++) lhs += got[r * ld + p]! * v[r * ld + p]!;
    const dxv = s.get(dx, 40);
    const rhs = x.reduce((acc, xv, k) => acc + xv * dxv[k]!, 0);
    expect(Math.abs(lhs - rhs)).toBeLessThan(1e-4);
  });
  it('checks the col extent', () => {
    expect(() => b.cnn.im2col(s.out(40), s.out(10), g, 8)).toThrow(MXNetError);
  });
});
