// Row-major SGEMM C = alpha*op(A)*op(B) + beta*C (FullyConnected, Convolution via im2col, their
// gradients), BLAS semantics: beta == 0 overwrites C without reading it.
// Goto/BLIS structure: op(B) is packed into KC x NR slivers (L1-resident), op(A) into MR x KC
// slivers of an MC x KC block (L2-resident); a register-blocked MR x NR micro-kernel does the
// work. Transposes and alpha are absorbed by the packing, edges by zero padding.
#include <string.h>

#include "../include/mxjs.h"
#include "../include/parallel.h"
#include "../include/simd.h"

namespace {

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
void pack_a(bool trans, const float* A, int lda, int i0, int mc, int p0, int kc, float alpha, float* dst) {
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
      for (int r = 0; r < rows; r++) {
        const float* s = A + (size_t)(i0 + ir + r) * lda + p0;
        for (int p = 0; p < kc; p++) d[(size_t)p * MR + r] = alpha * s[p];
      }
      for (int r = rows; r < MR; r++) {
        for (int p = 0; p < kc; p++) d[(size_t)p * MR + r] = 0.f;
      }
    }
  }
}

// dst = op(B)[p0:p0+kc, j0:j0+nc] as consecutive kc x NR slivers (dst[k*NR + c]); columns past nc are zero.
void pack_b(bool trans, const float* B, int ldb, int p0, int kc, int j0, int nc, float* dst) {
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
      // op(B)[p, j] = B[j, p]: read each source row contiguously, scatter into the sliver.
      for (int c = 0; c < cols; c++) {
        const float* s = B + (size_t)(j0 + jr + c) * ldb + p0;
        for (int p = 0; p < kc; p++) d[(size_t)p * NR + c] = s[p];
      }
      for (int c = cols; c < NR; c++) {
        for (int p = 0; p < kc; p++) d[(size_t)p * NR + c] = 0.f;
      }
    }
  }
}

