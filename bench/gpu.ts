// WebGPU benchmark: GEMM 1024³ on gpu(0) vs the wasm backend, and one epoch of the demo MLP
// (784-128-64-10, batch 100, SGD) with FeedForward on mx.gpu() vs mx.cpu(). On SwiftShader (a CPU
// Vulkan emulation) the numbers only show that the GPU path runs end to end: correctness only.
// Run: npx tsx bench/gpu.ts [--images N]. It re-runs itself with the SwiftShader environment if needed.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { useSwiftShaderIfPresent } from '../test/webgpu/swiftshader_env.js';

// LD_LIBRARY_PATH only counts at process start: re-exec once with it set when SwiftShader is present.
if (!process.env.MXJS_GPU_BENCH_CHILD) {
  const env = { ...process.env, MXJS_GPU_BENCH_CHILD: '1' };
  useSwiftShaderIfPresent(env);
  const r = spawnSync(process.execPath, [...process.execArgv, fileURLToPath(import.meta.url), ...process.argv.slice(2)],
    { stdio: 'inherit', env });
  process.exit(r.status ?? 1);
}

const mx = await import('../src/index.js');
const { backendFor } = await import('../src/backends/registry.js');
const { loadSplit } = await import('../examples/fashion_mnist/data.js');
type WebGpuBackend = import('../src/backends/webgpu/backend.js').WebGpuBackend;

const nImages = Number(process.argv[process.argv.indexOf('--images') + 1] ?? 0) || 60000;

if ((await mx.context.init_gpus(1)) === 0) {
  console.log('no WebGPU adapter: install Debian chromium (SwiftShader) or run in a browser/Deno with WebGPU');
  process.exit(0);
}
const gpuBe = backendFor(mx.gpu(0)) as WebGpuBackend;
const cpuBe = backendFor(mx.cpu());
const info = gpuBe.rt.adapterInfo;
const desc = `${info?.vendor || '?'} / ${info?.architecture || '?'} / ${info?.description || info?.device || '?'}`;
const swift = /swiftshader/i.test(desc);
console.log(`adapter: ${desc}`);
if (swift) console.log('SwiftShader: correctness only (CPU-emulated Vulkan; GPU timings are not meaningful)');

async function gemmMs(gpu: boolean, n: number, reps: number): Promise<number> {
  const be = gpu ? gpuBe : cpuBe;
  const [a, b, c] = [be.alloc(n * n), be.alloc(n * n), be.alloc(n * n)];
  be.randomUniform({ buf: a, off: 0 }, n * n, -1, 1, 1, 0);
  be.randomUniform({ buf: b, off: 0 }, n * n, -1, 1, 2, 0);
  const run = () => be.gemm(false, false, n, n, n, 1, { buf: a, off: 0 }, n, { buf: b, off: 0 }, n, 0, { buf: c, off: 0 }, n);
  run(); // warm-up (pipeline compilation)
  if (gpu) await gpuBe.sync();
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) run();
  if (gpu) await gpuBe.sync();
  const ms = (performance.now() - t0) / reps;
  for (const x of [a, b, c]) be.free(x);
  return ms;
}

const N = 1024;
const flops = 2 * N ** 3;
for (const [label, gpu, reps] of [['wasm', false, 3], ['webgpu', true, 3]] as const) {
  const ms = await gemmMs(gpu, N, reps);
  console.log(`gemm ${N}³ ${label}: ${ms.toFixed(1)} ms (${(flops / ms / 1e6).toFixed(2)} GFLOP/s)`);
}

function mlp() {
  const data = mx.symbol.Variable('data');
  const fc1 = mx.symbol.FullyConnected(data, { name: 'fc1', num_hidden: 128 });
  const a1 = mx.symbol.Activation(fc1, { act_type: 'relu' });
  const fc2 = mx.symbol.FullyConnected(a1, { name: 'fc2', num_hidden: 64 });
  const a2 = mx.symbol.Activation(fc2, { act_type: 'relu' });
  const fc3 = mx.symbol.FullyConnected(a2, { name: 'fc3', num_hidden: 10 });
  return mx.symbol.SoftmaxOutput(fc3, { name: 'softmax' });
}

const train = loadSplit('train', nImages);
for (const ctx of [mx.cpu(), mx.gpu(0)]) {
  mx.random.seed(1);
  const X = mx.nd.array(train.images, { shape: [train.n, 784] });
  const y = mx.nd.array(train.labels);
  const metric = mx.metric.create('acc');
  const model = new mx.model.FeedForward(mlp(), { ctx, num_epoch: 1, numpy_batch_size: 100, learning_rate: 0.1,
    initializer: new mx.init.Uniform(0.07) });
  const t0 = performance.now();
  await model.fit(X, { y, eval_metric: metric, logger: { info() {}, warning() {} } });
  const s = (performance.now() - t0) / 1000;
  console.log(`MLP epoch (${train.n} images, batch 100) on ${ctx}: ${s.toFixed(2)} s, train ${metric.get().join('=')}`);
  model.dispose();
  X.dispose();
  y.dispose();
}
