// FeedForward on mx.gpu(): an MLP trained on a Fashion-MNIST slice reaches the cpu run's accuracy band,
// checkpoints written during gpu training load on cpu (and cpu checkpoints on gpu) with the same
// predictions, and the async copy API (mx.nd.copyAsync, mx.context.init_gpus / num_gpus) behaves.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import * as mx from '../../src/index.js';
import { silentLogger } from '../../src/logging.js';
import { loadSplit, type Split } from '../../examples/fashion_mnist/data.js';
import { maxViolation } from '../kernels/reference.js';
import { hasGpu, SKIP_REASON } from './gpu_setup.js';

let train: Split;
let test: Split;

function mlp() {
  const data = mx.symbol.Variable('data');
  const fc1 = mx.symbol.FullyConnected(data, { name: 'fc1', num_hidden: 32 });
  const act1 = mx.symbol.Activation(fc1, { name: 'relu1', act_type: 'relu' });
  const fc2 = mx.symbol.FullyConnected(act1, { name: 'fc2', num_hidden: 10 });
  return mx.symbol.SoftmaxOutput(fc2, { name: 'softmax' });
}

/** Argmax per row of host probabilities (independent of mx.metric). */
async function argmaxRows(probs: mx.NDArray): Promise<Int32Array> {
  const p = await probs.asnumpy();
  const [n, c] = probs.shape as [number, number];
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) for (let j = 1; j < c; j++) if (p[i * c + j]! > p[i * c + out[i]!]!) out[i] = j;
  return out;
}

const accuracy = (pred: Int32Array, labels: Float32Array) => pred.filter((p, i) => p === labels[i]).length / pred.length;

async function trainOn(ctx: mx.Context, prefix: string) {
  mx.random.seed(11);
  const X = mx.nd.array(train.images, { shape: [train.n, 784] });
  const y = mx.nd.array(train.labels);
  return mx.model.FeedForward.create(mlp(), {
    X, y, ctx, num_epoch: 3, numpy_batch_size: 100, learning_rate: 0.1, momentum: 0.9,
    initializer: new mx.init.Uniform(0.07), logger: silentLogger,
    epoch_end_callback: mx.callback.do_checkpoint(prefix),
  });
}

