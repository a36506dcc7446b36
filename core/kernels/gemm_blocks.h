// The building blocks of the packed GEMM (gemm.cc) shared with the implicit-im2col convolution
// (conv_gemm.cc): block sizes, packing of A, the dense packing of B, the MR x NR micro-kernel, and the
// blocked loop nest over packers, so a caller can supply its own way of producing B's panels.
// Internal to core/kernels (not part of the C interface).
#ifndef MXJS_KERNELS_GEMM_BLOCKS_H_
#define MXJS_KERNELS_GEMM_BLOCKS_H_

#include <stddef.h>

#include "../include/simd.h"

namespace mxjs_gemm {

// Measured on the 2-core AMD EPYC dev machine (Node 20 / V8): 4x8 beat 3x8, 5x8 and 6x8 (the larger
// tiles make V8 spill accumulators) and unrolling the k loop was slower. KC x NR of B (8 KiB) stays
// in L1, the MC x KC block of A (128 KiB) in L2; results were flat across KC 128..512 and MC 64..256.
// The KC x NC panel of B (512 KiB) lives in L2/L3; NC = 512 re-packs A once per 512 columns (<1 %).
// With relaxed SIMD the same tile uses FMA; 6x8 (12 accumulators, no product temporaries) was slower
// still under Node 20's V8, and 4x8 with FMA measured level with 4x8 mul+add (43.6 vs 45.7 GFLOP/s).
constexpr int MR = 4;
constexpr int NR = 8;  // two f32x4 columns: 2*MR accumulators + 2 B vectors + 1 A broadcast
constexpr int KC = 256;
constexpr int MC = 128;
constexpr int NC = 512;

// Below this many multiply-adds a product runs on one thread: waking a worker costs more.
constexpr double kParallelWork = 1 << 19;

// dst = alpha * op(A)[i0:i0+mc, p0:p0+kc] as consecutive MR x kc slivers, k-major inside a sliver
// (dst[k*MR + r]); rows past mc are zero.
inline void pack_a(bool trans, const float* A, int lda, int i0, int mc, int p0, int kc, float alpha, float* dst) {
  for (int ir = 0; ir < mc; ir += MR) {
    const int rows = mc - ir < MR ? mc - ir : MR;
    float* d = dst + (size_t)ir * kc;
    if (trans) {
      // op(A)[i, p] = A[p, i]: each k gives up to MR contiguous values.
      for (int p = 0; p < kc; p++) {
        const float* s = A + (size_t)(p0 + p) * lda + i0 + ir;
        float* dp = d + (size_t)p * MR;
        int r = 0;
        for (; r < rows; r++) dp[r] = alpha * s[r];
        for (; r < MR; r++) dp[r] = 0.f;
      }
    } else {
      int p = 0;
      if (rows == MR) {
        // Four rows at a time, four k at a time: a 4x4 transpose in registers instead of strided stores.
        const float* s0 = A + (size_t)(i0 + ir) * lda + p0;
        const f32x4 va = f4_splat(alpha);
        for (; p + 4 <= kc; p += 4) {
          f32x4 r0 = f4_load(s0 + p), r1 = f4_load(s0 + lda + p), r2 = f4_load(s0 + 2 * (size_t)lda + p),
                r3 = f4_load(s0 + 3 * (size_t)lda + p);
          f4_transpose(r0, r1, r2, r3);
          float* dp = d + (size_t)p * MR;
          f4_store(dp, f4_mul(va, r0));
          f4_store(dp + 4, f4_mul(va, r1));
          f4_store(dp + 8, f4_mul(va, r2));
          f4_store(dp + 12, f4_mul(va, r3));
        }
      }
      for (int r = 0; r < rows; r++) {
        const float* s = A + (size_t)(i0 + ir + r) * lda + p0;
        for (int q = p; q < kc; q++) d[(size_t)q * MR + r] = alpha * s[q];
      }
      for (int r = rows; r < MR; r++) {
        for (int q = p; q < kc; q++) d[(size_t)q * MR + r] = 0.f;
      }
    }
  }
}

// dst = op(B)[p0:p0+kc, j0:j0+nc] as consecutive kc x NR slivers (dst[k*NR + c]); columns past nc are zero.
inline void pack_b(bool trans, const float* B, int ldb, int p0, int kc, int j0, int nc, float* dst) {
  for (int jr = 0; jr < nc; jr += NR) {
    const int cols = nc - jr < NR ? nc - jr : NR;
    float* d = dst + (size_t)jr * kc;
    if (!trans && cols == NR) {
      for (int p = 0; p < kc; p++) {
        const float* s = B + (size_t)(p0 + p) * ldb + j0 + jr;
        f4_store(d + (size_t)p * NR, f4_load(s));
        f4_store(d + (size_t)p * NR + 4, f4_load(s + 4));
      }
    } else if (!trans) {
      for (int p = 0; p < kc; p++) {
        const float* s = B + (size_t)(p0 + p) * ldb + j0 + jr;
        float* dp = d + (size_t)p * NR;
        int c = 0;
        for (; c < cols; c++) dp[c] = s[c];
        for (; c < NR; c++) dp[c] = 0.f;
      }
    } else {
      // op(B)[p, j] = B[j, p]: with all NR rows, two 4x4 register transposes per four k; otherwise (and
      // for the last k) read each source row contiguously and scatter into the sliver.
      int p = 0;
      if (cols == NR) {
        const float* s0 = B + (size_t)(j0 + jr) * ldb + p0;
        for (; p + 4 <= kc; p += 4) {
          float* dp = d + (size_t)p * NR;
          for (int h = 0; h < 2; h++) {
            const float* s = s0 + (size_t)(4 * h) * ldb + p;
            f32x4 r0 = f4_load(s), r1 = f4_load(s + ldb), r2 = f4_load(s + 2 * (size_t)ldb), r3 = f4_load(s + 3 * (size_t)ldb);
            f4_transpose(r0, r1, r2, r3);
            f4_store(dp + 4 * h, r0);
            f4_store(dp + NR + 4 * h, r1);
            f4_store(dp + 2 * NR + 4 * h, r2);
            f4_store(dp + 3 * NR + 4 * h, r3);
          }
        }
      }
      for (int c = 0; c < cols; c++) {
        const float* s = B + (size_t)(j0 + jr + c) * ldb + p0;
        for (int q = p; q < kc; q++) d[(size_t)q * NR + c] = s[q];
      }
      for (int c = cols; c < NR; c++) {
        for (int q = p; q < kc; q++) d[(size_t)q * NR + c] = 0.f;
      }
    }
  }
}

// C[0:mr, 0:nr] = acc + beta*C (beta == 0: C not read) from packed slivers a (MR x kc) and b (kc x NR).
inline void micro_kernel(int kc, const float* __restrict a, const float* __restrict b, float* C, int ldc,
                  float beta, int mr, int nr) {
  f32x4 acc[MR][2];
  for (int r = 0; r < MR; r++) acc[r][0] = acc[r][1] = f4_zero();
  for (int p = 0; p < kc; p++) {
    const f32x4 b0 = f4_load(b), b1 = f4_load(b + 4);
    for (int r = 0; r < MR; r++) {
      const f32x4 av = f4_load_splat(a + r);
      acc[r][0] = f4_madd(av, b0, acc[r][0]);
      acc[r][1] = f4_madd(av, b1, acc[r][1]);
    }
    a += MR;
    b += NR;
  }
  if (mr == MR && nr == NR) {
    const f32x4 vb = f4_splat(beta);
    for (int r = 0; r < MR; r++) {
      float* c = C + (size_t)r * ldc;
      if (beta == 0.f) {
        f4_store(c, acc[r][0]);
        f4_store(c + 4, acc[r][1]);
      } else if (beta == 1.f) {
        f4_store(c, f4_add(acc[r][0], f4_load(c)));
        f4_store(c + 4, f4_add(acc[r][1], f4_load(c + 4)));
      } else {
        f4_store(c, f4_add(acc[r][0], f4_mul(vb, f4_load(c))));
        f4_store(c + 4, f4_add(acc[r][1], f4_mul(vb, f4_load(c + 4))));
      }
    }
    return;
  }
  // Edge tile: spill the accumulators and update only the valid part of C.
  float tile[MR * NR];
  for (int r = 0; r < MR; r++) {
    f4_store(tile + r * NR, acc[r][0]);
    f4_store(tile + r * NR + 4, acc[r][1]);
  }
  for (int r = 0; r < mr; r++) {
    float* c = C + (size_t)r * ldc;
    const float* t = tile + r * NR;
    if (beta == 0.f) {
      for (int j = 0; j < nr; j++) c[j] = t[j];
    } else {
      for (int j = 0; j < nr; j++) c[j] = t[j] + beta * c[j];
    }
  }
}

// C (M x N) = A_panels x B_panels + beta*C with the Goto/BLIS loop nest on the calling thread:
// pack_b(p0, kc, j0, nc, dst) fills a KC x NC panel of op(B), pack_a(i0, mc, p0, kc, dst) an MC x KC block
// of op(A) (alpha folded in). The panels live on this thread's stack, so every thread (pool workers,
// device workers) has its own without touching the allocator.
template <class PackA, class PackB>
void packed_product(int M, int N, int K, float beta, float* C, int ldc, PackA&& pack_a_fn, PackB&& pack_b_fn) {
  alignas(64) float a_panel[MC * KC];
  alignas(64) float b_panel[KC * NC];
  for (int jc = 0; jc < N; jc += NC) {
    const int nc = N - jc < NC ? N - jc : NC;
    for (int pc = 0; pc < K; pc += KC) {
      const int kc = K - pc < KC ? K - pc : KC;
      // beta applies once, on the first K block; later blocks accumulate.
      const float beta_k = pc == 0 ? beta : 1.f;
      pack_b_fn(pc, kc, jc, nc, b_panel);
      for (int ic = 0; ic < M; ic += MC) {
        const int mc = M - ic < MC ? M - ic : MC;
        pack_a_fn(ic, mc, pc, kc, a_panel);
        for (int jr = 0; jr < nc; jr += NR) {
          const int nr = nc - jr < NR ? nc - jr : NR;
          const float* bp = b_panel + (size_t)jr * kc;
          for (int ir = 0; ir < mc; ir += MR) {
            const int mr = mc - ir < MR ? mc - ir : MR;
            micro_kernel(kc, a_panel + (size_t)ir * kc, bp, C + (size_t)(ic + ir) * ldc + jc + jr, ldc, beta_k, mr, nr);
          }
        }
      }
    }
  }
}

}  // namespace mxjs_gemm

#endif  // MXJS_KERNELS_GEMM_BLOCKS_H_
