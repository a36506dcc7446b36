// Inference latency, one thread each, interleaved: LeNet-style CNN on a batch of 64 and the MLP on one
// sample, for mxjs (bound executor: forward + asnumpy), TF.js wasm (XNNPACK; tidy forward + dataSync) and
// onnxruntime-web wasm (session.run). Host input in, host probabilities out, for every library.
//   npx tsx bench/predict.ts [--quick]
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs-core';
import * as ort from 'onnxruntime-web';
import * as mx from '../src/index.js';
import { initTf } from './gemm.js';
import { mxjsParams, mxjsSymbol, netSpec, onnxGraph, seeded, tfjsForward, type NetName } from './lib/nets.js';
import { encodeModel } from './lib/onnx.js';
import { innerCount, timeInterleavedAsync } from './lib/timing.js';

export interface PredictResult {
  net: NetName;
  batch: number;
  mxjsMs: number;
  tfjsMs: number;
  ortMs: number;
  /** Largest |difference| of the probabilities between mxjs and each peer: all three compute the same net. */
  maxAbsDiffTfjs: number;
  maxAbsDiffOrt: number;
}

type Runner = { run: () => Promise<Float32Array>; dispose: () => void | Promise<void> };

export function mxjsRunner(net: NetName, batch: number, x: Float32Array): Runner {
  const spec = netSpec(net);
  const exec = mxjsSymbol(mx, spec).simple_bind(mx.cpu(), { grad_req: 'null', data: [batch, ...spec.sample] });
  const params = Object.fromEntries(Object.entries(mxjsParams(spec)).map(([k, p]) => [k, mx.nd.array(p.data, { shape: p.shape })]));
  exec.copy_params_from(params);
  for (const p of Object.values(params)) p.dispose();
  return {
    run: () => exec.forward(false, { data: x })[0]!.asnumpy(),
    dispose: () => exec.dispose(),
  };
}

function tfjsRunner(net: NetName, batch: number, x: Float32Array): Runner {
  const spec = netSpec(net);
  const { forward, weights } = tfjsForward(tf, spec);
  const input = tf.tensor(x, [batch, ...spec.sample]);
  return {
    run: async () => {
      const y = forward(input);
      const out = y.dataSync() as Float32Array;
      y.dispose();
      return out;
    },
    dispose: () => tf.dispose([input, ...weights]),
  };
}

/** onnxruntime-web on its wasm execution provider, one thread (no worker proxy). */
export async function ortSession(bytes: Uint8Array): Promise<ort.InferenceSession> {
  ort.env.wasm.numThreads = 1;
  ort.env.wasm.proxy = false;
  return ort.InferenceSession.create(bytes, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' });
}

async function ortRunner(net: NetName, batch: number, x: Float32Array): Promise<Runner> {
  const spec = netSpec(net);
  const session = await ortSession(encodeModel(onnxGraph(spec, batch)));
  const input = new ort.Tensor('float32', x, [batch, ...spec.sample]);
  return {
    run: async () => (await session.run({ data: input })).softmax!.data as Float32Array,
    dispose: () => session.release(),
  };
}

function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) return Infinity;
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** Median latency (ms) of one prediction of `net` on `batch` samples for each library. */
export async function benchPredict(net: NetName, batch: number, reps = 15): Promise<PredictResult> {
  await mx.ready();
  await initTf();
  const spec = netSpec(net);
  const x = seeded(batch * spec.sample.reduce((p, d) => p * d, 1), 7, 1);
  const runners = [mxjsRunner(net, batch, x), tfjsRunner(net, batch, x), await ortRunner(net, batch, x)];
  try {
    const [m, t, o] = await Promise.all(runners.map((r) => r.run()));
    const t0 = performance.now();
    await runners[0]!.run();
    // Short calls are repeated inside a sample so timer resolution does not dominate.
    const inner = innerCount(performance.now() - t0, 5);
    const [tm, tt, to] = await timeInterleavedAsync(runners.map((r) => async () => { await r.run(); }), reps, 3, inner);
    return { net, batch, mxjsMs: tm!.medianMs, tfjsMs: tt!.medianMs, ortMs: to!.medianMs,
      maxAbsDiffTfjs: maxAbsDiff(m!, t!), maxAbsDiffOrt: maxAbsDiff(m!, o!) };
  } finally {
    for (const r of runners) await r.dispose();
  }
}

export function formatPredict(r: PredictResult): string {
  return `${r.net} predict, batch ${r.batch}: mxjs ${r.mxjsMs.toFixed(3)} ms, TF.js wasm ${r.tfjsMs.toFixed(3)} ms, `
    + `onnxruntime-web ${r.ortMs.toFixed(3)} ms (max |Δp| vs TF.js ${r.maxAbsDiffTfjs.toExponential(1)}, vs ORT ${r.maxAbsDiffOrt.toExponential(1)})`;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const reps = process.argv.includes('--quick') ? 5 : 15;
  console.log(formatPredict(await benchPredict('lenet', 64, reps)));
  console.log(formatPredict(await benchPredict('mlp', 1, reps)));
}
