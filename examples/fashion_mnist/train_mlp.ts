// The seed's program on real data: an MLP trained on Fashion-MNIST with FeedForward, a checkpoint
// every epoch, then the last checkpoint loaded into a fresh model that predicts and scores the test set.
//   npm run demo -- [--epochs N] [--prefix path]
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import * as mx from 'mxjs';
import { loadSplit } from './data.js';

function option(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : dflt;
}
const numEpoch = Number(option('epochs', '10'));
const prefix = option('prefix', 'build/demo/fashion_mlp');
const batchSize = 100;
mkdirSync(dirname(prefix), { recursive: true });

const train = loadSplit('train');
const test = loadSplit('t10k');
console.log(`Fashion-MNIST: ${train.n} training and ${test.n} test images`);

const trainX = mx.nd.array(train.images, { shape: [train.n, 784] });
const trainY = mx.nd.array(train.labels);
const testX = mx.nd.array(test.images, { shape: [test.n, 784] });
const testY = mx.nd.array(test.labels);

// The network of the seed, with a 10-way output named `sm` (so its label input is `sm_label`).
const data = mx.symbol.Variable('data');
const fc1 = mx.symbol.FullyConnected(data, { name: 'fc1', num_hidden: 128 });
const act1 = mx.symbol.Activation(fc1, { name: 'relu1', act_type: 'relu' });
const fc2 = mx.symbol.FullyConnected(act1, { name: 'fc2', num_hidden: 64 });
const act2 = mx.symbol.Activation(fc2, { name: 'relu2', act_type: 'relu' });
const fc3 = mx.symbol.FullyConnected(act2, { name: 'fc3', num_hidden: 10 });
const mlp = mx.symbol.SoftmaxOutput(fc3, { name: 'sm' });

mx.random.seed(7);
const batchesPerEpoch = Math.floor(train.n / batchSize);
const t0 = performance.now();
await mx.model.FeedForward.create(mlp, {
  X: trainX,
  y: trainY,
  eval_data: [testX, testY],
  ctx: mx.cpu(),
  num_epoch: numEpoch,
  numpy_batch_size: batchSize,
  learning_rate: 0.1,
  initializer: new mx.init.Xavier(),
  epoch_end_callback: mx.callback.do_checkpoint(prefix),
  batch_end_callback: process.stdout.isTTY
    ? [new mx.callback.ProgressBar(batchesPerEpoch), new mx.callback.Speedometer(batchSize, 200)]
    : new mx.callback.Speedometer(batchSize, 200),
});
console.log(`training took ${((performance.now() - t0) / 1000).toFixed(1)} s`);

// A fresh model from the last checkpoint, as a user would load one trained elsewhere.
const model = await mx.model.FeedForward.load(prefix, numEpoch, { numpy_batch_size: batchSize });
const probs = (await model.predict(testX)) as mx.NDArray;
const predicted = mx.nd.argmax(probs, { axis: 1 });
const predictedHost = await predicted.asnumpy();
const labels = test.labels;
let correct = 0;
for (let i = 0; i < test.n; i++) if (predictedHost[i] === labels[i]) correct++;
const scored = await model.score(new mx.io.NDArrayIter(testX, { label: testY, batch_size: batchSize }));
console.log(`loaded ${prefix}-${String(numEpoch).padStart(4, '0')}.params: predict accuracy ${(correct / test.n).toFixed(4)}, score (acc) ${Number(scored).toFixed(4)}`);
