// Runs inside Chromium (loaded by chromium.test.ts from the local server): uses the built package the
// way a page does — `import('/dist/index.js')` — and returns plain data for the Node side to check:
// a short training run, a real checkpoint loaded by URL, OPFS save/reload, Blob/File round trips and
// the predict-only entry; runWebGpu() trains on mx.gpu(). Plain JavaScript: the browser loads it as is.

/** Four separable Gaussian blobs in 2-D from a fixed LCG (the same problem as deno_smoke.ts). */
function blobs(n) {
  let s = 12345;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const X = new Float32Array(n * 2);
  const y = new Float32Array(n);
  const centers = [[-2, -2], [2, -2], [-2, 2], [2, 2]];
  for (let i = 0; i < n; i++) {
    const c = i % 4;
    y[i] = c;
    for (let d = 0; d < 2; d++) X[i * 2 + d] = centers[c][d] + (rnd() + rnd() + rnd() - 1.5) * 0.8;
  }
  return { X, y };
}

async function opfsListing(dirName) {
  const root = await navigator.storage.getDirectory();
  const dir = await root.getDirectoryHandle(dirName);
  const files = {};
  for await (const [name, handle] of dir.entries()) {
    if (handle.kind === 'file') files[name] = new Uint8Array(await (await handle.getFile()).arrayBuffer());
  }
  return files;
}

async function clearOpfs(dirName) {
  const root = await navigator.storage.getDirectory();
  await root.removeEntry(dirName, { recursive: true }).catch(() => undefined);
}

