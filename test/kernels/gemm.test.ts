// GEMM against a float64 reference: all transpose cases, odd and blocked sizes, alpha/beta,
// leading dimensions larger than the row length, and beta == 0 ignoring NaN in C.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { WasmBackend } from '../../src/backends/wasm/backend.js';
import { initWasmBackend } from '../../src/backends/wasm/init.js';
import { Scratch } from './device.js';
import { gemmRef, maxViolation, randomArray } from './reference.js';

let b: WasmBackend;
let s: Scratch;
beforeAll(async () => {
  b = await initWasmBackend();
  s = new Scratch(b);
});
afterEach(() => s.freeAll());

interface Case { M: number; N: number; K: number; alpha?: number; beta?: number; pad?: number; nanC?: boolean }

function run(transA: boolean, transB: boolean, c: Case, seed: number): number {
  const { M, N, K, alpha = 1, beta = 0, pad = 0 } = c;
  const [ar, ac] = transA ? [K, M] : [M, K];
  const [br, bc] = transB ? [N, K] : [K, N];
  const lda = ac + pad, ldb = bc + pad, ldc = N + pad;
  const A = randomArray(Math.max(1, ar * lda), seed);
  const B = randomArray(Math.max(1, br * ldb), seed + 1);
  const C0 = randomArray(Math.max(1, M * ldc), seed + 2);
  if (c.nanC) C0.fill(NaN);
  const Cr = s.put(C0, 3); // a non-zero offset into the C buffer
  b.gemm(transA, transB, M, N, K, alpha, s.put(A, 1), lda, s.put(B), ldb, beta, Cr, ldc);
  const got = s.get(Cr, C0.length);
  const want = gemmRef(transA, transB, M, N, K, alpha, A, lda, B, ldb, beta, C0, ldc);
  // Padding columns of C must be left untouched.
  for (let i = 0; i < M; i++) for (let j = N; j < ldc; j++) want[i * ldc + j] = C0[i * ldc + j]!;
  // float32 accumulation of K products of magnitude <= 1: error grows ~ sqrt(K) * 2^-24 * K worst case.
  return maxViolation(got, want, 1e-5 * Math.max(1, K), 1e-5);
}

const shapes: Case[] = [
  { M: 1, N: 1, K: 1 },
  { M: 7, N: 13, K: 5 },
  { M: 33, N: 65, K: 17 },
  { M: 5, N: 3, K: 300, alpha: -0.5, beta: 2 },
  { M: 70, N: 9, K: 130, alpha: 1.5, beta: 1, pad: 3 },
  { M: 100, N: 128, K: 784 },
  { M: 100, N: 10, K: 64, beta: 0, nanC: true },
  { M: 131, N: 259, K: 257, alpha: 0.25, beta: -1, pad: 5 },
  { M: 4, N: 7, K: 0, beta: 0.5 },
  { M: 3, N: 2100, K: 5, beta: 1 }, // wider than one packed B panel
  { M: 6, N: 5, K: 4, alpha: 0, beta: 0.5 },
  // M <= 4 without transA takes the unpacked small-batch path: column / K remainders, alpha, beta, NaN C.
  { M: 1, N: 128, K: 784 },
  { M: 2, N: 37, K: 301, alpha: -0.5, beta: 2, pad: 3 },
  { M: 4, N: 21, K: 9, beta: 0, nanC: true },
  { M: 3, N: 19, K: 6, alpha: 1.5, beta: 1, pad: 1 },
];

describe('gemm', () => {
  for (const tA of [false, true]) {
    for (const tB of [false, true]) {
      it(`transA=${tA} transB=${tB} matches the float64 reference`, () => {
        shapes.forEach((c, k) => {
          expect(run(tA, tB, c, 100 * k + 7), `M=${c.M} N=${c.N} K=${c.K}`).toBeLessThanOrEqual(1);
        });
      });
    }
  }

  it('handles a large blocked product (300 x 520 x 700: several M and K blocks)', () => {
    expect(run(false, true, { M: 300, N: 520, K: 700, alpha: 0.75, beta: 0.5 }, 99)).toBeLessThanOrEqual(1);
  });

  it('rejects out-of-bounds operands and bad leading dimensions with MXNetError', () => {
    const A = s.out(6), B = s.out(5), C = s.out(4);
    expect(() => b.gemm(false, false, 2, 2, 3, 1, A, 3, B, 2, 0, C, 2)).toThrow(/gemm B.*outside/);
    expect(() => b.gemm(false, false, 2, 2, 3, 1, A, 2, B, 2, 0, C, 2)).toThrow(/leading dimension/);
    expect(() => b.gemm(false, false, 2, 2, 3, 1, A, 3, s.out(6), 2, 0, s.out(3), 2)).toThrow(/gemm C.*outside/);
    expect(() => b.gemm(true, false, 2, 2, 3, 1, { buf: A.buf, off: 1 }, 2, s.out(6), 2, 0, C, 2)).toThrow(/gemm A.*outside/);
  });
});
