// Intra-op parallelism for the kernels: parallel_for(n, f) runs f(i, tid) for i in [0, n) on the
// calling thread plus the pool's workers (tid 0 is the caller; tids index per-thread scratch).
// In builds without wasm threads (the single-threaded module, native builds) it is a plain loop.
// Chunks are claimed dynamically, so a worker that has not started yet only costs its share of
// speed, never correctness. A parallel_for inside a chunk, or from a second thread while one is
// dispatching, runs serially on the caller.
#ifndef MXJS_PARALLEL_H_
#define MXJS_PARALLEL_H_

namespace mxjs {

/** Threads the next parallel_for may use (>= 1); the pool's size as set by mx_set_num_threads. */
int num_threads();

/** The most threads any build supports: kernels size their per-thread scratch by it. */
constexpr int kMaxThreads = 16;

using ChunkFn = void (*)(void* ctx, int index, int tid);
void parallel_run(int n, ChunkFn fn, void* ctx);

template <class F>
void parallel_for(int n, F&& f) {
  if (n <= 0) return;
  if (n == 1 || num_threads() == 1) {
    for (int i = 0; i < n; i++) f(i, 0);
    return;
  }
  parallel_run(n, [](void* ctx, int i, int tid) { (*static_cast<F*>(ctx))(i, tid); }, &f);
}

/** [begin, end) of part `i` of `parts` near-equal parts of [0, total) in steps of `grain`. */
inline void split_range(int total, int parts, int i, int grain, int* begin, int* end) {
  const int units = (total + grain - 1) / grain;
  const int lo = (int)((long long)units * i / parts), hi = (int)((long long)units * (i + 1) / parts);
  *begin = lo * grain < total ? lo * grain : total;
  *end = hi * grain < total ? hi * grain : total;
}

/** Element-wise kernels split only from this many elements up; below it waking workers costs more. */
constexpr int kParallelElems = 1 << 15;

/**
 * f(begin, end) over [0, n): one contiguous range per thread (range starts at multiples of `grain`)
 * when n >= min_parallel, else a single call on the caller.
 */
template <class F>
void parallel_range(int n, int min_parallel, int grain, F&& f) {
  if (n <= 0) return;
  const int t = num_threads();
  const int parts = t < (n + grain - 1) / grain ? t : (n + grain - 1) / grain;
  if (parts <= 1 || n < min_parallel) {
    f(0, n);
    return;
  }
  parallel_for(parts, [&](int i, int) {
    int b, e;
    split_range(n, parts, i, grain, &b, &e);
    if (b < e) f(b, e);
  });
}

/** An element-wise loop over n floats; ranges start on 16-float (64-byte) boundaries. */
template <class F>
void parallel_elems(int n, F&& f) {
  parallel_range(n, kParallelElems, 16, f);
}

}  // namespace mxjs

#endif  // MXJS_PARALLEL_H_
