// Counter-based randomness: the Philox reference against Random123's known answers, the kernels
// against that reference (same (key, counter) → same numbers), and distribution statistics.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { WasmBackend } from '../../src/backends/wasm/backend.js';
import { initWasmBackend } from '../../src/backends/wasm/init.js';
import { Scratch } from './device.js';
import { maxViolation, meanVar, philox4x32_10, randomArray, uniformStreamRef } from './reference.js';

let b: WasmBackend;
let s: Scratch;
beforeAll(async () => {
  b = await initWasmBackend();
  s = new Scratch(b);
});
afterEach(() => s.freeAll());

describe('Philox4x32-10 reference', () => {
  it("matches Random123's known-answer vectors", () => {
    expect(philox4x32_10([0, 0, 0, 0], [0, 0])).toEqual([0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8]);
    expect(philox4x32_10([0xffffffff, 0xffffffff, 0xffffffff, 0xffffffff], [0xffffffff, 0xffffffff]))
      .toEqual([0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd]);
    expect(philox4x32_10([0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344], [0xa4093822, 0x299f31d0]))
      .toEqual([0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1]);
  });
});

describe('randomUniform', () => {
  it('reproduces the specified stream exactly (incl. counter wrap-around and a partial last block)', () => {
    for (const [key, counter, n] of [[0, 0, 8], [12345, 77, 1001], [0xdeadbeef, 0xfffffffe, 13]] as const) {
      const yr = s.out(n);
      b.randomUniform(yr, n, 0, 1, key, counter);
      expect(Array.from(s.get(yr, n))).toEqual(Array.from(uniformStreamRef(n, key, counter)));
    }
  });

  it('same (key, counter) gives the same numbers; the next counter continues the stream', () => {
    const a = s.out(16), c = s.out(16), d = s.out(12);
    b.randomUniform(a, 16, -1, 1, 42, 5);
    b.randomUniform(c, 16, -1, 1, 42, 5);
    b.randomUniform(d, 12, -1, 1, 42, 6);
    expect(Array.from(s.get(a, 16))).toEqual(Array.from(s.get(c, 16)));
    expect(Array.from(s.get(a, 16)).slice(4)).toEqual(Array.from(s.get(d, 12)));
    const e = s.out(16);
    b.randomUniform(e, 16, -1, 1, 43, 5);
    expect(Array.from(s.get(e, 16))).not.toEqual(Array.from(s.get(a, 16)));
  });

  it('scales to [low, high) with float32 arithmetic and has the right mean and variance', () => {
    const n = 200_000, low = -2, high = 3;
    const yr = s.out(n);
    b.randomUniform(yr, n, low, high, 7, 1000);
    const y = s.get(yr, n);
    const u = uniformStreamRef(n, 7, 1000);
    const range = Math.fround(high - low);
    expect(Array.from(y.subarray(0, 1000))).toEqual(Array.from(u.subarray(0, 1000), (v) => Math.fround(low + Math.fround(range * v))));
    expect(y.reduce((a, v) => Math.min(a, v), Infinity)).toBeGreaterThanOrEqual(low);
    expect(y.reduce((a, v) => Math.max(a, v), -Infinity)).toBeLessThan(high);
    const { mean, variance } = meanVar(y);
    // standard error of the mean is 5/sqrt(12 n) ≈ 0.0032; allow ~6 sigma. Var 25/12 ± ~1%.
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.02);
    expect(Math.abs(variance - 25 / 12)).toBeLessThan(0.03);
  });
});

describe('randomNormal', () => {
  it('is Box–Muller on the uniform stream, pairwise, including an odd last element', () => {
    const n = 1001, mean = 0.5, std = 2;
    const yr = s.out(n);
    b.randomNormal(yr, n, mean, std, 99, 3);
    const u = uniformStreamRef(n + 1, 99, 3);
    const want = new Float64Array(n);
    for (let j = 0; j < n; j += 2) {
      const r = Math.sqrt(-2 * Math.log(1 - u[j]!)), t = 2 * Math.PI * u[j + 1]!;
      want[j] = mean + std * r * Math.cos(t);
      if (j + 1 < n) want[j + 1] = mean + std * r * Math.sin(t);
    }
    // float32 log/cos/sin on values with |r| < 6: absolute error well below 1e-5 after scaling by std.
    expect(maxViolation(s.get(yr, n), want, 2e-5, 1e-5)).toBeLessThanOrEqual(1);
  });

  it('has the requested mean and standard deviation', () => {
    const n = 200_001;
    const yr = s.out(n);
    b.randomNormal(yr, n, 1.5, 2, 2024, 0);
    const { mean, variance } = meanVar(s.get(yr, n));
    // standard error of the mean 2/sqrt(n) ≈ 0.0045 and of the std ≈ 0.0032: ~6 sigma bounds.
    expect(Math.abs(mean - 1.5)).toBeLessThan(0.03);
    expect(Math.abs(Math.sqrt(variance) - 2)).toBeLessThan(0.02);
  });
});

describe('dropout', () => {
  it('mask is (u < keep) / keep from the stream and y = x * mask', () => {
    const n = 100_000, keep = 0.7;
    const x = randomArray(n, 5, -3, 3);
    const xr = s.put(x), yr = s.out(n), mr = s.out(n);
    b.dropout(xr, yr, mr, n, keep, 11, 500);
    const mask = s.get(mr, n), y = s.get(yr, n);
    const u = uniformStreamRef(n, 11, 500);
    const scale = Math.fround(1 / Math.fround(keep));
    let kept = 0;
    for (let i = 0; i < n; i++) {
      const want = u[i]! < Math.fround(keep) ? scale : 0;
      if (mask[i] !== want) throw new Error(`mask[${i}] = ${mask[i]}, expected ${want}`);
      if (y[i] !== Math.fround(x[i]! * want)) throw new Error(`y[${i}] = ${y[i]}, expected ${x[i]! * want}`);
      if (want !== 0) kept++;
    }
    // binomial std of the kept fraction sqrt(0.21 / n) ≈ 0.0014
    expect(Math.abs(kept / n - keep)).toBeLessThan(0.01);
  });

  it('works in place (y == x), zeroes everything for keep = 0, and rejects keep outside [0, 1]', () => {
    const x = randomArray(64, 9);
    const xr = s.put(x), mr = s.out(64);
    b.dropout(xr, xr, mr, 64, 0.5, 1, 1);
    const m = s.get(mr, 64), y = s.get(xr, 64);
    for (let i = 0; i < 64; i++) expect(y[i]).toBe(Math.fround(x[i]! * m[i]!));
    const zr = s.out(64);
    b.dropout(s.put(x), zr, mr, 64, 0, 1, 1);
    expect(Array.from(s.get(zr, 64)).every((v) => v === 0)).toBe(true);
    expect(Array.from(s.get(mr, 64)).every((v) => v === 0)).toBe(true);
    expect(() => b.dropout(xr, xr, mr, 64, -0.1, 1, 1)).toThrow(/keep probability/);
    expect(() => b.dropout(xr, xr, mr, 64, 1.5, 1, 1)).toThrow(/keep probability/);
  });
});
