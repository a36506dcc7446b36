// FeedForward end to end on a slice of Fashion-MNIST: training improves accuracy, MXNet's log lines and
// callback order, checkpoints every epoch, save → load → predict bit for bit, padding trimmed in predict.
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as mx from '../../src/index.js';
import { CaptureLogger, setLogger, silentLogger } from '../../src/logging.js';
import { loadSplit, type Split } from '../../examples/fashion_mnist/data.js';

let train: Split;
let test: Split;
beforeAll(() => {
  train = loadSplit('train', 3000);
  test = loadSplit('t10k', 1000);
});

function mlp(outName = 'softmax') {
  const data = mx.symbol.Variable('data');
  const fc1 = mx.symbol.FullyConnected(data, { name: 'fc1', num_hidden: 32 });
  const act1 = mx.symbol.Activation(fc1, { name: 'relu1', act_type: 'relu' });
  const fc2 = mx.symbol.FullyConnected(act1, { name: 'fc2', num_hidden: 10 });
  return mx.symbol.SoftmaxOutput(fc2, { name: outName });
}

/** Accuracy computed independently of mx.metric: argmax per row of host probabilities. */
async function accuracy(probs: mx.NDArray, labels: Float32Array): Promise<number> {
  const p = await probs.asnumpy();
  const [n, c] = probs.shape as [number, number];
  let correct = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    for (let j = 1; j < c; j++) if (p[i * c + j]! > p[i * c + best]!) best = j;
    if (best === labels[i]) correct++;
  }
  return correct / n;
}

