// FeedForward over several devices exactly as MXNet 1.9.1 (model.py _create_kvstore / _train_multi_device):
// cpu(0)+cpu(1) (even or uneven work_load_list) trains to the weights of one device with the same total
// batch, on both update paths (optimizer in the kvstore, or per device after summing gradients);
// kvstore=None leaves each device with its own gradient; slices follow round-half-to-even.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import * as mx from '../../src/index.js';
import { silentLogger } from '../../src/logging.js';
import { splitInputSlice } from '../../src/model/split_slices.js';
import type { NDArray } from '../../src/ndarray/ndarray.js';

beforeAll(async () => { await mx.ready(); });

const N = 40;
const F = 6;

/** A fixed dataset from a small LCG (no mx.random use, so only the initializer consumes the seed). */
function dataset(): { X: Float32Array; y: Float32Array } {
  let s = 12345;
  const next = () => { s = (s * 1103515245 + 12345) % 2147483648; return s / 2147483648; };
  const X = new Float32Array(N * F).map(() => next() * 2 - 1);
  const y = new Float32Array(N).map((_, i) => (X[i * F]! + X[i * F + 1]! > 0 ? 1 : 0) + (X[i * F + 2]! > 0.5 ? 1 : 0));
  return { X, y };
}

function net() {
  const data = mx.symbol.Variable('data');
  const fc1 = mx.symbol.FullyConnected(data, { name: 'fc1', num_hidden: 8 });
  const act = mx.symbol.Activation(fc1, { name: 'relu1', act_type: 'relu' });
  const fc2 = mx.symbol.FullyConnected(act, { name: 'fc2', num_hidden: 3 });
  return mx.symbol.SoftmaxOutput(fc2, { name: 'softmax' });
}

interface Run {
  ctx: mx.Context[];
  batch: number;
  work_load_list?: number[];
  kvstore?: unknown;
  optimizer?: unknown;
  num_epoch?: number;
  learning_rate?: number;
}

/** Train from seed 3 without shuffling; returns the model (caller disposes) and its host weights. */
async function train(r: Run): Promise<{ model: mx.model.FeedForward; weights: Record<string, Float32Array> }> {
  const { X, y } = dataset();
  const it = new mx.io.NDArrayIter(mx.nd.array(X, { shape: [N, F] }), mx.nd.array(y), { batch_size: r.batch, shuffle: false });
  mx.random.seed(3);
  const model = new mx.model.FeedForward(net(), {
    ctx: r.ctx, num_epoch: r.num_epoch ?? 3, optimizer: r.optimizer ?? 'sgd',
    ...(r.optimizer ? {} : { learning_rate: r.learning_rate ?? 0.5, momentum: 0.9, wd: 0.001 }),
  });
  const fitKw: Record<string, unknown> = { logger: silentLogger };
  if (r.work_load_list) fitKw.work_load_list = r.work_load_list;
  if ('kvstore' in r) fitKw.kvstore = r.kvstore;
  await model.fit(it, fitKw);
  const weights: Record<string, Float32Array> = {};
  for (const [k, v] of Object.entries(model.arg_params!)) weights[k] = await v.asnumpy();
  return { model, weights };
}

function maxDiff(a: Record<string, Float32Array>, b: Record<string, Float32Array>): number {
  expect(Object.keys(a).sort()).toEqual(Object.keys(b).sort());
  let m = 0;
  for (const k of Object.keys(a)) a[k]!.forEach((v, i) => { m = Math.max(m, Math.abs(v - b[k]![i]!)); });
  return m;
}

const saved = process.env.MXNET_UPDATE_ON_KVSTORE;
afterEach(() => {
  if (saved === undefined) delete process.env.MXNET_UPDATE_ON_KVSTORE;
  else process.env.MXNET_UPDATE_ON_KVSTORE = saved;
});

