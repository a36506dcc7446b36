// LeNet on Fashion-MNIST with FeedForward (SGD, momentum 0.9, lr 0.01, batch 64, Xavier init), as
// MXNet's classic MNIST example trains it: per-epoch times, validation accuracy, a checkpoint each epoch.
//   npm run demo:lenet -- [--epochs N] [--limit N (training images)] [--prefix path] [--devices N]
// --devices N trains data-parallel on ctx [mx.cpu(0) … mx.cpu(N-1)], each device a thread of its own.
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import * as mx from 'mxjs';
import { loadSplit } from '../fashion_mnist/data.js';
import { lenet } from './lenet.js';

function option(name: string, dflt: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : dflt;
}
const numEpoch = Number(option('epochs', '10'));
const limit = Number(option('limit', 'Infinity'));
const prefix = option('prefix', 'build/demo/lenet');
const devices = Number(option('devices', '1'));
const batchSize = 64;
const TARGET_ACCURACY = 0.9;
mkdirSync(dirname(prefix), { recursive: true });

const train = loadSplit('train', limit);
const test = loadSplit('t10k');
console.log(`Fashion-MNIST: ${train.n} training and ${test.n} test images, batch ${batchSize}, ${numEpoch} epochs, `
  + `${devices} cpu device(s), ${mx.engine.get_num_threads()} thread(s)`);

const image = (n: number) => [n, 1, 28, 28];
const trainX = mx.nd.array(train.images, { shape: image(train.n) });
const trainY = mx.nd.array(train.labels);
const testX = mx.nd.array(test.images, { shape: image(test.n) });
const testY = mx.nd.array(test.labels);

// Per-epoch bookkeeping: training time runs from the end of the previous validation to epoch_end.
const epochSeconds: number[] = [];
const valAccuracy: number[] = [];
let epochStart = performance.now();
const recordEpoch = () => {
  epochSeconds.push((performance.now() - epochStart) / 1000);
};
const recordValidation = (p: mx.model.BatchEndParam) => {
  const [, value] = p.eval_metric!.get();
  valAccuracy.push(Number(value));
  epochStart = performance.now();
};

mx.random.seed(42);
const t0 = performance.now();
const model = await mx.model.FeedForward.create(lenet(mx), {
  X: trainX,
  y: trainY,
  eval_data: [testX, testY],
  ctx: devices > 1 ? Array.from({ length: devices }, (_, i) => mx.cpu(i)) : mx.cpu(),
  num_epoch: numEpoch,
  numpy_batch_size: batchSize,
  learning_rate: 0.01,
  momentum: 0.9,
  initializer: new mx.init.Xavier({ factor_type: 'in', magnitude: 2.34 }),
  epoch_end_callback: [mx.callback.do_checkpoint(prefix), recordEpoch],
  batch_end_callback: new mx.callback.Speedometer(batchSize, 200),
  eval_end_callback: [new mx.callback.LogValidationMetricsCallback(), recordValidation],
});
const total = (performance.now() - t0) / 1000;

// Final accuracy from the trained model's own predictions, counted here rather than by mx.metric.
const probs = (await model.predict(testX)) as mx.NDArray;
const host = await probs.asnumpy();
let correct = 0;
for (let i = 0; i < test.n; i++) {
  let best = 0;
  for (let c = 1; c < 10; c++) if (host[i * 10 + c]! > host[i * 10 + best]!) best = c;
  if (best === test.labels[i]) correct++;
}
const accuracy = correct / test.n;

console.log('\nepoch  train s  val acc');
epochSeconds.forEach((s, e) => console.log(`${String(e).padStart(5)}  ${s.toFixed(1).padStart(7)}  ${valAccuracy[e]?.toFixed(4) ?? '-'}`));
console.log(`total ${total.toFixed(1)} s; test accuracy ${accuracy.toFixed(4)} `
  + `(${accuracy >= TARGET_ACCURACY ? 'reaches' : 'below'} the ${TARGET_ACCURACY} target); checkpoints at ${prefix}-*.params`);
model.dispose();
