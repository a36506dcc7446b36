// Deno + WebGPU smoke test of the built package (run by deno_gpu.test.ts with environment variables that
// give Deno's wgpu an adapter): ops and an executor on mx.gpu() against the same work on mx.cpu(), an MLP
// trained with FeedForward on both, and the 2015 MXNet LeNet checkpoint predicting on mx.gpu().
import * as mx from '../../dist/index.js';

// Only the part of Deno's API used here: the Node type set that tsc checks this file with has no `Deno`.
interface DenoApi {
  test(name: string, fn: () => Promise<void>): void;
  readFile(path: string): Promise<Uint8Array<ArrayBuffer>>;
}
const Deno = (globalThis as unknown as { Deno: DenoApi }).Deno;

function check(ok: boolean, msg: string): void {
  if (!ok) throw new Error(msg);
}

/** Deterministic values in [-1, 1) from an LCG, so every run compares the same numbers. */
function lcgValues(n: number, seed: number): Float32Array {
  let s = seed;
  return Float32Array.from({ length: n }, () => (s = (s * 1103515245 + 12345) % 2147483648) / 1073741824 - 1);
}

/**
 * gpu vs cpu: |g - c| <= 1e-5 + 1e-4·|c| everywhere (1e-4 relative; the absolute floor covers values that
 * cancel to ~0, where float32 summation order alone moves the result by a few ulps of the addends).
 */
function compare(what: string, gpu: ArrayLike<number>, cpu: ArrayLike<number>): void {
  check(gpu.length === cpu.length, `${what}: ${gpu.length} values on gpu, ${cpu.length} on cpu`);
  check(cpu.length > 0, `${what}: nothing to compare`);
  for (let i = 0; i < cpu.length; i++) {
    const g = gpu[i]!, c = cpu[i]!;
    check(Math.abs(g - c) <= 1e-5 + 1e-4 * Math.abs(c), `${what}[${i}]: gpu ${g}, cpu ${c}`);
  }
}

/** init_gpus must find the adapter the vitest side probed for; otherwise every test here is meaningless. */
async function requireGpu(): Promise<void> {
  const n = await mx.context.init_gpus();
  check(n === 1, `mx.context.init_gpus() returned ${n}: Deno's navigator.gpu gave mxjs no adapter`);
}

Deno.test('nd ops on mx.gpu() equal the same ops on mx.cpu()', async () => {
  await requireGpu();
  const a = lcgValues(37 * 53, 1), b = lcgValues(53 * 29, 2), c = lcgValues(29 * 53, 3);
  const cases: Record<string, (ctx: mx.Context) => mx.NDArray> = {
    'dot 37x53 · 53x29': (ctx) => mx.nd.dot(mx.nd.array(a, { shape: [37, 53], ctx }), mx.nd.array(b, { shape: [53, 29], ctx })),
    'dot transpose_b': (ctx) => mx.nd.dot(mx.nd.array(a, { shape: [37, 53], ctx }), mx.nd.array(c, { shape: [29, 53], ctx }),
      { transpose_b: true }),
    'exp(a) * tanh(a) - sigmoid(a)': (ctx) => {
      const x = mx.nd.array(a, { ctx });
      return mx.nd.subtract(mx.nd.multiply(mx.nd.exp(x), mx.nd.tanh(x)), mx.nd.sigmoid(x));
    },
    'sum over axis 1': (ctx) => mx.nd.sum(mx.nd.array(a, { shape: [37, 53], ctx }), { axis: 1 }),
    'relu(a) / (|a| + 1) + 2': (ctx) => {
      const x = mx.nd.array(a, { ctx });
      return mx.nd.add(mx.nd.divide(mx.nd.relu(x), mx.nd.add(mx.nd.abs(x), 1)), 2);
    },
  };
  for (const [name, run] of Object.entries(cases)) {
    const g = run(mx.gpu());
    check(g.context.device_type === 'gpu', `${name}: result lives on ${g.context}, expected gpu(0)`);
    compare(name, await g.asnumpy(), await run(mx.cpu()).asnumpy());
  }
});

Deno.test('a conv net executor (forward and backward) on mx.gpu() equals mx.cpu()', async () => {
  await requireGpu();
  const data = mx.symbol.Variable('data');
  const conv = mx.symbol.Convolution(data, { name: 'conv', kernel: [3, 3], pad: [1, 1], num_filter: 4 });
  const pool = mx.symbol.Pooling(mx.symbol.Activation(conv, { act_type: 'tanh' }), { kernel: [2, 2], stride: [2, 2], pool_type: 'max' });
  const fc = mx.symbol.FullyConnected(mx.symbol.Flatten(pool), { name: 'fc', num_hidden: 5 });
  const net = mx.symbol.SoftmaxOutput(fc, { name: 'softmax' });
  const inputs: Record<string, Float32Array> = {
    data: lcgValues(3 * 2 * 6 * 6, 4), conv_weight: lcgValues(4 * 2 * 3 * 3, 5), conv_bias: lcgValues(4, 6),
    fc_weight: lcgValues(5 * 36, 7), fc_bias: lcgValues(5, 8), softmax_label: Float32Array.from([0, 3, 4]),
  };
  const results: Record<string, Record<string, Float32Array>> = {};
  for (const ctx of [mx.cpu(), mx.gpu()]) {
    const exec = net.simple_bind(ctx, { data: [3, 2, 6, 6] });
    for (const [name, v] of Object.entries(inputs)) {
      const dest = exec.arg_dict[name]!;
      mx.nd.array(v, { shape: dest.shape }).copyto(dest); // host → device copies are synchronous
    }
    exec.forward({ is_train: true });
    exec.backward();
    const r: Record<string, Float32Array> = { output: await exec.outputs[0]!.asnumpy() };
    for (const name of ['data', 'conv_weight', 'conv_bias', 'fc_weight', 'fc_bias']) {
      r[`grad ${name}`] = await exec.grad_dict[name]!.asnumpy();
    }
    results[String(ctx)] = r;
    exec.dispose();
  }
  for (const key of Object.keys(results['cpu(0)']!)) compare(key, results['gpu(0)']![key]!, results['cpu(0)']![key]!);
});