describe('FeedForward on several devices', () => {
  const two = [mx.cpu(0), mx.cpu(1)];

  it.each([
    ['update on kvstore, local', '1', 'local', undefined],
    ['update on kvstore, device', '1', 'device', undefined],
    ['per-device updater after summing', '0', 'local', undefined],
    ['update on kvstore, work_load_list [1, 3]', '1', 'local', [1, 3]],
    ['per-device updater, work_load_list [1, 3]', '0', 'local', [1, 3]],
  ] as const)('%s: same weights as one device with the same total batch', async (_n, env, kvstore, wl) => {
    const single = await train({ ctx: [mx.cpu(0)], batch: 8 });
    process.env.MXNET_UPDATE_ON_KVSTORE = env;
    const multi = await train({ ctx: two, batch: 8, kvstore, work_load_list: wl ? [...wl] : undefined });
    // The weights moved (lr 0.5, 15 steps) and agree up to float32 summation order.
    expect(maxDiff(single.weights, (await train({ ctx: [mx.cpu(0)], batch: 8, num_epoch: 0 })).weights)).toBeGreaterThan(0.05);
    expect(maxDiff(single.weights, multi.weights)).toBeLessThan(2e-5);
    // predict runs on ctx[0] and so agrees too.
    const { X } = dataset();
    const p1 = await (await single.model.predict(mx.nd.array(X, { shape: [N, F] })) as NDArray).asnumpy();
    const p2 = await (await multi.model.predict(mx.nd.array(X, { shape: [N, F] })) as NDArray).asnumpy();
    p1.forEach((v, i) => expect(Math.abs(v - p2[i]!)).toBeLessThan(2e-5));
    single.model.dispose();
    multi.model.dispose();
  });

  it('three devices with an uneven split of batch 10 ([3, 3, 4]) match one device', async () => {
    const single = await train({ ctx: [mx.cpu(0)], batch: 10 });
    const multi = await train({ ctx: [mx.cpu(0), mx.cpu(1), mx.cpu(2)], batch: 10 });
    expect(maxDiff(single.weights, multi.weights)).toBeLessThan(2e-5);
    single.model.dispose();
    multi.model.dispose();
  });

  it('optimizer indices: parameter positions when updating on the kvstore, i·num_dev + k otherwise', async () => {
    const names = ['fc1_weight', 'fc1_bias', 'fc2_weight', 'fc2_bias'];
    const onKv = mx.optimizer.create('sgd', { learning_rate: 0.1, rescale_grad: 1 / 8 });
    (await train({ ctx: two, batch: 8, optimizer: onKv, num_epoch: 1 })).model.dispose();
    expect(onKv.idx2name).toEqual(Object.fromEntries(names.map((n, i) => [String(i), n])));

    process.env.MXNET_UPDATE_ON_KVSTORE = '0';
    const local = mx.optimizer.create('sgd', { learning_rate: 0.1, rescale_grad: 1 / 8 });
    (await train({ ctx: two, batch: 8, optimizer: local, num_epoch: 1 })).model.dispose();
    expect(local.idx2name).toEqual(Object.fromEntries(names.flatMap((n, i) => [[String(2 * i), n], [String(2 * i + 1), n]])));
  });

  it('a KVStore instance passed as kvstore is used: it ends holding the trained weights', async () => {
    const kv = mx.kv.create('local');
    const run = await train({ ctx: two, batch: 8, kvstore: kv });
    for (const [name, w] of Object.entries(run.weights)) {
      const out = mx.nd.zeros(run.model.arg_params![name]!.shape);
      await kv.pull(name, { out });
      expect(await out.asnumpy()).toEqual(w);
      out.dispose();
    }
    run.model.dispose();
    kv.dispose();
  });

  it('kvstore=None: each device steps on its own gradient (one step = one device with half the rate)', async () => {
    // One batch of 40 split 20/20: the average of w − lr·g_k/40 over k is w − (lr/2)·(g_0 + g_1)/40.
    const sgd = { ctx: two, batch: N, num_epoch: 1 };
    const noKv = await train({ ...sgd, kvstore: null, optimizer: mx.optimizer.create('sgd', { learning_rate: 0.5, rescale_grad: 1 / N }) });
    const half = await train({ ctx: [mx.cpu(0)], batch: N, num_epoch: 1, optimizer: mx.optimizer.create('sgd', { learning_rate: 0.25, rescale_grad: 1 / N }) });
    const full = await train({ ctx: [mx.cpu(0)], batch: N, num_epoch: 1, optimizer: mx.optimizer.create('sgd', { learning_rate: 0.5, rescale_grad: 1 / N }) });
    expect(maxDiff(noKv.weights, half.weights)).toBeLessThan(1e-6);
    expect(maxDiff(noKv.weights, full.weights)).toBeGreaterThan(1e-3);
    for (const r of [noKv, half, full]) r.model.dispose();
  });
});

