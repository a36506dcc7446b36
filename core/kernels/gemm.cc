// Row-major SGEMM C = alpha*op(A)*op(B) + beta*C (FullyConnected, Convolution via im2col, their
// gradients), BLAS semantics: beta == 0 overwrites C without reading it.
// Goto/BLIS structure: op(B) is packed into KC x NR slivers (L1-resident), op(A) into MR x KC
// slivers of an MC x KC block (L2-resident); a register-blocked MR x NR micro-kernel does the
// work. Transposes and alpha are absorbed by the packing, edges by zero padding.
#include <string.h>

#include <atomic>

#include "../include/mxjs.h"
#include "../include/parallel.h"
#include "../include/simd.h"
#include "gemm_blocks.h"

namespace {

using namespace mxjs_gemm;

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


// The packed algorithm on one thread (dense A and B).
void gemm_packed(bool ta, bool tb, int M, int N, int K, float alpha, const float* A, int lda, const float* B,
                 int ldb, float beta, float* C, int ldc) {
  packed_product(
      M, N, K, beta, C, ldc,
      [&](int i0, int mc, int p0, int kc, float* dst) { pack_a(ta, A, lda, i0, mc, p0, kc, alpha, dst); },
      [&](int p0, int kc, int j0, int nc, float* dst) { pack_b(tb, B, ldb, p0, kc, j0, nc, dst); });
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

// Long, thin products (a convolution's weight gradient: C holds a few hundred elements, K tens of
// thousands) split K rather than C, which would leave each thread re-packing all of A. The K chunks are
// fixed by the shape alone; each is summed into a partial on its thread's stack and the partials are
// added into C in chunk order, so the sums and their order are the same on any number of threads.
constexpr int kSplitK = 4096;
constexpr int kMaxPartial = 8192;  // floats of C one partial holds (32 KiB of stack)

bool splits_k(int M, int N, int K) {
  const int mn = M > N ? M : N;
  return M * N <= kMaxPartial && K >= 2 * kSplitK && K >= 16 * mn;
}

void gemm_split_k(bool ta, bool tb, int M, int N, int K, float alpha, const float* A, int lda, const float* B,
                  int ldb, float beta, float* C, int ldc) {
  const int chunks = (K + kSplitK - 1) / kSplitK;
  std::atomic<int> turn{0};  // the chunk whose partial goes into C next
  mxjs::parallel_for(chunks, [&](int c, int) {
    const int k0 = c * kSplitK, kc = K - k0 < kSplitK ? K - k0 : kSplitK;
    float part[kMaxPartial];
    gemm_serial(ta, tb, M, N, kc, alpha, ta ? A + (size_t)k0 * lda : A + k0, lda, tb ? B + k0 : B + (size_t)k0 * ldb,
                ldb, 0.f, part, N);
    // Chunks are claimed in order, so chunk c - 1 is already running on some thread: wait for it.
    while (turn.load(std::memory_order_acquire) != c) {
    }
    for (int i = 0; i < M; i++) {
      float* ci = C + (size_t)i * ldc;
      const float* pi = part + (size_t)i * N;
      if (c > 0 || beta == 1.f) {
        for (int j = 0; j < N; j++) ci[j] += pi[j];
      } else if (beta == 0.f) {
        for (int j = 0; j < N; j++) ci[j] = pi[j];
      } else {
        for (int j = 0; j < N; j++) ci[j] = beta * ci[j] + pi[j];
      }
    }
    turn.store(c + 1, std::memory_order_release);
  });
}

}  // namespace

// Threads split C into blocks of whole rows or whole columns (the longer side), each block a full
// product of its own (or K, for long thin products: gemm_split_k); every element is still summed in
// the same order, so results do not depend on the thread count.
MX_API void mx_gemm(int trans_a, int trans_b, int M, int N, int K, float alpha, const float* A,
                    int lda, const float* B, int ldb, float beta, float* C, int ldc) {
  if (M <= 0 || N <= 0) return;
  if (K <= 0 || alpha == 0.f) {
    if (beta != 1.f) scale_c(M, N, beta, C, ldc);
    return;
  }
  const bool ta = trans_a != 0, tb = trans_b != 0;
  if (splits_k(M, N, K)) {
    gemm_split_k(ta, tb, M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
    return;
  }
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