// C[0:mr, 0:nr] = acc + beta*C (beta == 0: C not read) from packed slivers a (MR x kc) and b (kc x NR).
void micro_kernel(int kc, const float* __restrict a, const float* __restrict b, float* C, int ldc,
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

void scale_c(int M, int N, float beta, float* C, int ldc) {
  for (int i = 0; i < M; i++) {
    float* c = C + (size_t)i * ldc;
    if (beta == 0.f) {
      memset(c, 0, sizeof(float) * N);
    } else {
      for (int j = 0; j < N; j++) c[j] *= beta;
    }
  }
}

// Batch-1..SMALL_M inference (FullyConnected on one sample): packing op(B) would cost about as much as
// the whole product and the MR x NR tile would be mostly padding, so op(B) is streamed once, unpacked.
constexpr int SMALL_M = 4;

inline void put_c(float* c, float v, float alpha, float beta) {
  *c = alpha * v + (beta == 0.f ? 0.f : beta * *c);  // beta == 0: C is not read (it may hold NaN)
}

// op(B) = B^T (B is N x K, row-major): each C[i, j] is a dot product of two contiguous rows. Four
// rows of B at a time stay in L1 while every row of A passes over them.
void small_m_dot(int M, int N, int K, float alpha, const float* A, int lda, const float* B, int ldb,
                 float beta, float* C, int ldc) {
  int j = 0;
  for (; j + 4 <= N; j += 4) {
    const float* b0 = B + (size_t)j * ldb;
    const float *b1 = b0 + ldb, *b2 = b1 + ldb, *b3 = b2 + ldb;
    for (int i = 0; i < M; i++) {
      const float* a = A + (size_t)i * lda;
      f32x4 s0 = f4_zero(), s1 = f4_zero(), s2 = f4_zero(), s3 = f4_zero();
      int p = 0;
      for (; p + 4 <= K; p += 4) {
        const f32x4 av = f4_load(a + p);
        s0 = f4_madd(av, f4_load(b0 + p), s0);
        s1 = f4_madd(av, f4_load(b1 + p), s1);
        s2 = f4_madd(av, f4_load(b2 + p), s2);
        s3 = f4_madd(av, f4_load(b3 + p), s3);
      }
      float r0 = f4_hsum(s0), r1 = f4_hsum(s1), r2 = f4_hsum(s2), r3 = f4_hsum(s3);
      for (; p < K; p++) {
        r0 += a[p] * b0[p];
        r1 += a[p] * b1[p];
        r2 += a[p] * b2[p];
        r3 += a[p] * b3[p];
      }
      float* c = C + (size_t)i * ldc + j;
      put_c(c, r0, alpha, beta);
      put_c(c + 1, r1, alpha, beta);
      put_c(c + 2, r2, alpha, beta);
      put_c(c + 3, r3, alpha, beta);
    }
  }
  for (; j < N; j++) {
    const float* b = B + (size_t)j * ldb;
    for (int i = 0; i < M; i++) {
      const float* a = A + (size_t)i * lda;
      f32x4 s = f4_zero();
      int p = 0;
      for (; p + 4 <= K; p += 4) s = f4_madd(f4_load(a + p), f4_load(b + p), s);
      float r = f4_hsum(s);
      for (; p < K; p++) r += a[p] * b[p];
      put_c(C + (size_t)i * ldc + j, r, alpha, beta);
    }
  }
}

// op(B) = B (K x N): each row of C accumulates A[i, p] * B[p, :] over p in registers, sixteen columns
// (one 64-byte line of a B row) at a time, so every line of B is fetched once per row of A.
void small_m_axpy(int M, int N, int K, float alpha, const float* A, int lda, const float* B, int ldb,
                  float beta, float* C, int ldc) {
  for (int i = 0; i < M; i++) {
    const float* a = A + (size_t)i * lda;
    float* c = C + (size_t)i * ldc;
    int j = 0;
    for (; j + 16 <= N; j += 16) {
      f32x4 s[4] = {f4_zero(), f4_zero(), f4_zero(), f4_zero()};
      const float* b = B + j;
      for (int p = 0; p < K; p++, b += ldb) {
        const f32x4 av = f4_load_splat(a + p);
        for (int q = 0; q < 4; q++) s[q] = f4_madd(av, f4_load(b + 4 * q), s[q]);
      }
      float t[16];
      for (int q = 0; q < 4; q++) f4_store(t + 4 * q, s[q]);
      for (int q = 0; q < 16; q++) put_c(c + j + q, t[q], alpha, beta);
    }
    for (; j + 4 <= N; j += 4) {
      f32x4 s = f4_zero();
      const float* b = B + j;
      for (int p = 0; p < K; p++, b += ldb) s = f4_madd(f4_load_splat(a + p), f4_load(b), s);
      float t[4];
      f4_store(t, s);
      for (int q = 0; q < 4; q++) put_c(c + j + q, t[q], alpha, beta);
    }
    for (; j < N; j++) {
      float r = 0.f;
      for (int p = 0; p < K; p++) r += a[p] * B[(size_t)p * ldb + j];
      put_c(c + j, r, alpha, beta);
    }
  }
}


// The packed algorithm on one thread. The pack buffers live on the calling thread's stack, so
// every thread (pool workers, device workers) has its own without touching the allocator.
void gemm_packed(bool ta, bool tb, int M, int N, int K, float alpha, const float* A, int lda, const float* B,
                 int ldb, float beta, float* C, int ldc) {
  alignas(64) float a_panel[MC * KC];
  alignas(64) float b_panel[KC * NC];
  for (int jc = 0; jc < N; jc += NC) {
    const int nc = N - jc < NC ? N - jc : NC;
    for (int pc = 0; pc < K; pc += KC) {
      const int kc = K - pc < KC ? K - pc : KC;
      // beta applies once, on the first K block; later blocks accumulate.
      const float beta_k = pc == 0 ? beta : 1.f;
      pack_b(tb, B, ldb, pc, kc, jc, nc, b_panel);
      for (int ic = 0; ic < M; ic += MC) {
        const int mc = M - ic < MC ? M - ic : MC;
        pack_a(ta, A, lda, ic, mc, pc, kc, alpha, a_panel);
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

void gemm_serial(bool ta, bool tb, int M, int N, int K, float alpha, const float* A, int lda, const float* B,
                 int ldb, float beta, float* C, int ldc) {
  if (M <= SMALL_M && !ta) {
    if (tb) small_m_dot(M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
    else small_m_axpy(M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
  } else {
    gemm_packed(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
  }
}

}  // namespace

// Threads split C into blocks of whole rows or whole columns (the longer side), each block a full
// product of its own; every element is still summed in the same order, so results do not depend
// on the thread count.
MX_API void mx_gemm(int trans_a, int trans_b, int M, int N, int K, float alpha, const float* A,
                    int lda, const float* B, int ldb, float beta, float* C, int ldc) {
  if (M <= 0 || N <= 0) return;
  if (K <= 0 || alpha == 0.f) {
    if (beta != 1.f) scale_c(M, N, beta, C, ldc);
    return;
  }
  const bool ta = trans_a != 0, tb = trans_b != 0;
  const int threads = (double)M * N * K < kParallelWork ? 1 : mxjs::num_threads();
  const bool by_cols = N >= M || M <= SMALL_M;
  const int grain = by_cols ? NR : MR;
  const int extent = by_cols ? N : M;
  const int parts = threads < (extent + grain - 1) / grain ? threads : (extent + grain - 1) / grain;
  if (parts <= 1) {
    gemm_serial(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
    return;
  }
  mxjs::parallel_for(parts, [&](int part, int) {
    int lo, hi;
    mxjs::split_range(extent, parts, part, grain, &lo, &hi);
    if (lo >= hi) return;
    if (by_cols) {
      gemm_serial(ta, tb, M, hi - lo, K, alpha, A, lda, tb ? B + (size_t)lo * ldb : B + lo, ldb, beta, C + lo, ldc);
    } else {
      gemm_serial(ta, tb, hi - lo, N, K, alpha, ta ? A + lo : A + (size_t)lo * lda, lda, B, ldb, beta,
                  C + (size_t)lo * ldc, ldc);
    }
  });
}