Deno.test('FeedForward trains an MLP on mx.gpu() to the accuracy of the same run on mx.cpu()', async () => {
  await requireGpu();
  // Four separable Gaussian blobs in 2-D (the problem of deno_smoke.ts).
  let s = 12345;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const n = 400;
  const X = new Float32Array(n * 2);
  const y = new Float32Array(n);
  const centers = [[-2, -2], [2, -2], [-2, 2], [2, 2]];
  for (let i = 0; i < n; i++) {
    y[i] = i % 4;
    for (let d = 0; d < 2; d++) X[i * 2 + d] = centers[i % 4]![d]! + (rnd() + rnd() + rnd() - 1.5) * 0.8;
  }
  const data = mx.symbol.Variable('data');
  const fc1 = mx.symbol.FullyConnected(data, { name: 'fc1', num_hidden: 16 });
  const act = mx.symbol.Activation(fc1, { name: 'relu1', act_type: 'relu' });
  const net = mx.symbol.SoftmaxOutput(mx.symbol.FullyConnected(act, { name: 'fc2', num_hidden: 4 }), { name: 'softmax' });
  const Xnd = mx.nd.array(X, { shape: [n, 2] });
  const yNd = mx.nd.array(y);
  const acc: Record<string, number> = {};
  const probs: Record<string, Float32Array> = {};
  for (const ctx of [mx.cpu(), mx.gpu()]) {
    mx.random.seed(3);
    const model = await mx.model.FeedForward.create(net, {
      X: Xnd, y: yNd, ctx, num_epoch: 10, numpy_batch_size: 20, learning_rate: 0.1, initializer: new mx.init.Xavier(),
    });
    acc[String(ctx)] = Number(await model.score(new mx.io.NDArrayIter(Xnd, { label: yNd, batch_size: 20 })));
    probs[String(ctx)] = await ((await model.predict(Xnd)) as mx.NDArray).asnumpy();
  }
  check(acc['cpu(0)']! > 0.95 && acc['gpu(0)']! > 0.95, `accuracy cpu ${acc['cpu(0)']}, gpu ${acc['gpu(0)']}; expected both > 0.95`);
  // Same seed, same data, same arithmetic up to float32 summation order: the two runs agree closely.
  let maxDiff = 0;
  probs['cpu(0)']!.forEach((v, i) => (maxDiff = Math.max(maxDiff, Math.abs(v - probs['gpu(0)']![i]!))));
  check(maxDiff < 1e-4, `max |p_gpu - p_cpu| = ${maxDiff} after 10 epochs, expected < 1e-4`);
});

/** A little-endian float32 C-order `.npy` (version 1–3), as the reference outputs are stored. */
async function readNpy(path: string): Promise<Float32Array> {
  const b = await Deno.readFile(path);
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const headerLen = b[6] === 1 ? dv.getUint16(8, true) : dv.getUint32(8, true);
  const start = (b[6] === 1 ? 10 : 12) + headerLen;
  const header = new TextDecoder().decode(b.subarray(0, start));
  check(header.includes("'<f4'") && header.includes("'fortran_order': False"), `${path}: not a C-order <f4 .npy`);
  return new Float32Array(b.slice(start).buffer);
}

Deno.test('LeNet (MXNet 2015 checkpoint) on mx.gpu() predicts the independent reference outputs', async () => {
  await requireGpu();
  const ref = new URL('../../../shared/fixtures/reference/mnist_lenet_2015/random_batch2/', import.meta.url).pathname;
  const prefix = new URL('../../../shared/fixtures/mxnet/mnist_lenet_2015/mnist-lenet-0', import.meta.url).pathname;
  const [sym, arg, aux] = await mx.model.load_checkpoint(prefix, 10);
  const exec = sym.simple_bind(mx.gpu(), { grad_req: 'null', data: [2, 1, 28, 28] });
  exec.copy_params_from(arg, aux);
  const [out] = exec.forward({ data: mx.nd.array(await readNpy(`${ref}input_data.npy`), { shape: [2, 1, 28, 28] }) });
  check(out!.context.device_type === 'gpu', `LeNet output lives on ${out!.context}, expected gpu(0)`);
  const got = await out!.asnumpy();
  const want = await readNpy(`${ref}output_0.npy`);
  exec.dispose();
  // The manifest's suggested tolerance: |got - want| <= 1e-5 + 1e-4·|want|.
  const bad = Array.from(want).findIndex((w, i) => !(Math.abs(got[i]! - w) <= 1e-5 + 1e-4 * Math.abs(w)));
  check(got.length === 20 && bad < 0, `LeNet output ${bad} of ${got.length}: got ${got[bad]}, reference ${want[bad]}`);
});
