// Element-wise kernels (unary, binary, scalar, axpby, biasAdd, clip, fill/copy) against float64
// formulas from operators.md, including MXNet's edge cases (softrelu > 20, round half away from zero).
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BinaryOp, ScalarOp, UnaryOp } from '../../src/backends/backend.js';
import type { WasmBackend } from '../../src/backends/wasm/backend.js';
import { initWasmBackend } from '../../src/backends/wasm/init.js';
import { Scratch } from './device.js';
import { binaryRef, maxViolation, randomArray, scalarRef, unaryRef } from './reference.js';

let b: WasmBackend;
let s: Scratch;
beforeAll(async () => {
  b = await initWasmBackend();
  s = new Scratch(b);
});
afterEach(() => s.freeAll());

// float32 math functions are accurate to a few ulp; the reference runs in float64 on the same inputs.
const ATOL = 1e-6, RTOL = 4e-6;
const edges = [0, -0, 0.5, -0.5, 1.5, -2.5, 2.5, 19.9, 20, 20.5, 25, -30, 3, -3];

describe('unary', () => {
  const positiveOnly = new Set(['log', 'sqrt', 'rsqrt']);
  for (const op of Object.keys(unaryRef) as UnaryOp[]) {
    it(`${op} matches the reference`, () => {
      const base = positiveOnly.has(op) ? randomArray(257, 3, 0.01, 50) : randomArray(257, 3, -8, 8);
      const x = Float32Array.from([...base, ...(positiveOnly.has(op) ? edges.filter((v) => v > 0) : edges)]);
      const xr = s.put(x), yr = s.out(x.length);
      b.unary(op, xr, yr, x.length);
      const want = Array.from(x, unaryRef[op]!);
      expect(maxViolation(s.get(yr, x.length), want, ATOL, RTOL)).toBeLessThanOrEqual(1);
      // in place (y == x) gives the same result
      b.unary(op, xr, xr, x.length);
      expect(maxViolation(s.get(xr, x.length), want, ATOL, RTOL)).toBeLessThanOrEqual(1);
    });
  }

  it('softrelu is exactly x above 20 and round goes half away from zero', () => {
    const x = s.put([20.5, 25, 88]), y = s.out(3);
    b.unary('softrelu', x, y, 3);
    expect(Array.from(s.get(y, 3))).toEqual([20.5, 25, 88]);
    const r = s.put([0.5, -0.5, 1.5, -2.5]), ry = s.out(4);
    b.unary('round', r, ry, 4);
    expect(Array.from(s.get(ry, 4))).toEqual([1, -1, 2, -3]);
  });

  it('exp, sigmoid and tanh are accurate to a few ulp in relative terms, with IEEE special values', () => {
    const dense = Float32Array.from({ length: 4001 }, (_, i) => -80 + i * 0.04);
    const tiny = Float32Array.from([1e-7, -3e-5, 1e-3, -0.2, 0.6249, 0.6251, -0.7]);
    const cases: [UnaryOp, Float32Array][] = [['exp', dense], ['sigmoid', dense], ['tanh', Float32Array.from([...dense.map((v) => v / 8), ...tiny])]];
    for (const [op, x] of cases) {
      const xr = s.put(x), yr = s.out(x.length);
      b.unary(op, xr, yr, x.length);
      // 4e-6 relative is ~30 float32 ulp; atol only absorbs results below the normal float range.
      expect(maxViolation(s.get(yr, x.length), Array.from(x, unaryRef[op]!), 1e-37, 4e-6), op).toBeLessThanOrEqual(1);
    }
    const special = [NaN, Infinity, -Infinity, 88.5, 89, -87, -104, 0];
    const xr = s.put(special), yr = s.out(special.length);
    for (const op of ['exp', 'sigmoid', 'tanh'] as UnaryOp[]) {
      b.unary(op, xr, yr, special.length);
      // rounded to float32 first: exp(89) overflows to +inf there
      const want = special.map((v) => Math.fround(unaryRef[op]!(v)));
      expect(maxViolation(s.get(yr, special.length), want, 1e-37, 4e-6), op).toBeLessThanOrEqual(1);
    }
  });

  it('rejects unknown ops and out-of-range lengths', () => {
    const x = s.out(4);
    expect(() => b.unary('cube' as UnaryOp, x, x, 4)).toThrow(/unknown op 'cube'/);
    expect(() => b.unary('relu', x, x, 5)).toThrow(/outside the buffer of length 4/);
    expect(() => b.unary('relu', x, x, -1)).toThrow(/non-negative integer/);
  });
});

