// One training epoch of the demo MLP (784-128-64-10, batch 100, SGD lr 0.1) on Fashion-MNIST:
// mxjs FeedForward on wasm vs TensorFlow.js's wasm backend running the same network and update.
import * as mx from '../src/index.js';
import { loadSplit } from '../examples/fashion_mnist/data.js';

export interface MlpEpochResult {
  mxjsSeconds: number;
  tfjsSeconds: number;
  tfjsBatchesTimed: number;
}

const BATCH = 100;

export function mlpSymbol(): import('../src/index.js').Symbol {
  const data = mx.symbol.Variable('data');
  const fc1 = mx.symbol.FullyConnected(data, { name: 'fc1', num_hidden: 128 });
  const a1 = mx.symbol.Activation(fc1, { act_type: 'relu' });
  const fc2 = mx.symbol.FullyConnected(a1, { name: 'fc2', num_hidden: 64 });
  const a2 = mx.symbol.Activation(fc2, { act_type: 'relu' });
  const fc3 = mx.symbol.FullyConnected(a2, { name: 'fc3', num_hidden: 10 });
  return mx.symbol.SoftmaxOutput(fc3, { name: 'softmax' });
}

/**
 * Steady-state epoch time: fit two epochs and time the second (between the epoch-end callbacks), as the
 * TF.js side is timed after a warm-up step — the first epoch also pays V8's wasm tier-up and set-up.
 */
export async function mxjsEpochSeconds(images: Float32Array, labels: Float32Array, n: number): Promise<number> {
  const X = mx.nd.array(images, { shape: [n, 784] });
  const y = mx.nd.array(labels);
  const model = new mx.model.FeedForward(mlpSymbol(), { num_epoch: 2, numpy_batch_size: BATCH, learning_rate: 0.1, initializer: new mx.init.Uniform(0.07) });
  const ends: number[] = [];
  await model.fit(X, { y, logger: { info() {}, warning() {} }, epoch_end_callback: () => { ends.push(performance.now()); } });
  model.dispose();
  X.dispose();
  y.dispose();
  return (ends[1]! - ends[0]!) / 1000;
}

/**
 * TF.js wasm: the same forward, mean softmax cross-entropy and plain SGD. tfjs-core in Node registers no
 * gradient functions (the tfjs umbrella package does, through a bundler-only import), so the backward
 * pass is written out with the same core kernels a registered gradient would call.
 */
export async function tfjsEpochSeconds(images: Float32Array, labels: Float32Array, n: number, batches: number): Promise<number> {
  const tf = await import('@tensorflow/tfjs-core');
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  wasm.setThreadsCount(1);
  await tf.setBackend('wasm');
  const w = (r: number, c: number) => tf.variable(tf.randomUniform([r, c], -0.07, 0.07));
  const b = (c: number) => tf.variable(tf.zeros([c]));
  const W = [w(784, 128), w(128, 64), w(64, 10)], B = [b(128), b(64), b(10)];
  type T2 = import('@tensorflow/tfjs-core').Tensor2D;
  // Each batch is uploaded from the host, as mxjs's iterator copies it; slicing one 60k-row tensor
  // on the wasm backend costs time proportional to the whole tensor on every step.
  const step = (i: number) => tf.tidy(() => {
    const xb = tf.tensor2d(images.subarray(i * BATCH * 784, (i + 1) * BATCH * 784), [BATCH, 784]);
    const yb = tf.cast(tf.oneHot(tf.tensor1d(labels.subarray(i * BATCH, (i + 1) * BATCH), 'int32'), 10), 'float32') as T2;
    const acts: T2[] = [xb];
    for (let k = 0; k < 3; k++) {
      const z = tf.add(tf.matMul(acts[k]!, W[k]!), B[k]!) as T2;
      acts.push(k < 2 ? tf.relu(z) : z);
    }
    // d(mean cross-entropy)/d(logits) = (softmax - onehot) / batch
    let g = tf.div(tf.sub(tf.softmax(acts[3]!), yb), BATCH) as T2;
    for (let k = 2; k >= 0; k--) {
      const gW = tf.matMul(acts[k]!, g, true, false), gB = tf.sum(g, 0);
      if (k > 0) g = tf.mul(tf.matMul(g, W[k]!, false, true), tf.step(acts[k]!)) as T2;
      W[k]!.assign(tf.sub(W[k]!, tf.mul(gW, 0.1)));
      B[k]!.assign(tf.sub(B[k]!, tf.mul(gB, 0.1)));
    }
  });
  step(0); // warm-up
  const t0 = performance.now();
  for (let i = 1; i <= batches; i++) step(i);
  const perBatch = (performance.now() - t0) / 1000 / batches;
  tf.dispose([...W, ...B]);
  return perBatch * (n / BATCH);
}

export async function runMlpEpoch(tfjsBatches = 100): Promise<MlpEpochResult> {
  const train = loadSplit('train');
  const mxjsSeconds = await mxjsEpochSeconds(train.images, train.labels, train.n);
  const tfjsSeconds = await tfjsEpochSeconds(train.images, train.labels, train.n, tfjsBatches);
  return { mxjsSeconds, tfjsSeconds, tfjsBatchesTimed: tfjsBatches };
}
