// The implicit-im2col convolution GEMMs (core/kernels/conv_gemm.cc), forward and weight gradient: equal bit
// for bit to im2col + gemm
// (same packed values, blocking and summation order) and to a float64 direct convolution within
// float32 rounding (F > 4 throughout: gemm takes an unpacked path for 4 rows or fewer), over padding,
// stride, dilation, several channels, widths that are and are not
// multiples of the 8-column sliver, batches that straddle slivers, and 1 or 2 threads.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { ConvGeometry } from '../../src/backends/kernels/cnn.js';
import type { WasmBackend } from '../../src/backends/wasm/backend.js';
import { initWasmBackend } from '../../src/backends/wasm/init.js';
import { set_num_threads } from '../../src/engine.js';
import { convOutHW, convRef, type Conv2d } from '../ops/cnn_reference.js';
import { keepThreadCount, Scratch } from './device.js';
import { maxViolation, randomArray } from './reference.js';

let b: WasmBackend;
let s: Scratch;
beforeAll(async () => {
  b = await initWasmBackend();
  s = new Scratch(b);
});
afterEach(() => s.freeAll());
keepThreadCount();

const CASES: Conv2d[] = [
  { N: 3, C: 1, H: 28, W: 28, F: 6, G: 1, kh: 5, kw: 5, sh: 1, sw: 1, ph: 0, pw: 0, dh: 1, dw: 1 }, // LeNet conv1 (one-run slivers)
  { N: 2, C: 5, H: 12, W: 12, F: 7, G: 1, kh: 5, kw: 5, sh: 1, sw: 1, ph: 0, pw: 0, dh: 1, dw: 1 }, // ow = 8
  { N: 2, C: 3, H: 9, W: 11, F: 5, G: 1, kh: 3, kw: 3, sh: 1, sw: 1, ph: 1, pw: 1, dh: 1, dw: 1 }, // padding, ow = 11
  { N: 3, C: 2, H: 13, W: 10, F: 5, G: 1, kh: 3, kw: 2, sh: 2, sw: 3, ph: 1, pw: 2, dh: 1, dw: 1 }, // strides
  { N: 1, C: 4, H: 15, W: 17, F: 9, G: 1, kh: 3, kw: 3, sh: 1, sw: 1, ph: 2, pw: 2, dh: 2, dw: 2 }, // dilation
  { N: 4, C: 300, H: 3, W: 3, F: 6, G: 1, kh: 1, kw: 1, sh: 1, sw: 1, ph: 0, pw: 0, dh: 1, dw: 1 }, // K = 300 > one K block
];

function geometry(c: Conv2d): ConvGeometry {
  const [oh, ow] = convOutHW(c);
  return { C: c.C, H: c.H, W: c.W, kh: c.kh, kw: c.kw, sh: c.sh, sw: c.sw, ph: c.ph, pw: c.pw, dh: c.dh, dw: c.dw, oh, ow };
}

describe('convGemm (implicit im2col)', () => {
  for (const c of CASES) {
    it(`C=${c.C} ${c.H}x${c.W} k${c.kh}x${c.kw} s${c.sh},${c.sw} p${c.ph},${c.pw} d${c.dh},${c.dw} batch ${c.N}`, () => {
      const g = geometry(c), L = g.oh * g.ow, K = c.C * c.kh * c.kw, N = c.N * L;
      const x = randomArray(c.N * c.C * c.H * c.W, 11), w = randomArray(c.F * K, 12);
      // Reference path: im2col into col [K, N], then gemm.
      const col = s.out(K * N), viaCol = s.out(c.F * N);
      b.cnn.im2col(s.put(x), col, g, N, c.N);
      b.gemm(false, false, c.F, N, K, 1, s.put(w), K, col, N, 0, viaCol, N);
      const want = s.get(viaCol, c.F * N);
      for (const threads of [1, 2]) {
        set_num_threads(threads);
        const y = s.out(c.F * N);
        b.cnn.convGemm(s.put(w), s.put(x), y, g, c.F, c.N);
        expect(Buffer.from(s.get(y, c.F * N).buffer).equals(Buffer.from(want.buffer)), `${threads} thread(s)`).toBe(true);
      }
      // …and the float64 direct convolution, reordered from NCHW to the kernel's [F, n·L] layout.
      const ref = convRef(c, Float64Array.from(x), Float64Array.from(w), null);
      const refCm = new Float64Array(c.F * N);
      for (let n = 0; n < c.N; n++) for (let f = 0; f < c.F; f++) for (let q = 0; q < L; q++) refCm[f * N + n * L + q] = ref[(n * c.F + f) * L + q]!;
      expect(maxViolation(want, refCm, 1e-5 * K, 1e-5)).toBeLessThanOrEqual(1);
    });
  }

  for (const c of CASES) {
    it(`weight gradient, C=${c.C} ${c.H}x${c.W} k${c.kh}x${c.kw} s${c.sh},${c.sw} p${c.ph},${c.pw} d${c.dh},${c.dw} batch ${c.N}`, () => {
      const g = geometry(c), L = g.oh * g.ow, K = c.C * c.kh * c.kw, N = c.N * L;
      const x = randomArray(c.N * c.C * c.H * c.W, 13), dy = randomArray(c.F * N, 14), dw0 = randomArray(c.F * K, 15);
      for (const beta of [0, 1]) {
        // Reference path: im2col, then dw = beta·dw + dy · colᵀ through gemm.
        const col = s.out(K * N), viaCol = s.put(dw0);
        b.cnn.im2col(s.put(x), col, g, N, c.N);
        b.gemm(false, true, c.F, K, N, 1, s.put(dy), N, col, N, beta, viaCol, K);
        const want = s.get(viaCol, c.F * K);
        for (const threads of [1, 2]) {
          set_num_threads(threads);
          const dw = s.put(dw0);
          b.cnn.convGemmDw(s.put(dy), s.put(x), dw, g, c.F, c.N, beta);
          expect(Buffer.from(s.get(dw, c.F * K).buffer).equals(Buffer.from(want.buffer)), `beta ${beta}, ${threads} thread(s)`).toBe(true);
        }
        // …and a float64 sum over positions of dy · input patch.
        const ref = new Float64Array(c.F * K);
        const [oh, ow] = [g.oh, g.ow];
        for (let f = 0; f < c.F; f++) for (let r = 0; r < K; r++) {
          const ch = Math.floor(r / (c.kh * c.kw)), i = Math.floor(r / c.kw) % c.kh, j = r % c.kw;
          let acc = beta * dw0[f * K + r]!;
          for (let n = 0; n < c.N; n++) for (let oy = 0; oy < oh; oy++) for (let ox = 0; ox < ow; ox++) {
            const iy = oy * c.sh - c.ph + i * c.dh, ix = ox * c.sw - c.pw + j * c.dw;
            if (iy < 0 || iy >= c.H || ix < 0 || ix >= c.W) continue;
            acc += dy[f * N + n * L + oy * ow + ox]! * x[((n * c.C + ch) * c.H + iy) * c.W + ix]!;
          }
          ref[f * K + r] = acc;
        }
        expect(maxViolation(want, ref, 1e-5 * N, 1e-5)).toBeLessThanOrEqual(1);
      }
    });
  }

  it('checks its operands against their buffers', () => {
    const g = geometry(CASES[0]!);
    expect(() => b.cnn.convGemm(s.out(10), s.out(28 * 28), s.out(6 * 576), g, 6, 1)).toThrow(/convGemm w/);
  });
});
