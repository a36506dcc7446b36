// Tensors larger than one storage binding: with the binding limit lowered to 1 KiB (a test hook; real
// devices allow 128 MiB or more), every splittable kernel of the table runs as several dispatches over
// windows and must give the normal run's results bit for bit (the reductions — GEMM, sumAxis, the BatchNorm
// and PReLU gradients — whose runs accumulate in another order: the wasm results within tolerance); kernels
// that cannot split refuse with a clear MXNetError.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backendFor } from '../../src/backends/registry.js';
import { cpu } from '../../src/context.js';
import { MXNetError } from '../../src/base.js';
import { gpuBackend, hasGpu, SKIP_REASON } from './gpu_setup.js';
import { cnnCases } from './cnn_cases.js';
import { kernelCases } from './kernel_cases.js';
import { largeCases } from './large_cases.js';
import { expectSameResults, runCase } from './run_case.js';

const LIMIT = 1024;
/** Kernels that bind a whole image, channel set or strided box: under a 1 KiB limit these may refuse. */
const MAY_REFUSE = /^(im2col|col2im|pool|poolGrad|bnStats|lrn|stridedCopy|broadcastBinary|upsampleNearest)/;
/** Kernels whose split runs accumulate partial results, so the float32 summation order changes. */
const REORDERED = /^(gemm|sumAxis|large sumAxis|large bnBackward|large preluGammaGrad)/;
const REFUSAL = /storage binding/;

describe.skipIf(!hasGpu)(`WebGPU kernels split across ${LIMIT}-byte bindings${SKIP_REASON}`, () => {
  const setLimit = (bytes: number | null) => { gpuBackend().rt.bindingLimitOverride = bytes; };
  beforeAll(() => setLimit(LIMIT));
  afterAll(() => setLimit(null));

  for (const c of [...kernelCases(), ...cnnCases(), ...largeCases()]) {
    it(c.name, async () => {
      const g = gpuBackend();
      const before = g.stats();
      setLimit(null);
      const normal = await runCase(g, c);
      const wasm = await runCase(backendFor(cpu()), c);
      expectSameResults(c, wasm, normal);
      setLimit(LIMIT);
      let split: Record<string, Float32Array>;
      try {
        split = await runCase(g, c);
      } catch (e) {
        expect(e, `${c.name} failed under the small limit`).toBeInstanceOf(MXNetError);
        expect(String(e)).toMatch(REFUSAL);
        expect(c.name, `${c.name} should have been split, not refused`).toMatch(MAY_REFUSE);
        expect(g.stats()).toEqual(before);
        return;
      }
      if (REORDERED.test(c.name)) {
        // K blocks (GEMM) or mid runs (sumAxis) accumulate in another order: compare with wasm within tolerance.
        expectSameResults(c, wasm, split);
      } else {
        for (const k of Object.keys(normal)) expect(Array.from(split[k]!), `${c.name}: ${k}`).toEqual(Array.from(normal[k]!));
      }
      expect(g.stats()).toEqual(before);
    });
  }

  it('a 1003-element kernel really runs as several dispatches, each binding at most the limit', () => {
    const g = gpuBackend();
    const x = g.alloc(1003), y = g.alloc(1003);
    const sizes: number[][] = [];
    const run = g.rt.run.bind(g.rt);
    g.rt.run = (kernel, constants, types, values, buffers, groups) => {
      sizes.push(buffers.map((b) => ('buffer' in b ? b.size : b.size)));
      run(kernel, constants, types, values, buffers, groups);
    };
    try {
      g.unary('relu', { buf: x, off: 0 }, { buf: y, off: 0 }, 1003);
    } finally {
      g.rt.run = run;
      g.free(x);
      g.free(y);
    }
    expect(sizes.length).toBeGreaterThan(4);
    for (const s of sizes) for (const b of s) expect(b).toBeLessThanOrEqual(LIMIT);
  });

  it('a large FullyConnected-like GEMM (B bigger than a binding in both dims) matches a float64 reference', async () => {
    const g = gpuBackend();
    const M = 3, N = 40, K = 50;
    const A = Float32Array.from({ length: M * K }, (_, i) => Math.sin(i)), B = Float32Array.from({ length: N * K }, (_, i) => Math.cos(i * 0.7));
    const a = g.alloc(M * K), b = g.alloc(N * K), c = g.alloc(M * N);
    try {
      g.upload({ buf: a, off: 0 }, A);
      g.upload({ buf: b, off: 0 }, B);
      g.gemm(false, true, M, N, K, 1, { buf: a, off: 0 }, K, { buf: b, off: 0 }, K, 0, { buf: c, off: 0 }, N);
      const got = await g.download({ buf: c, off: 0 }, M * N);
      for (let m = 0; m < M; m++) {
        for (let n = 0; n < N; n++) {
          let s = 0;
          for (let k = 0; k < K; k++) s += A[m * K + k]! * B[n * K + k]!;
          expect(Math.abs(got[m * N + n]! - s)).toBeLessThanOrEqual(1e-5 + 1e-5 * Math.abs(s));
        }
      }
    } finally {
      for (const t of [a, b, c]) g.free(t);
    }
  });

  it('allocations are bounded by maxBufferSize (not the binding limit) with a clear MXNetError beyond it', () => {
    const g = gpuBackend();
    const x = g.alloc(4096);
    g.free(x);
    const tooMany = Math.floor(g.rt.device.limits.maxBufferSize / 4) + 1;
    expect(() => g.alloc(tooMany)).toThrow(/alloc: .*exceed this WebGPU device's largest buffer/);
  });

  it('a kernel that cannot split (im2col of one image beyond the limit) fails with a clear MXNetError', () => {
    const g = gpuBackend();
    const geo = { C: 1, H: 20, W: 20, kh: 1, kw: 1, sh: 1, sw: 1, ph: 0, pw: 0, dh: 1, dw: 1, oh: 20, ow: 20 };
    const x = g.alloc(400), col = g.alloc(400);
    try {
      expect(() => g.cnn.im2col({ buf: x, off: 0 }, { buf: col, off: 0 }, geo, 400)).toThrow(/im2col: .*storage binding.*cannot split/);
    } finally {
      g.free(x);
      g.free(col);
    }
  });
});
