// mx.engine: how many threads the cpu kernels use (ts-api.md "Threads"). MXNet reads OMP_NUM_THREADS;
// so does mxjs at start-up in Node and Deno, and set_num_threads changes it at any time.

import { MXNetError } from './base.js';
import { cpuThreadPool } from './backends/wasm/init.js';

/**
 * Use `n` threads (>= 1) for cpu kernels from now on; returns the count in effect. Where the host has
 * no shared memory (a page that is not cross-origin isolated) kernels stay on one thread.
 */
export function set_num_threads(n: number): number {
  if (!Number.isInteger(n) || n < 1) throw new MXNetError(`engine.set_num_threads: n must be an integer >= 1, got ${n}`);
  return cpuThreadPool()?.setNumThreads(n) ?? 1;
}

/** The number of threads cpu kernels use now. */
export function get_num_threads(): number {
  return cpuThreadPool()?.ex.mx_get_num_threads() ?? 1;
}

/**
 * @internal While `devices` cpu contexts train side by side (each on a thread of its own), give each
 * an equal share of the threads; returns the function that restores the previous count.
 */
export function shareThreadsAmong(devices: number): () => void {
  const pool = cpuThreadPool();
  if (!pool || devices < 2) return () => {};
  const before = get_num_threads();
  pool.setNumThreads(Math.max(1, Math.floor(before / devices)));
  return () => { pool.setNumThreads(before); };
}
