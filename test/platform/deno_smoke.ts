// Deno smoke test of the built package (run by deno.test.ts: `deno test --allow-read --allow-write
// --allow-net test/platform/deno_smoke.ts`). `deno test` also type-checks dist/ through its
// `// @ts-self-types` banner. Covers: predicting with real MXNet checkpoints (an FC model from a path and
// from an http:// prefix; LeNet against the shared reference outputs), a short FeedForward training run,
// and a checkpoint round trip through the file system.
import * as mx from '../../dist/index.js';

// Only the part of Deno's API used here: the Node type set that tsc checks this file with has no `Deno`.
interface DenoApi {
  test(name: string, fn: () => Promise<void>): void;
  serve(o: { port: number; hostname: string; onListen?: () => void }, h: (r: Request) => Promise<Response>):
    { addr: { port: number }; shutdown(): Promise<void> };
  readFile(path: string): Promise<Uint8Array<ArrayBuffer>>;
  makeTempDir(): Promise<string>;
  remove(path: string, o: { recursive: boolean }): Promise<void>;
}
const Deno = (globalThis as unknown as { Deno: DenoApi }).Deno;

const FIXTURE_DIR = new URL('../../../shared/fixtures/mxnet/go_test_attr/', import.meta.url);
const FIXTURE = new URL('go_test', FIXTURE_DIR).pathname;

function check(ok: boolean, msg: string): void {
  if (!ok) throw new Error(msg);
}

/**
 * go_test_attr (see SOURCES.md): Reshape (1,10) → (10,), so FullyConnected sees 10 rows of 1 feature, then
 * softmax over 10 classes: out[i][j] = softmax_j(x[i]·w[j] + b[j]), computed here in float64.
 */
function goTestReference(x: Float32Array, w: Float32Array, b: Float32Array): Float64Array {
  const out = new Float64Array(100);
  for (let i = 0; i < 10; i++) {
    const z = Array.from({ length: 10 }, (_, j) => x[i]! * w[j]! + b[j]!);
    const m = Math.max(...z);
    const e = z.map((v) => Math.exp(v - m));
    const s = e.reduce((a, c) => a + c, 0);
    for (let j = 0; j < 10; j++) out[i * 10 + j] = e[j]! / s;
  }
  return out;
}

/** load_checkpoint + simple_bind + forward, the inference path of MXNet's classic API. */
async function predictGoTest(prefix: string): Promise<{ got: Float32Array; want: Float64Array }> {
  const [sym, arg, aux] = await mx.model.load_checkpoint(prefix, 1);
  // The label goes through Reshape(-1), which cannot be inferred backwards: give its shape too.
  const exec = sym.simple_bind(mx.cpu(), { grad_req: 'null', data: [1, 10], softmax_label: [10] });
  exec.copy_params_from(arg, aux);
  const x = Float32Array.from({ length: 10 }, (_, i) => (i - 4.5) / 3);
  const [probs] = exec.forward({ data: mx.nd.array(x, { shape: [1, 10] }) });
  check(probs!.shape.join(',') === '10,10', `prediction shape ${probs!.shape}, expected 10,10`);
  const want = goTestReference(x, await arg.pred_weight!.asnumpy(), await arg.pred_bias!.asnumpy());
  const got = await probs!.asnumpy();
  exec.dispose();
  return { got, want };
}

function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