describe('binary and scalar', () => {
  for (const op of Object.keys(binaryRef) as BinaryOp[]) {
    it(`binary ${op}`, () => {
      const n = 131;
      const a = op === 'pow' ? randomArray(n, 5, 0.1, 4) : randomArray(n, 5, -4, 4);
      const c = op === 'pow' ? randomArray(n, 6, -3, 3) : randomArray(n, 6, -4, 4);
      const ar = s.put(a), cr = s.put(c), yr = s.out(n);
      b.binary(op, ar, cr, yr, n);
      const want = Array.from(a, (v, i) => binaryRef[op]!(v, c[i]!));
      expect(maxViolation(s.get(yr, n), want, ATOL, RTOL)).toBeLessThanOrEqual(1);
    });
  }

  it('max/min propagate NaN from either side', () => {
    const a = s.put([NaN, 1, 2]), c = s.put([1, NaN, 3]), y = s.out(3);
    b.binary('max', a, c, y, 3);
    expect(Array.from(s.get(y, 3))).toEqual([NaN, NaN, 3]);
    b.binary('min', a, c, y, 3);
    expect(Array.from(s.get(y, 3))).toEqual([NaN, NaN, 2]);
  });

  for (const op of Object.keys(scalarRef) as ScalarOp[]) {
    it(`scalar ${op}`, () => {
      const pow = op === 'pow' || op === 'rpow';
      const x = Float32Array.from([...randomArray(64, 8, pow ? 0.1 : -3, 3), 1.5, -2, 0]);
      const sv = op === 'rpow' ? 1.7 : 1.5;
      const xr = s.put(x), yr = s.out(x.length);
      b.scalar(op, xr, sv, yr, x.length);
      const want = Array.from(x, (v) => scalarRef[op]!(v, sv));
      expect(maxViolation(s.get(yr, x.length), want, ATOL, RTOL)).toBeLessThanOrEqual(1);
    });
  }
});

describe('axpby, biasAdd, clip, fill, copy', () => {
  it('axpby computes alpha*x + beta*y, and beta = 0 ignores NaN in y', () => {
    const x = randomArray(37, 1), y = randomArray(37, 2);
    const xr = s.put(x), yr = s.put(y);
    b.axpby(0.5, xr, -2, yr, 37);
    expect(maxViolation(s.get(yr, 37), Array.from(x, (v, i) => 0.5 * v - 2 * y[i]!), 1e-7, 1e-6)).toBeLessThanOrEqual(1);
    const nan = s.out(37);
    b.axpby(3, xr, 0, nan, 37);
    expect(maxViolation(s.get(nan, 37), Array.from(x, (v) => 3 * v), 1e-7, 1e-6)).toBeLessThanOrEqual(1);
  });

  it('biasAdd adds b[c] over an [outer, C, inner] view, in place too', () => {
    const outer = 3, C = 5, inner = 7, n = outer * C * inner;
    const x = randomArray(n, 4), bias = randomArray(C, 5);
    const want = Array.from(x, (v, k) => v + bias[Math.floor(k / inner) % C]!);
    const xr = s.put(x), br = s.put(bias), yr = s.out(n);
    b.biasAdd(xr, br, yr, outer, C, inner);
    expect(maxViolation(s.get(yr, n), want, 1e-7, 1e-6)).toBeLessThanOrEqual(1);
    b.biasAdd(xr, br, xr, outer, C, inner);
    expect(maxViolation(s.get(xr, n), want, 1e-7, 1e-6)).toBeLessThanOrEqual(1);
  });

  it('clip bounds values inclusively', () => {
    const x = [-3, -1, -0.5, 0, 0.5, 1, 3], xr = s.put(x), yr = s.out(7);
    b.clip(xr, yr, 7, -1, 0.5);
    expect(Array.from(s.get(yr, 7))).toEqual([-1, -1, -0.5, 0, 0.5, 0.5, 0.5]);
  });

  it('fill, copy (overlapping too) and copy2d move exactly the requested elements', () => {
    const r = s.out(10);
    b.fill(r, 10, 0);
    b.fill({ buf: r.buf, off: 2 }, 3, 7);
    expect(Array.from(s.get(r, 10))).toEqual([0, 0, 7, 7, 7, 0, 0, 0, 0, 0]);
    const src = s.put([1, 2, 3, 4, 5, 6]);
    b.copy({ buf: r.buf, off: 4 }, src, 6);
    expect(Array.from(s.get(r, 10))).toEqual([0, 0, 7, 7, 1, 2, 3, 4, 5, 6]);
    b.copy({ buf: r.buf, off: 5 }, { buf: r.buf, off: 4 }, 5); // overlapping forward copy
    expect(Array.from(s.get(r, 10))).toEqual([0, 0, 7, 7, 1, 1, 2, 3, 4, 5]);
    const m = s.put([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]); // 3 rows of 4
    const d = s.out(6);
    b.fill(d, 6, 0);
    b.copy2d(d, 2, { buf: m.buf, off: 1 }, 4, 3, 2);
    expect(Array.from(s.get(d, 6))).toEqual([2, 3, 6, 7, 10, 11]);
    expect(() => b.copy2d(d, 2, m, 4, 4, 2)).toThrow(/copy2d (dst|src).*outside/);
  });
});
