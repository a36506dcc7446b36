// Threads and devices, each against its own single-thread run in the same process: SGEMM 1024, the CNN
// predict and a LeNet training epoch on 1 vs 2 threads (mx.engine.set_num_threads), and the demo MLP and LeNet
// trained on one cpu device (1 thread) vs two (ctx: [mx.cpu(0), mx.cpu(1)], one thread each: cpu(1)
// runs in a worker of its own). Epochs are timed per batch in steady state (median batch interval
// after a warm-up, which also covers the worker's wasm tier-up) and scaled to 60,000 samples.
import * as mx from '../src/index.js';
import { backendFor } from '../src/backends/registry.js';
import { loadSplit } from '../examples/fashion_mnist/data.js';
import { lenet } from '../examples/lenet/lenet.js';
import { mlpSymbol } from './mlp_epoch.js';
import { mxjsRunner } from './predict.js';

export interface Pair { one: number; two: number }
export interface ParallelResult {
  /** GFLOP/s on 1 and 2 threads. */
  gemm1024: Pair;
  /** ms for the LeNet-style CNN on a batch of 64, 1 and 2 threads. */
  cnnPredict: Pair;
  /** Seconds per epoch, one device on 1 and 2 threads. */
  lenetThreads: Pair;
  /** Seconds per epoch, one cpu device (1 thread) vs two cpu devices. */
  lenetDevices: Pair;
  mlpDevices: Pair;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1]!;

function gemmGflops(threads: number, reps: number): number {
  mx.engine.set_num_threads(threads);
  const be = backendFor(mx.cpu()), n = 1024;
  const buf = be.alloc(3 * n * n);
  be.fill({ buf, off: 0 }, 2 * n * n, 0.5);
  const A = { buf, off: 0 }, B = { buf, off: n * n }, C = { buf, off: 2 * n * n };
  const times: number[] = [];
  for (let r = 0; r < reps + 2; r++) {
    const t0 = performance.now();
    be.gemm(false, false, n, n, n, 1, A, n, B, n, 0, C, n);
    if (r >= 2) times.push(performance.now() - t0);
  }
  be.free(buf);
  return (2 * n ** 3) / median(times) / 1e6;
}

/** Median ms of the CNN predict (forward + read-back of a batch of 64) on `threads` threads. */
async function cnnPredictMs(threads: number, reps: number): Promise<number> {
  mx.engine.set_num_threads(threads);
  const x = new Float32Array(64 * 784).map((_, i) => (i % 251) / 251);
  const runner = mxjsRunner('lenet', 64, x);
  const times: number[] = [];
  for (let r = 0; r < reps + 3; r++) {
    const t0 = performance.now();
    await runner.run();
    if (r >= 3) times.push(performance.now() - t0);
  }
  await runner.dispose();
  return median(times);
}

interface FitSpec { net: () => mx.Symbol; shape: number[]; batch: number; steps: number; warmup: number; lr: number; momentum: number }

/** Seconds per 60k-sample epoch of FeedForward.fit on `ctx` with `threads` threads. */
async function epochSeconds(spec: FitSpec, ctx: mx.Context[], threads: number): Promise<number> {
  mx.engine.set_num_threads(threads);
  const n = spec.steps * spec.batch;
  const train = loadSplit('train', n);
  const X = mx.nd.array(train.images, { shape: [n, ...spec.shape] });
  const y = mx.nd.array(train.labels);
  const model = new mx.model.FeedForward(spec.net(), {
    ctx, num_epoch: 1, numpy_batch_size: spec.batch, learning_rate: spec.lr, momentum: spec.momentum,
    initializer: new mx.init.Xavier({ factor_type: 'in', magnitude: 2.34 }),
  });
  const ends: number[] = [];
  await model.fit(X, { y, logger: { info() {}, warning() {} }, batch_end_callback: () => { ends.push(performance.now()); } });
  model.dispose();
  X.dispose();
  y.dispose();
  const gaps = ends.slice(spec.warmup).map((t, i, a) => (i === 0 ? NaN : t - a[i - 1]!)).slice(1);
  return (median(gaps) / 1000) * (60000 / spec.batch);
}

export async function benchParallel(quick: boolean): Promise<ParallelResult> {
  const before = mx.engine.get_num_threads();
  const lenetSpec: FitSpec = { net: () => lenet(mx), shape: [1, 28, 28], batch: 64, steps: quick ? 25 : 70, warmup: 15, lr: 0.01, momentum: 0.9 };
  const mlpSpec: FitSpec = { net: mlpSymbol, shape: [784], batch: 100, steps: quick ? 80 : 250, warmup: 50, lr: 0.1, momentum: 0 };
  const reps = quick ? 3 : 7;
  // Interleaved: 1, 2, 1, 2 … so drifting machine load hits both sides alike.
  const g1: number[] = [], g2: number[] = [];
  const p1: number[] = [], p2: number[] = [];
  for (let r = 0; r < 3; r++) {
    g1.push(gemmGflops(1, reps));
    g2.push(gemmGflops(2, reps));
    p1.push(await cnnPredictMs(1, 4 * reps));
    p2.push(await cnnPredictMs(2, 4 * reps));
  }
  // Two interleaved rounds of each epoch pair, the faster of each kept: other work on the machine only
  // ever slows a run down.
  const time = async (spec: FitSpec, ctx: mx.Context[], threads: number, into: number[]) => { into.push(await epochSeconds(spec, ctx, threads)); };
  const lt1: number[] = [], lt2: number[] = [], ld1: number[] = [], ld2: number[] = [], md1: number[] = [], md2: number[] = [];
  const two = [mx.cpu(0), mx.cpu(1)];
  for (let r = 0; r < 2; r++) {
    await time(lenetSpec, [mx.cpu()], 1, lt1);
    await time(lenetSpec, [mx.cpu()], 2, lt2);
    await time(lenetSpec, [mx.cpu()], 1, ld1);
    await time(lenetSpec, two, 2, ld2);
    await time(mlpSpec, [mx.cpu()], 1, md1);
    await time(mlpSpec, two, 2, md2);
  }
  mx.engine.set_num_threads(before);
  return {
    gemm1024: { one: median(g1), two: median(g2) },
    cnnPredict: { one: median(p1), two: median(p2) },
    lenetThreads: { one: Math.min(...lt1), two: Math.min(...lt2) },
    lenetDevices: { one: Math.min(...ld1), two: Math.min(...ld2) },
    mlpDevices: { one: Math.min(...md1), two: Math.min(...md2) },
  };
}

export function formatParallel(p: ParallelResult): string {
  const line = (what: string, unit: string, x: Pair, higher: boolean) =>
    `| ${what} | ${unit} | ${x.one.toFixed(2)} | ${x.two.toFixed(2)} | ${(higher ? x.two / x.one : x.one / x.two).toFixed(2)}× |`;
  return [
    '| workload | unit | 1 | 2 | speed-up |', '|---|---|---|---|---|',
    line('SGEMM 1024, 1 vs 2 threads', 'GFLOP/s ↑', p.gemm1024, true),
    line('LeNet-style CNN predict, batch 64, 1 vs 2 threads', 'ms ↓', p.cnnPredict, false),
    line('LeNet train epoch, 1 vs 2 threads', 's ↓', p.lenetThreads, false),
    line('LeNet train epoch, 1 vs 2 cpu devices', 's ↓', p.lenetDevices, false),
    line('MLP train epoch, 1 vs 2 cpu devices', 's ↓', p.mlpDevices, false),
  ].join('\n');
}
