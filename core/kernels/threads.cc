// The thread pool behind parallel_for (core/include/parallel.h). The TS side starts each worker
// as a Web Worker holding its own instance of this module on the same shared memory and calls
// mx_worker_main(tid) in it; the worker then lives inside this loop.
//
// One job is published at a time. `claim` packs (job generation << 32 | next chunk index), so a
// claim is a single compare-and-swap that fails if the job changed in between: a late worker can
// never run a chunk of the previous job with the fields of the next one. The dispatcher closes a
// finished job (index = kClosed) before it rewrites the fields. Workers spin briefly on `gen`
// (ops come back to back in a training step), then sleep in memory.atomic.wait32.
#include <atomic>
#include <stdint.h>

#include "../include/mxjs.h"
#include "../include/parallel.h"

namespace mxjs {
namespace {

constexpr uint32_t kClosed = 0xffffffffu;
#if defined(__wasm_atomics__)
constexpr int kSpins = 1 << 15;
#endif

std::atomic<uint32_t> gen{0};         // futex word: bumped once per published job
std::atomic<uint64_t> claim{kClosed};  // (generation << 32) | next chunk index
std::atomic<int> done{0};             // chunks finished in the current job
std::atomic<int> dispatching{0};      // 1 while some thread owns the pool
std::atomic<int> quit{0};
std::atomic<int> threads{1};
std::atomic<ChunkFn> job_fn{nullptr};
std::atomic<void*> job_ctx{nullptr};
std::atomic<int> job_n{0};

void run_chunks(uint32_t g, int tid) {
  for (;;) {
    uint64_t w = claim.load(std::memory_order_acquire);
    if ((uint32_t)(w >> 32) != g) return;
    const uint32_t idx = (uint32_t)w;
    const ChunkFn fn = job_fn.load(std::memory_order_relaxed);
    void* const ctx = job_ctx.load(std::memory_order_relaxed);
    if (idx >= (uint32_t)job_n.load(std::memory_order_relaxed)) return;  // also true when closed
    if (!claim.compare_exchange_weak(w, w + 1, std::memory_order_acq_rel)) continue;
    fn(ctx, (int)idx, tid);
    done.fetch_add(1, std::memory_order_release);
  }
}

}  // namespace

int num_threads() { return threads.load(std::memory_order_relaxed); }

void parallel_run(int n, ChunkFn fn, void* ctx) {
  int expected = 0;
  if (!dispatching.compare_exchange_strong(expected, 1, std::memory_order_acquire)) {
    for (int i = 0; i < n; i++) fn(ctx, i, 0);  // nested, or another thread owns the pool
    return;
  }
  const uint32_t g = gen.load(std::memory_order_relaxed) + 1;
  job_fn.store(fn, std::memory_order_relaxed);
  job_ctx.store(ctx, std::memory_order_relaxed);
  job_n.store(n, std::memory_order_relaxed);
  done.store(0, std::memory_order_relaxed);
  claim.store((uint64_t)g << 32, std::memory_order_release);
  gen.store(g, std::memory_order_release);
#if defined(__wasm_atomics__)
  __builtin_wasm_memory_atomic_notify(reinterpret_cast<int*>(&gen), ~0u);
#endif
  run_chunks(g, 0);
  // Every chunk is claimed; wait for the ones still running (no sleeping here: a browser's main
  // thread may not block, and the wait is one chunk at most).
  while (done.load(std::memory_order_acquire) < n) {
  }
  claim.store(((uint64_t)g << 32) | kClosed, std::memory_order_release);
  dispatching.store(0, std::memory_order_release);
}

}  // namespace mxjs

MX_API void mx_set_num_threads(int n) {
  mxjs::threads.store(n < 1 ? 1 : n > mxjs::kMaxThreads ? mxjs::kMaxThreads : n, std::memory_order_relaxed);
}

MX_API int mx_get_num_threads() { return mxjs::num_threads(); }

MX_API int mx_max_threads() { return mxjs::kMaxThreads; }

MX_API void mx_worker_main(int tid) {
  using namespace mxjs;
  uint32_t seen = gen.load(std::memory_order_acquire);
  for (;;) {
    uint32_t g;
#if defined(__wasm_atomics__)
    int spins = 0;
#endif
    while ((g = gen.load(std::memory_order_acquire)) == seen) {
      if (quit.load(std::memory_order_relaxed)) return;
#if defined(__wasm_atomics__)
      if (++spins > kSpins) __builtin_wasm_memory_atomic_wait32(reinterpret_cast<int*>(&gen), (int)seen, -1);
#endif
    }
    seen = g;
    run_chunks(g, tid);
  }
}

MX_API void mx_threads_shutdown() {
  mxjs::quit.store(1, std::memory_order_relaxed);
  mxjs::gen.fetch_add(1, std::memory_order_release);
#if defined(__wasm_atomics__)
  __builtin_wasm_memory_atomic_notify(reinterpret_cast<int*>(&mxjs::gen), ~0u);
#endif
}