describe('exact resume on two devices (optimizer states in the kvstore, keyed by parameter name)', () => {
  it('2 epochs + resume to 4 equals 4 uninterrupted epochs bit for bit', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mxjs-multi-resume-'));
    try {
      const { X, y } = dataset();
      const iter = () => new mx.io.NDArrayIter(mx.nd.array(X, { shape: [N, F] }), mx.nd.array(y), { batch_size: 8, shuffle: false });
      const hyper = { learning_rate: 0.3, momentum: 0.9, ctx: [mx.cpu(0), mx.cpu(1)] };
      mx.random.seed(5);
      const full = new mx.model.FeedForward(net(), { num_epoch: 4, ...hyper });
      await full.fit(iter(), { logger: silentLogger, epoch_end_callback: mx.callback.do_checkpoint(join(dir, 'm'), 1, { save_optimizer_states: true }) });
      const resumed = await mx.model.FeedForward.load(join(dir, 'm'), 2, { load_optimizer_states: true, num_epoch: 4, ...hyper });
      await resumed.fit(iter(), { logger: silentLogger });
      const without = await mx.model.FeedForward.load(join(dir, 'm'), 2, { num_epoch: 4, ...hyper });
      await without.fit(iter(), { logger: silentLogger });
      let diffWithout = 0;
      for (const [k, v] of Object.entries(full.arg_params!)) {
        const a = await v.asnumpy();
        expect(await resumed.arg_params![k]!.asnumpy()).toEqual(a);
        (await without.arg_params![k]!.asnumpy()).forEach((x, i) => { diffWithout = Math.max(diffWithout, Math.abs(x - a[i]!)); });
      }
      // Without the momentum states the run differs, so the comparison above is sensitive.
      expect(diffWithout).toBeGreaterThan(1e-4);
      for (const m of [full, resumed, without]) m.dispose();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('model._create_kvstore', () => {
  const params = (n: number) => ({ w: { shape: [n] } as unknown as NDArray });

  it('follows MXNet 1.9.1 rules', () => {
    const { _create_kvstore, KVStore } = mx.kvstore;
    expect(_create_kvstore('local', 1, params(10))).toEqual([null, false]);
    expect(_create_kvstore(null, 2, params(10))).toEqual([null, false]);
    const [kv2, up2] = _create_kvstore('local', 2, params(10));
    expect(kv2).toBeInstanceOf(KVStore);
    expect(kv2!.type).toBe('local');
    expect(up2).toBe(true);
    // More than 16M elements in one parameter: 'local' updates per device (only for exactly 'local').
    expect(_create_kvstore('local', 2, params(16 * 1024 * 1024 + 1))[1]).toBe(false);
    expect(_create_kvstore('local', 2, params(16 * 1024 * 1024))[1]).toBe(true);
    expect(_create_kvstore('device', 2, params(16 * 1024 * 1024 + 1))[1]).toBe(true);
    // A KVStore instance is used even for one device.
    const mine = mx.kv.create('device');
    expect(_create_kvstore(mine, 1, params(10))).toEqual([mine, true]);
    process.env.MXNET_UPDATE_ON_KVSTORE = '0';
    expect(_create_kvstore('local', 2, params(10))[1]).toBe(false);
    expect(() => _create_kvstore('dist_sync', 1, params(10))).toThrow(/distributed kvstore 'dist_sync' is not supported yet; use 'local' or 'device'/);
    expect(() => _create_kvstore(3, 2, params(10))).toThrow(/kvstore must be KVStore, str or None/);
  });
});

describe('executor_manager._split_input_slice (api-semantics §3.6)', () => {
  it('rounds half to even, gives the shortfall to the last device, clips the end', () => {
    expect(splitInputSlice(5, [1, 1])).toEqual([[0, 2], [2, 5]]);
    expect(splitInputSlice(128, [1, 1, 1])).toEqual([[0, 43], [43, 86], [86, 128]]);
    expect(splitInputSlice(8, [1, 3])).toEqual([[0, 2], [2, 8]]);
    expect(splitInputSlice(10, [1, 1, 1])).toEqual([[0, 3], [3, 6], [6, 10]]);
    // 2.5 → 2 and 7.5 → 8 (half to even), sum 10.
    expect(splitInputSlice(10, [1, 3])).toEqual([[0, 2], [2, 10]]);
    expect(() => splitInputSlice(2, [1, 1, 1])).toThrow(/Too many slices/);
  });
});
