// GEMM benchmark: mxjs's wasm SGEMM vs TensorFlow.js's wasm backend (XNNPACK), both single-threaded,
// in one process with interleaved timings: 1024^3 plus the MNIST-MLP shapes (forward A·Bᵀ, weight
// gradient Aᵀ·B, data gradient A·B). Run: npx tsx bench/gemm.ts. `benchGemm()` is reused by npm run bench.

import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import { setThreadsCount } from '@tensorflow/tfjs-backend-wasm';
import type { Backend, Ref } from '../src/backends/backend.js';
import { initWasmBackend } from '../src/backends/wasm/init.js';
import { innerCount, timeInterleaved } from './lib/timing.js';

export interface GemmShape { name: string; M: number; N: number; K: number; transA: boolean; transB: boolean }

export interface GemmResult extends GemmShape {
  mxjsMs: number;
  tfjsMs: number;
  mxjsGflops: number;
  tfjsGflops: number;
  /** mxjs GFLOP/s divided by TF.js GFLOP/s (> 1: mxjs faster). */
  ratio: number;
  /** Largest |mxjs - tfjs| over the output, a sanity check that both computed the same product. */
  maxAbsDiff: number;
}

const MLP: GemmShape[] = [
  // FullyConnected forward: data[100, K] · weight[N, K]ᵀ
  { name: 'fc1 forward', M: 100, N: 128, K: 784, transA: false, transB: true },
  { name: 'fc2 forward', M: 100, N: 64, K: 128, transA: false, transB: true },
  { name: 'fc3 forward', M: 100, N: 10, K: 64, transA: false, transB: true },
  // weight gradient: dY[100, N]ᵀ · X[100, K] → [N, K]
  { name: 'fc1 weight grad', M: 128, N: 784, K: 100, transA: true, transB: false },
  { name: 'fc2 weight grad', M: 64, N: 128, K: 100, transA: true, transB: false },
  { name: 'fc3 weight grad', M: 10, N: 64, K: 100, transA: true, transB: false },
  // data gradient: dY[100, N] · W[N, K] → [100, K]
  { name: 'fc1 data grad', M: 100, N: 784, K: 128, transA: false, transB: false },
  { name: 'fc2 data grad', M: 100, N: 128, K: 64, transA: false, transB: false },
];

export const DEFAULT_SHAPES: GemmShape[] = [
  { name: 'square 1024', M: 1024, N: 1024, K: 1024, transA: false, transB: false },
  ...MLP,
];

function fill(n: number, seed: number): Float32Array {
  const a = new Float32Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    a[i] = x / 2 ** 32 - 0.5;
  }
  return a;
}

let tfReady: Promise<void> | undefined;
export function initTf(): Promise<void> {
  tfReady ??= (async () => {
    setThreadsCount(1);
    if (!(await tf.setBackend('wasm'))) throw new Error('TensorFlow.js wasm backend failed to initialise');
    await tf.ready();
  })();
  return tfReady;
}

function benchOne(b: Backend, s: GemmShape, reps: number): GemmResult {
  const { M, N, K, transA, transB } = s;
  const a = fill(M * K, 1), bm = fill(K * N, 2);
  const A = b.alloc(M * K), B = b.alloc(K * N), C = b.alloc(M * N);
  const ref = (buf: Ref['buf']): Ref => ({ buf, off: 0 });
  b.upload(ref(A), a);
  b.upload(ref(B), bm);
  const lda = transA ? M : K, ldb = transB ? K : N;
  const mx = () => b.gemm(transA, transB, M, N, K, 1, ref(A), lda, ref(B), ldb, 0, ref(C), N);

  const ta = tf.tensor2d(a, transA ? [K, M] : [M, K]);
  const tb = tf.tensor2d(bm, transB ? [N, K] : [K, N]);
  // The wasm backend runs the kernel eagerly inside matMul; dispose keeps memory flat.
  const tfmm = () => tf.matMul(ta, tb, transA, transB).dispose();

  mx();
  const got = b.downloadSync!(ref(C), M * N);
  const tc = tf.matMul(ta, tb, transA, transB);
  const want = tc.dataSync() as Float32Array;
  tc.dispose();
  let maxAbsDiff = 0;
  for (let i = 0; i < M * N; i++) maxAbsDiff = Math.max(maxAbsDiff, Math.abs(got[i]! - want[i]!));

  const t0 = performance.now();
  mx();
  const inner = innerCount(performance.now() - t0);
  const [tm, tt] = timeInterleaved([mx, tfmm], reps, 2, inner);
  ta.dispose();
  tb.dispose();
  for (const buf of [A, B, C]) b.free(buf);

  const flop = 2 * M * N * K;
  const mxjsGflops = flop / (tm!.medianMs * 1e6), tfjsGflops = flop / (tt!.medianMs * 1e6);
  return { ...s, mxjsMs: tm!.medianMs, tfjsMs: tt!.medianMs, mxjsGflops, tfjsGflops, ratio: mxjsGflops / tfjsGflops, maxAbsDiff };
}

/** Time every shape (median of `reps` interleaved samples after warm-up) for mxjs and TF.js wasm. */
export async function benchGemm(opts: { reps?: number; shapes?: GemmShape[] } = {}): Promise<GemmResult[]> {
  const b = await initWasmBackend();
  await initTf();
  return (opts.shapes ?? DEFAULT_SHAPES).map((s) => benchOne(b, s, opts.reps ?? 7));
}

export function formatGemmResults(rows: readonly GemmResult[]): string {
  const head = 'shape                     M     N     K  op      mxjs GFLOP/s  tfjs GFLOP/s  ratio';
  const lines = rows.map((r) => {
    const op = `${r.transA ? 'T' : 'N'}${r.transB ? 'T' : 'N'}`;
    return `${r.name.padEnd(22)}${String(r.M).padStart(5)} ${String(r.N).padStart(5)} ${String(r.K).padStart(5)}  ${op.padEnd(6)}`
      + `${r.mxjsGflops.toFixed(2).padStart(13)} ${r.tfjsGflops.toFixed(2).padStart(13)} ${r.ratio.toFixed(2).padStart(6)}`;
  });
  return [head, ...lines].join('\n');
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const rows = await benchGemm();
  console.log(formatGemmResults(rows));
  const worst = Math.max(...rows.map((r) => r.maxAbsDiff));
  console.log(`(single thread each; median of 7 interleaved samples; max |mxjs - tfjs| = ${worst.toExponential(2)})`);
}
