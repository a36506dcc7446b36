// Runs inside Chromium (loaded by browser_gpu.test.ts): the built package on the page's navigator.gpu
// (SwiftShader with --enable-unsafe-webgpu). Trains the same small MLP on mx.cpu() and mx.gpu() and
// returns plain data for the Node side to compare. Plain JavaScript so the browser loads it as is.

/** Four separable Gaussian blobs in 2-D from a fixed LCG. */
function blobs(n) {
  let s = 777;
  const rnd = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const X = new Float32Array(n * 2);
  const y = new Float32Array(n);
  const centers = [[-2, -2], [2, -2], [-2, 2], [2, 2]];
  for (let i = 0; i < n; i++) {
    y[i] = i % 4;
    for (let d = 0; d < 2; d++) X[i * 2 + d] = centers[i % 4][d] + (rnd() + rnd() + rnd() - 1.5) * 0.8;
  }
  return { X, y };
}

export async function run() {
  const mx = await import('/dist/index.js');
  await mx.ready();
  const result = { hasNavigatorGpu: 'gpu' in navigator, numGpus: await mx.context.init_gpus() };
  if (result.numGpus === 0) return result;
  const n = 200;
  const { X, y } = blobs(n);
  const data = mx.symbol.Variable('data');
  const fc1 = mx.symbol.FullyConnected(data, { name: 'fc1', num_hidden: 16 });
  const act = mx.symbol.Activation(fc1, { name: 'relu1', act_type: 'relu' });
  const net = mx.symbol.SoftmaxOutput(mx.symbol.FullyConnected(act, { name: 'fc2', num_hidden: 4 }), { name: 'softmax' });
  result.probs = {};
  for (const ctx of [mx.cpu(), mx.gpu()]) {
    mx.random.seed(3);
    const Xnd = mx.nd.array(X, { shape: [n, 2] });
    const yNd = mx.nd.array(y);
    const model = await mx.model.FeedForward.create(net, {
      X: Xnd, y: yNd, ctx, num_epoch: 5, numpy_batch_size: 20, learning_rate: 0.1, initializer: new mx.init.Xavier(),
    });
    result.probs[String(ctx)] = Array.from(await (await model.predict(Xnd)).asnumpy());
  }
  result.labels = Array.from(y);
  return result;
}
