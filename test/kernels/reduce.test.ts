// sumAxis / argmaxAxis over [outer, mid, inner] views against float64 loops.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { WasmBackend } from '../../src/backends/wasm/backend.js';
import { initWasmBackend } from '../../src/backends/wasm/init.js';
import { Scratch } from './device.js';
import { argmaxAxisRef, maxViolation, randomArray, sumAxisRef } from './reference.js';

let b: WasmBackend;
let s: Scratch;
beforeAll(async () => {
  b = await initWasmBackend();
  s = new Scratch(b);
});
afterEach(() => s.freeAll());

const views: [number, number, number][] = [[1, 1, 1], [4, 37, 1], [3, 5, 7], [1, 100, 128], [64, 10, 1], [2, 1, 9], [5, 0, 3]];

describe('sumAxis', () => {
  for (const [outer, mid, inner] of views) {
    it(`[${outer}, ${mid}, ${inner}] sums the middle axis (and accumulates)`, () => {
      const x = randomArray(outer * mid * inner, outer + mid + inner);
      const y0 = randomArray(outer * inner, 5);
      const xr = s.put(x), yr = s.out(outer * inner);
      b.sumAxis(xr, yr, outer, mid, inner, false);
      const want = sumAxisRef(x, outer, mid, inner);
      // float32 sums of `mid` terms of magnitude <= 1
      const atol = 1e-6 * Math.max(1, mid);
      expect(maxViolation(s.get(yr, outer * inner), want, atol, 1e-6)).toBeLessThanOrEqual(1);
      const acc = s.put(y0);
      b.sumAxis(xr, acc, outer, mid, inner, true);
      expect(maxViolation(s.get(acc, outer * inner), Array.from(want, (v, i) => v + y0[i]!), atol, 1e-6)).toBeLessThanOrEqual(1);
    });
  }
});

describe('argmaxAxis', () => {
  for (const [outer, mid, inner] of views.filter((v) => v[1] > 0)) {
    it(`[${outer}, ${mid}, ${inner}] returns float indices of the maximum`, () => {
      const x = randomArray(outer * mid * inner, 3 * mid + inner);
      const yr = s.out(outer * inner);
      b.argmaxAxis(s.put(x), yr, outer, mid, inner);
      expect(Array.from(s.get(yr, outer * inner))).toEqual(Array.from(argmaxAxisRef(x, outer, mid, inner)));
    });
  }

  it('picks the first of equal maxima', () => {
    const yr = s.out(2);
    b.argmaxAxis(s.put([1, 3, 3, 0, 5, 5, 5, 5]), yr, 2, 4, 1);
    expect(Array.from(s.get(yr, 2))).toEqual([1, 0]);
  });
});