function same(a, b) {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** go_test_attr through load_checkpoint + simple_bind + forward. */
async function predictGoTest(mx, loaded, x) {
  const [sym, arg, aux] = loaded;
  const exec = sym.simple_bind(mx.cpu(), { grad_req: 'null', data: [1, 10], softmax_label: [10] });
  exec.copy_params_from(arg, aux);
  const [out] = exec.forward({ data: mx.nd.array(x, { shape: [1, 10] }) });
  const r = { shape: out.shape, values: Array.from(await out.asnumpy()) };
  exec.dispose();
  return r;
}

export async function run() {
  const mx = await import('/dist/index.js');
  await mx.ready();
  const result = { crossOriginIsolated: globalThis.crossOriginIsolated === true };

  // 0. Threads: the isolated page gets the threaded core; a product split over 2 threads (Web Workers)
  // equals the single-thread one bit for bit.
  const a = mx.nd.array(Float32Array.from({ length: 300 * 200 }, (_, i) => Math.sin(i)), { shape: [300, 200] });
  const b = mx.nd.array(Float32Array.from({ length: 200 * 250 }, (_, i) => Math.cos(i)), { shape: [200, 250] });
  const products = [];
  for (const t of [1, 2, 1, 2]) {
    mx.engine.set_num_threads(t);
    products.push(Array.from(await mx.nd.dot(a, b).asnumpy()));
  }
  result.threads = {
    sameOnOneAndTwo: products.every((p) => p.every((v, i) => v === products[0][i])),
    count: mx.engine.set_num_threads(2),
  };

  // 1. Train on wasm in the page.
  const n = 400;
  const { X, y } = blobs(n);
  const data = mx.symbol.Variable('data');
  const fc1 = mx.symbol.FullyConnected(data, { name: 'fc1', num_hidden: 16 });
  const act = mx.symbol.Activation(fc1, { name: 'relu1', act_type: 'relu' });
  const fc2 = mx.symbol.FullyConnected(act, { name: 'fc2', num_hidden: 4 });
  const net = mx.symbol.SoftmaxOutput(fc2, { name: 'softmax' });
  mx.random.seed(3);
  const Xnd = mx.nd.array(X, { shape: [n, 2] });
  const yNd = mx.nd.array(y);
  const model = await mx.model.FeedForward.create(net, {
    X: Xnd, y: yNd, num_epoch: 10, numpy_batch_size: 20, learning_rate: 0.1, initializer: new mx.init.Xavier(),
  });
  result.trainAccuracy = Number(await model.score(new mx.io.NDArrayIter(Xnd, { label: yNd, batch_size: 20 })));
  const trained = await (await model.predict(Xnd)).asnumpy();

  // 2. A real MXNet checkpoint by URL (an http:// prefix).
  const x = Float32Array.from({ length: 10 }, (_, i) => (i - 4.5) / 3);
  result.goTestInput = Array.from(x);
  result.goTestByUrl = await predictGoTest(mx, await mx.model.load_checkpoint(`${location.origin}/fixtures/go_test_attr/go_test`, 1), x);

  // 3. save to the Origin Private File System (the default storage of a browser), then reload.
  await clearOpfs('h9smoke');
  await model.save('h9smoke/blobs', 10);
  const files = await opfsListing('h9smoke');
  result.opfsFiles = Object.keys(files).sort();
  const reloaded = await mx.model.FeedForward.load('h9smoke/blobs', 10, { numpy_batch_size: 20 });
  result.opfsReloadSame = same(trained, await (await reloaded.predict(Xnd)).asnumpy());

  // 4. The same checkpoint as Blobs for download, and back from dropped Files.
  const blobsOut = await mx.model.save_checkpoint_to_blobs('blobs', 10, model.symbol, model.arg_params, model.aux_params);
  result.blobNames = Object.keys(blobsOut).sort();
  const paramsBlobBytes = new Uint8Array(await blobsOut['blobs-0010.params'].arrayBuffer());
  const symbolBlobText = await blobsOut['blobs-symbol.json'].text();
  result.blobsMatchOpfs = same(paramsBlobBytes, files['blobs-0010.params'])
    && symbolBlobText === new TextDecoder().decode(files['blobs-symbol.json']);
  const dropped = [new File([blobsOut['blobs-symbol.json']], 'blobs-symbol.json'), new File([blobsOut['blobs-0010.params']], 'blobs-0010.params')];
  const [sym2, arg2, aux2] = await mx.model.load_checkpoint_frombuffer(dropped[0], dropped[1]);
  const fromFiles = new mx.model.FeedForward(sym2, { arg_params: arg2, aux_params: aux2, numpy_batch_size: 20 });
  result.fileReloadSame = same(trained, await (await fromFiles.predict(Xnd)).asnumpy());

  // 5. The predict-only entry, from fetched ArrayBuffers (mx.symbol.load_json / mx.nd.load_frombuffer underneath).
  const mxp = await import('/dist/predict.js');
  await mxp.ready();
  const fetched = async (f) => (await fetch(`/fixtures/go_test_attr/${f}`)).arrayBuffer();
  result.predictEntryHasTraining = 'FeedForward' in mxp.model || 'optimizer' in mxp;
  result.goTestPredictEntry = await predictGoTest(mxp, await mxp.model.load_checkpoint_frombuffer(
    await fetched('go_test-symbol.json'), await fetched('go_test-0001.params')), x);

  await clearOpfs('h9smoke');
  return result;
}

/** The same training run on WebGPU (Chromium with --enable-unsafe-webgpu), predictions compared with wasm's. */
export async function runWebGpu() {
  const mx = await import('/dist/index.js');
  await mx.ready();
  const result = { gpus: await mx.context.init_gpus() };
  if (result.gpus === 0) return result;
  const n = 400;
  const { X, y } = blobs(n);
  const data = mx.symbol.Variable('data');
  const fc1 = mx.symbol.FullyConnected(data, { name: 'fc1', num_hidden: 16 });
  const act = mx.symbol.Activation(fc1, { name: 'relu1', act_type: 'relu' });
  const fc2 = mx.symbol.FullyConnected(act, { name: 'fc2', num_hidden: 4 });
  const net = mx.symbol.SoftmaxOutput(fc2, { name: 'softmax' });
  const Xnd = mx.nd.array(X, { shape: [n, 2] });
  const yNd = mx.nd.array(y);
  const probs = {};
  for (const [name, ctx] of [['wasm', mx.cpu()], ['webgpu', mx.gpu()]]) {
    mx.random.seed(3);
    const model = await mx.model.FeedForward.create(net, {
      X: Xnd, y: yNd, ctx, num_epoch: 10, numpy_batch_size: 20, learning_rate: 0.1, initializer: new mx.init.Xavier(),
    });
    result[`${name}Accuracy`] = Number(await model.score(new mx.io.NDArrayIter(Xnd, { label: yNd, batch_size: 20 })));
    probs[name] = await (await model.predict(Xnd)).asnumpy();
  }
  result.maxProbDiff = probs.wasm.reduce((m, v, i) => Math.max(m, Math.abs(v - probs.webgpu[i])), 0);
  return result;
}