describe.skipIf(!hasGpu)(`FeedForward on mx.gpu()${SKIP_REASON}`, () => {
  beforeAll(() => {
    train = loadSplit('train', 3000);
    test = loadSplit('t10k', 1000);
  });

  it('trains to the cpu accuracy band; checkpoints cross between gpu and cpu', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mxjs-gpu-ff-'));
    const testX = mx.nd.array(test.images, { shape: [test.n, 784] });
    const cpuModel = await trainOn(mx.cpu(), join(dir, 'cpu'));
    const gpuModel = await trainOn(mx.gpu(0), join(dir, 'gpu'));
    const cpuProbs = (await cpuModel.predict(testX)) as mx.NDArray;
    const gpuProbs = (await gpuModel.predict(testX)) as mx.NDArray;
    expect(gpuProbs.context.equals(mx.cpu())).toBe(true);
    const cpuPred = await argmaxRows(cpuProbs);
    const gpuPred = await argmaxRows(gpuProbs);
    const cpuAcc = accuracy(cpuPred, test.labels), gpuAcc = accuracy(gpuPred, test.labels);
    expect(gpuAcc).toBeGreaterThan(0.6); // chance is 0.1
    expect(Math.abs(gpuAcc - cpuAcc)).toBeLessThan(0.03);
    // Same seed, data order and float32 arithmetic up to summation order: nearly all predictions agree.
    expect(gpuPred.filter((p, i) => p === cpuPred[i]).length).toBeGreaterThan(0.97 * test.n);
    // score() on gpu (metric reads the outputs back) equals the independent accuracy.
    const scored = await gpuModel.score(new mx.io.NDArrayIter(testX, mx.nd.array(test.labels), 100));
    expect(Math.abs((scored as number) - gpuAcc)).toBeLessThan(1e-9);

    // The gpu run's epoch-3 checkpoint, loaded on cpu, predicts what the gpu model predicts.
    const fromGpu = await mx.model.FeedForward.load(join(dir, 'gpu'), 3, { ctx: mx.cpu() });
    const onCpu = (await fromGpu.predict(testX)) as mx.NDArray;
    expect(maxViolation(await onCpu.asnumpy(), await gpuProbs.asnumpy(), 1e-5, 1e-4)).toBeLessThanOrEqual(1);
    // …and the cpu run's checkpoint, loaded on gpu, predicts what the cpu model predicts.
    const fromCpu = await mx.model.FeedForward.load(join(dir, 'cpu'), 3, { ctx: mx.gpu(0) });
    const onGpu = (await fromCpu.predict(testX)) as mx.NDArray;
    expect(maxViolation(await onGpu.asnumpy(), await cpuProbs.asnumpy(), 1e-5, 1e-4)).toBeLessThanOrEqual(1);
  });

  it('two gpu devices train like two cpu contexts (gradients summed across devices)', async () => {
    const X = mx.nd.array(train.images.subarray(0, 600 * 784), { shape: [600, 784] });
    const y = mx.nd.array(train.labels.subarray(0, 600));
    const probs: mx.NDArray[] = [];
    for (const ctx of [[mx.cpu(0), mx.cpu(1)], [mx.gpu(0), mx.gpu(1)]]) {
      mx.random.seed(5);
      const model = new mx.model.FeedForward(mlp(), { ctx, num_epoch: 1, numpy_batch_size: 100, learning_rate: 0.1,
        initializer: new mx.init.Uniform(0.07) });
      await model.fit(X, { y, logger: silentLogger });
      probs.push((await model.predict(X)) as mx.NDArray);
    }
    expect(maxViolation(await probs[1]!.asnumpy(), await probs[0]!.asnumpy(), 1e-4, 1e-3)).toBeLessThanOrEqual(1);
  });

  it('a cpu and a gpu device mixed in one ctx list train like two cpu devices', async () => {
    const X = mx.nd.array(train.images.subarray(0, 600 * 784), { shape: [600, 784] });
    const y = mx.nd.array(train.labels.subarray(0, 600));
    const probs: mx.NDArray[] = [];
    for (const ctx of [[mx.cpu(0), mx.cpu(1)], [mx.cpu(0), mx.gpu(0)]]) {
      mx.random.seed(5);
      const model = new mx.model.FeedForward(mlp(), { ctx, num_epoch: 1, numpy_batch_size: 100, learning_rate: 0.1,
        initializer: new mx.init.Uniform(0.07) });
      await model.fit(X, { y, logger: silentLogger, work_load_list: [1, 2] });
      probs.push((await model.predict(X)) as mx.NDArray);
    }
    expect(maxViolation(await probs[1]!.asnumpy(), await probs[0]!.asnumpy(), 1e-4, 1e-3)).toBeLessThanOrEqual(1);
  });

  it('a small CNN trained with Adam on gpu matches the cpu run', async () => {
    const n = 400;
    const X = mx.nd.array(train.images.subarray(0, n * 784), { shape: [n, 1, 28, 28] });
    const y = mx.nd.array(train.labels.subarray(0, n));
    const data = mx.symbol.Variable('data');
    const conv = mx.symbol.Convolution(data, { name: 'c1', kernel: [5, 5], stride: [2, 2], num_filter: 6 });
    const bn = mx.symbol.BatchNorm(mx.symbol.Activation(conv, { act_type: 'relu' }), { name: 'bn1' });
    const pool = mx.symbol.Pooling(bn, { kernel: [2, 2], stride: [2, 2], pool_type: 'max' });
    const fc = mx.symbol.FullyConnected(mx.symbol.Flatten(pool), { name: 'fc', num_hidden: 10 });
    const net = mx.symbol.SoftmaxOutput(fc, { name: 'softmax' });
    const outs: mx.NDArray[] = [];
    for (const ctx of [mx.cpu(), mx.gpu(0)]) {
      mx.random.seed(9);
      const model = new mx.model.FeedForward(net, { ctx, num_epoch: 1, numpy_batch_size: 50, optimizer: 'adam',
        learning_rate: 0.01, initializer: new mx.init.Xavier() });
      await model.fit(X, { y, logger: silentLogger });
      outs.push((await model.predict(X)) as mx.NDArray);
    }
    const [c, g] = [await argmaxRows(outs[0]!), await argmaxRows(outs[1]!)];
    expect(accuracy(g, train.labels.subarray(0, n))).toBeGreaterThan(0.4);
    expect(g.filter((p, i) => p === c[i]).length).toBeGreaterThan(0.97 * n);
    expect(maxViolation(await outs[1]!.asnumpy(), await outs[0]!.asnumpy(), 2e-3, 1e-2)).toBeLessThanOrEqual(1);
  });

  it('copyAsync moves arrays between cpu and gpu; synchronous gpu→cpu copies say what to use', async () => {
    expect(await mx.context.init_gpus(1)).toBe(mx.context.num_gpus());
    expect(mx.context.num_gpus()).toBeGreaterThanOrEqual(1);
    const a = mx.nd.array([1, 2, 3, 4, 5, 6], { shape: [2, 3] });
    const g = a.copyto(mx.gpu(0)); // cpu → gpu is synchronous
    expect(g.context.equals(mx.gpu(0))).toBe(true);
    const doubled = g.mul(2);
    expect(() => doubled.copyto(mx.cpu())).toThrow(/use await mx\.nd\.copyAsync\(src, ctx\)/);
    const back = await mx.nd.copyAsync(doubled, mx.cpu());
    expect(back.shape).toEqual([2, 3]);
    expect(Array.from(await back.asnumpy())).toEqual([2, 4, 6, 8, 10, 12]);
    const same = await mx.nd.copyAsync(a, mx.cpu(1)); // cpu → cpu is copyto
    expect(Array.from(same._dataSync())).toEqual([1, 2, 3, 4, 5, 6]);
    for (const x of [a, g, doubled, back, same]) x.dispose();
  });

  it('save_checkpoint reads gpu parameter dicts back before writing; load gives cpu arrays', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mxjs-gpu-ckpt-'));
    const w = mx.nd.array([1.5, -2, 3.25, 4, 5, 6], { shape: [2, 3] }).copyto(mx.gpu(0));
    const m = mx.nd.array([0.5, 0.25]).copyto(mx.gpu(0));
    await mx.model.save_checkpoint(join(dir, 'g'), 1, mlp(), { fc1_weight: w }, { bn_moving_mean: m });
    const [, arg, aux] = await mx.model.load_checkpoint(join(dir, 'g'), 1);
    expect(arg.fc1_weight!.context.equals(mx.cpu())).toBe(true);
    expect(Array.from(arg.fc1_weight!._dataSync())).toEqual([1.5, -2, 3.25, 4, 5, 6]);
    expect(Array.from(aux.bn_moving_mean!._dataSync())).toEqual([0.5, 0.25]);
  });
});