Deno.test('predicts with a real MXNet checkpoint from a path', async () => {
  const { got, want } = await predictGoTest(FIXTURE);
  check(maxAbsDiff(got, want) < 1e-5, `max |mxjs - float64 reference| = ${maxAbsDiff(got, want)}`);
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

Deno.test('LeNet (MXNet 2015 checkpoint, CNN ops) predicts the independent reference outputs', async () => {
  const ref = new URL('../../../shared/fixtures/reference/mnist_lenet_2015/random_batch2/', import.meta.url).pathname;
  const prefix = new URL('../../../shared/fixtures/mxnet/mnist_lenet_2015/mnist-lenet-0', import.meta.url).pathname;
  const [sym, arg, aux] = await mx.model.load_checkpoint(prefix, 10);
  const exec = sym.simple_bind(mx.cpu(), { grad_req: 'null', data: [2, 1, 28, 28] });
  exec.copy_params_from(arg, aux);
  const [out] = exec.forward({ data: mx.nd.array(await readNpy(`${ref}input_data.npy`), { shape: [2, 1, 28, 28] }) });
  const got = await out!.asnumpy();
  const want = await readNpy(`${ref}output_0.npy`);
  exec.dispose();
  // The manifest's suggested tolerance: |got - want| <= 1e-5 + 1e-4·|want|.
  const bad = Array.from(want).findIndex((w, i) => !(Math.abs(got[i]! - w) <= 1e-5 + 1e-4 * Math.abs(w)));
  check(got.length === 20 && bad < 0, `LeNet output ${bad}: got ${got[bad]}, reference ${want[bad]}`);
});

Deno.test('loads the same checkpoint from an http:// prefix', async () => {
  const server = Deno.serve({ port: 0, hostname: '127.0.0.1', onListen: () => {} }, async (req) => {
    const name = new URL(req.url).pathname.slice(1);
    try {
      return new Response(await Deno.readFile(new URL(name, FIXTURE_DIR).pathname));
    } catch {
      return new Response('not found', { status: 404 });
    }
  });
  try {
    const fromHttp = await predictGoTest(`http://127.0.0.1:${server.addr.port}/go_test`);
    const fromFile = await predictGoTest(FIXTURE);
    check(maxAbsDiff(fromHttp.got, fromFile.got) === 0, 'http and file checkpoints predict differently');
  } finally {
    await server.shutdown();
  }
});

Deno.test('trains an MLP, saves a checkpoint and reloads it', async () => {
  // Four separable Gaussian blobs in 2-D, from a fixed LCG so the run is reproducible.
  let s = 12345;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const n = 400;
  const X = new Float32Array(n * 2);
  const y = new Float32Array(n);
  const centers = [[-2, -2], [2, -2], [-2, 2], [2, 2]];
  for (let i = 0; i < n; i++) {
    const c = i % 4;
    y[i] = c;
    for (let d = 0; d < 2; d++) X[i * 2 + d] = centers[c]![d]! + (rnd() + rnd() + rnd() - 1.5) * 0.8;
  }
  const data = mx.symbol.Variable('data');
  const fc1 = mx.symbol.FullyConnected(data, { name: 'fc1', num_hidden: 16 });
  const act = mx.symbol.Activation(fc1, { name: 'relu1', act_type: 'relu' });
  const fc2 = mx.symbol.FullyConnected(act, { name: 'fc2', num_hidden: 4 });
  const net = mx.symbol.SoftmaxOutput(fc2, { name: 'softmax' });
  mx.random.seed(3);
  const Xnd = mx.nd.array(X, { shape: [n, 2] });
  const model = await mx.model.FeedForward.create(net, {
    X: Xnd, y: mx.nd.array(y), num_epoch: 10, numpy_batch_size: 20, learning_rate: 0.1,
    initializer: new mx.init.Xavier(),
  });
  const acc = Number(await model.score(new mx.io.NDArrayIter(Xnd, { label: mx.nd.array(y), batch_size: 20 })));
  check(acc > 0.95, `training accuracy ${acc} after 10 epochs on separable blobs, expected > 0.95`);

  const dir = await Deno.makeTempDir();
  try {
    await model.save(`${dir}/blobs`, 10);
    const again = await mx.model.FeedForward.load(`${dir}/blobs`, 10, { numpy_batch_size: 20 });
    const p1 = await ((await model.predict(Xnd)) as mx.NDArray).asnumpy();
    const p2 = await ((await again.predict(Xnd)) as mx.NDArray).asnumpy();
    check(maxAbsDiff(p1, p2) === 0, 'the reloaded checkpoint predicts differently from the trained model');
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test('threads and a second cpu device (its own worker) give the single-device weights', async () => {
  check(mx.engine.get_num_threads() >= 1, 'no thread count');
  const d = mx.symbol.Variable('data');
  const net = mx.symbol.SoftmaxOutput(mx.symbol.FullyConnected(d, { name: 'fc', num_hidden: 3 }), { name: 'softmax' });
  const X = mx.nd.array(Float32Array.from({ length: 64 * 5 }, (_, i) => (i % 7) / 7), { shape: [64, 5] });
  const y = mx.nd.array(Float32Array.from({ length: 64 }, (_, i) => i % 3));
  const weights: Float32Array[] = [];
  for (const ctx of [[mx.cpu(0)], [mx.cpu(0), mx.cpu(1)]]) {
    mx.random.seed(3);
    const m = await mx.model.FeedForward.create(net, { X, y, ctx, num_epoch: 2, numpy_batch_size: 16,
      logger: { info() {}, warning() {} } });
    weights.push(await m.arg_params!.fc_weight!.asnumpy());
  }
  check(maxAbsDiff(weights[0]!, weights[1]!) < 1e-6, `1 vs 2 cpu devices: max weight difference ${maxAbsDiff(weights[0]!, weights[1]!)}`);
});
