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

function mlp() {
  const data = mx.symbol.Variable('data');
  const fc1 = mx.symbol.FullyConnected(data, { name: 'fc1', num_hidden: 128 });
  const a1 = mx.symbol.Activation(fc1, { act_type: 'relu' });
  const fc2 = mx.symbol.FullyConnected(a1, { name: 'fc2', num_hidden: 64 });
  const a2 = mx.symbol.Activation(fc2, { act_type: 'relu' });
  const fc3 = mx.symbol.FullyConnected(a2, { name: 'fc3', num_hidden: 10 });
  return mx.symbol.SoftmaxOutput(fc3, { name: 'softmax' });
}

export async function mxjsEpochSeconds(images: Float32Array, labels: Float32Array, n: number): Promise<number> {
  const X = mx.nd.array(images, { shape: [n, 784] });
  const y = mx.nd.array(labels);
  const model = new mx.model.FeedForward(mlp(), { num_epoch: 1, numpy_batch_size: BATCH, learning_rate: 0.1, initializer: new mx.init.Uniform(0.07) });
  const t0 = performance.now();
  await model.fit(X, { y, logger: { info() {}, warning() {} } });
  const s = (performance.now() - t0) / 1000;
  model.dispose();
  X.dispose();
  y.dispose();
  return s;
}

/** TF.js wasm: the same forward, softmax cross-entropy (mean), and plain SGD via tf.train.sgd. */
export async function tfjsEpochSeconds(images: Float32Array, labels: Float32Array, n: number, batches: number): Promise<number> {
  const tf = await import('@tensorflow/tfjs-core');
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  wasm.setThreadsCount(1);
  await tf.setBackend('wasm');
  const w = (r: number, c: number) => tf.variable(tf.randomUniform([r, c], -0.07, 0.07));
  const b = (c: number) => tf.variable(tf.zeros([c]));
  const p = [w(784, 128), b(128), w(128, 64), b(64), w(64, 10), b(10)] as const;
  const opt = tf.train.sgd(0.1);
  const X = tf.tensor2d(images, [n, 784]);
  const Y = tf.cast(tf.oneHot(tf.tensor1d(labels, 'int32'), 10), 'float32');
  const step = (i: number) => {
    const xb = tf.slice(X, [i * BATCH, 0], [BATCH, 784]);
    const yb = tf.slice(Y, [i * BATCH, 0], [BATCH, 10]);
    opt.minimize(() => {
      const h1 = tf.relu(tf.add(tf.matMul(xb, p[0]), p[1]));
      const h2 = tf.relu(tf.add(tf.matMul(h1, p[2]), p[3]));
      const logits = tf.add(tf.matMul(h2, p[4]), p[5]);
      return tf.mean(tf.neg(tf.sum(tf.mul(yb, tf.logSoftmax(logits)), 1)));
    });
    xb.dispose();
    yb.dispose();
  };
  step(0); // warm-up
  const t0 = performance.now();
  for (let i = 1; i <= batches; i++) step(i);
  const perBatch = (performance.now() - t0) / 1000 / batches;
  tf.dispose([X, Y, ...p]);
  return perBatch * (n / BATCH);
}

export async function runMlpEpoch(tfjsBatches = 100): Promise<MlpEpochResult> {
  const train = loadSplit('train');
  const mxjsSeconds = await mxjsEpochSeconds(train.images, train.labels, train.n);
  const tfjsSeconds = await tfjsEpochSeconds(train.images, train.labels, train.n, tfjsBatches);
  return { mxjsSeconds, tfjsSeconds, tfjsBatchesTimed: tfjsBatches };
}