describe('FeedForward', () => {
  it('trains an MLP whose output is named sm (label sm_label), logs as MXNet, checkpoints each epoch', async () => {
    mx.random.seed(1);
    const dir = mkdtempSync(join(tmpdir(), 'mxjs-ff-'));
    const prefix = join(dir, 'mlp');
    // Like MXNet, fit's own lines go to `logger` while callbacks (checkpoint, validation) use the root logger.
    const logger = new CaptureLogger();
    const prev = setLogger(logger);
    const batchEnds: number[] = [];
    const epochEnds: number[] = [];
    const X = mx.nd.array(train.images, { shape: [train.n, 784] });
    const y = mx.nd.array(train.labels);
    const model = await mx.model.FeedForward.create(mlp('sm'), {
      X, y, eval_data: [mx.nd.array(test.images, { shape: [test.n, 784] }), mx.nd.array(test.labels)],
      num_epoch: 3, numpy_batch_size: 100, learning_rate: 0.1, initializer: new mx.init.Uniform(0.07),
      epoch_end_callback: [mx.callback.do_checkpoint(prefix), (epoch: number) => { epochEnds.push(epoch); }],
      batch_end_callback: (p: mx.model.BatchEndParam) => { batchEnds.push(p.nbatch); },
    });
    setLogger(prev);
    // 3000 samples / 100 per batch: nbatch counts 1..30 in each of the 3 epochs.
    expect(batchEnds.length).toBe(90);
    expect(batchEnds.slice(0, 3)).toEqual([1, 2, 3]);
    expect(batchEnds[29]).toBe(30);
    expect(epochEnds).toEqual([0, 1, 2]);
    const lines = logger.messages();
    expect(lines[0]).toBe('Start training with [cpu(0)]');
    expect(lines).toContain('Epoch[0] Resetting Data Iterator');
    expect(lines.some((l) => /^Epoch\[2\] Time cost=\d+\.\d{3}$/.test(l))).toBe(true);
    const val = lines.filter((l) => l.startsWith('Epoch[2] Validation-accuracy='));
    expect(val).toHaveLength(1);
    for (const e of [1, 2, 3]) expect(existsSync(`${prefix}-000${e}.params`)).toBe(true);
    expect(existsSync(`${prefix}-symbol.json`)).toBe(true);

    const testX = mx.nd.array(test.images, { shape: [test.n, 784] });
    const probs = (await model.predict(testX)) as mx.NDArray;
    expect(probs.shape).toEqual([test.n, 10]);
    const acc = await accuracy(probs, test.labels);
    expect(acc).toBeGreaterThan(0.55); // chance is 0.1; 90 SGD steps on 3000 images reach ~0.64
    const logged = Number(val[0]!.split('=')[1]);
    expect(Math.abs(logged - acc)).toBeLessThan(2e-3); // same data, rows batched in another order

    // A fresh model from the last checkpoint predicts the same numbers, bit for bit.
    const loaded = await mx.model.FeedForward.load(prefix, 3);
    expect(loaded.begin_epoch).toBe(3);
    const again = (await loaded.predict(testX)) as mx.NDArray;
    expect(Array.from(await again.asnumpy())).toEqual(Array.from(await probs.asnumpy()));

    // save(prefix, 128) → %04d name; its bytes equal the epoch-3 checkpoint (same params, same order).
    await loaded.save(prefix, 128);
    expect(readFileSync(`${prefix}-0128.params`)).toEqual(readFileSync(`${prefix}-0003.params`));
  });

  it('predict trims the padding of the last batch and honours num_batch and return_data', async () => {
    mx.random.seed(2);
    const X = mx.nd.array(train.images.subarray(0, 250 * 784), { shape: [250, 784] });
    const y = mx.nd.array(train.labels.subarray(0, 250));
    const model = new mx.model.FeedForward(mlp(), { num_epoch: 1, numpy_batch_size: 100, learning_rate: 0.1 });
    await model.fit(X, { y, logger: silentLogger });
    const all = (await model.predict(X)) as mx.NDArray;
    expect(all.shape).toEqual([250, 10]);
    const two = (await model.predict(X, { num_batch: 2 })) as mx.NDArray;
    expect(two.shape).toEqual([200, 10]);
    expect(Array.from(await two.asnumpy())).toEqual(Array.from((await all.asnumpy()).subarray(0, 2000)));
    const [outs, data] = (await model.predict(X, { return_data: true })) as [mx.NDArray, mx.NDArray[], mx.NDArray[]];
    expect(outs.shape).toEqual([250, 10]);
    expect(Array.from(await data[0]!.asnumpy())).toEqual(Array.from(train.images.subarray(0, 250 * 784)));
  });

  it('score matches an independent accuracy over the same data', async () => {
    mx.random.seed(3);
    const X = mx.nd.array(train.images.subarray(0, 1000 * 784), { shape: [1000, 784] });
    const y = mx.nd.array(train.labels.subarray(0, 1000));
    const model = new mx.model.FeedForward(mlp(), { num_epoch: 2, numpy_batch_size: 100, learning_rate: 0.1 });
    await model.fit(X, { y, logger: silentLogger });
    const probs = (await model.predict(X)) as mx.NDArray;
    const want = await accuracy(probs, train.labels.subarray(0, 1000));
    const got = await model.score(new mx.io.NDArrayIter(X, { label: y, batch_size: 100 }));
    expect(got).toBeCloseTo(want, 10);
  });

  it('rejects parameters whose shapes do not match the network, naming the array', async () => {
    const bad = { fc1_weight: mx.nd.zeros([32, 100]) };
    const model = new mx.model.FeedForward(mlp(), { num_epoch: 1, arg_params: bad, numpy_batch_size: 10 });
    const X = mx.nd.zeros([20, 784]);
    const y = mx.nd.zeros([20]);
    await expect(model.fit(X, { y, logger: silentLogger })).rejects.toThrow(/fc1_weight.*\(32, 100\).*\(32, 784\)/);
  });

  it('refuses distributed kvstores with a clear error', async () => {
    const model = new mx.model.FeedForward(mlp(), { num_epoch: 1, numpy_batch_size: 10 });
    await expect(model.fit(mx.nd.zeros([20, 784]), { y: mx.nd.zeros([20]), kvstore: 'dist_sync', logger: silentLogger }))
      .rejects.toThrow(/dist_sync.*not supported.*local/);
  });
});
