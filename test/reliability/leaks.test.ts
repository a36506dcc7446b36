// No leaks: after a warm-up, repeated fit / predict / score / executor steps leave the backend's live
// buffer count and bytes, and the wasm heap size, exactly where they were; a step that throws midway
// (a bad batch shape, the NaN guard, a failed bind or load) releases everything it held.
import { beforeAll, describe, expect, it } from 'vitest';
import * as mx from '../../src/index.js';
import type { WasmBackend } from '../../src/backends/wasm/backend.js';
import { initWasmBackend } from '../../src/backends/wasm/init.js';
import { encodeNDArrays } from '../../src/ndarray/serialize.js';
import { setLogger, silentLogger } from '../../src/logging.js';

let be: WasmBackend;
beforeAll(async () => {
  be = await initWasmBackend();
  setLogger(silentLogger);
});

function usage() {
  return { ...be.stats(), heap: be.ex.memory.buffer.byteLength };
}

function net() {
  const data = mx.sym.Variable('data');
  const fc1 = mx.sym.FullyConnected(data, { name: 'fc1', num_hidden: 32 });
  const act = mx.sym.Activation(fc1, { name: 'relu1', act_type: 'relu' });
  const drop = mx.sym.Dropout(act, { name: 'drop', p: 0.2 });
  const fc2 = mx.sym.FullyConnected(drop, { name: 'fc2', num_hidden: 4 });
  return mx.sym.SoftmaxOutput(fc2, { name: 'softmax' });
}

function dataset(n: number) {
  const x = new Float32Array(n * 6).map((_, i) => Math.cos(i * 0.37));
  const y = new Float32Array(n).map((_, i) => (i * 7) % 4);
  return { X: mx.nd.array(x, { shape: [n, 6] }), y: mx.nd.array(y) };
}

/** A DataIter over fixed batches of 10 whose `badAt`-th batch has 5 features instead of 6. */
class BadBatchIter extends mx.io.DataIter {
  private i = 0;
  private readonly good = mx.nd.ones([10, 6]);
  private readonly bad = mx.nd.ones([10, 5]);
  private readonly label = mx.nd.zeros([10]);
  constructor(private readonly badAt: number) {
    super(10);
  }
  override get provide_data() { return [new mx.io.DataDesc('data', [10, 6])]; }
  override get provide_label() { return [new mx.io.DataDesc('softmax_label', [10])]; }
  override reset(): void { this.i = 0; }
  override next() {
    if (this.i >= 6) return null;
    const d = this.i++ === this.badAt ? this.bad : this.good;
    return new mx.io.DataBatch([d], { label: [this.label], pad: 0 });
  }
  dispose(): void {
    for (const a of [this.good, this.bad, this.label]) a.dispose();
  }
}

describe('no leaks', () => {
  it('fit, predict and score many times: live buffers, bytes and heap stay flat after warm-up', async () => {
    mx.random.seed(11);
    const { X, y } = dataset(53); // 53 = 6 full batches of 8 + a rolled-over / padded tail
    const model = new mx.model.FeedForward(net(), { num_epoch: 2, numpy_batch_size: 8, learning_rate: 0.05, momentum: 0.9 });
    await model.fit(X, y, { eval_data: [X, y], eval_metric: ['acc', 'ce'] });
    (await model.predict(X) as mx.NDArray).dispose();
    await model.score(X, 'acc');
    const base = usage();
    for (let round = 0; round < 3; round++) {
      await model.fit(X, y, { eval_data: [X, y], eval_metric: ['acc', 'ce'] });
      expect(usage(), `after fit #${round + 2}`).toEqual(base);
    }
    for (let i = 0; i < 30; i++) {
      const p = await model.predict(X, { return_data: i % 2 === 0 });
      for (const a of [p].flat(2) as mx.NDArray[]) a.dispose();
      await model.score(X, 'ce');
    }
    expect(usage()).toEqual(base);
    model.dispose();
    for (const a of [X, y]) a.dispose();
  });

  it('multi-device training (cpu(0) + cpu(1), summed gradients) stays flat too', async () => {
    mx.random.seed(13);
    const { X, y } = dataset(40);
    const model = new mx.model.FeedForward(net(), { ctx: [mx.cpu(0), mx.cpu(1)], num_epoch: 1, numpy_batch_size: 10, learning_rate: 0.05 });
    await model.fit(X, y);
    const base = usage();
    for (let i = 0; i < 3; i++) await model.fit(X, y);
    expect(usage()).toEqual(base);
    model.dispose();
    for (const a of [X, y]) a.dispose();
  });

  it('an executor stepped 300 times allocates nothing after its first step', () => {
    const exec = net().simple_bind(mx.cpu(), { data: [16, 6] });
    const step = () => {
      exec.forward({ is_train: true });
      exec.backward();
    };
    step();
    const base = usage();
    for (let i = 0; i < 300; i++) step();
    expect(usage()).toEqual(base);
    exec.dispose();
  });

  it('a fit that throws midway (bad batch shape, NaN guard) releases what the step held', async () => {
    mx.random.seed(12);
    const good = new BadBatchIter(99);
    const model = new mx.model.FeedForward(net(), { num_epoch: 1, learning_rate: 0.05, momentum: 0.9 });
    await model.fit(good);
    const base = usage();
    for (const badAt of [1, 3, 5]) {
      const it = new BadBatchIter(badAt);
      await expect(model.fit(it)).rejects.toThrow(mx.MXNetError);
      it.dispose();
      // The failed fit replaced the parameters (same shapes) and its updater: nothing else may remain.
      expect(usage(), `bad batch at ${badAt}`).toEqual(base);
    }
    const inf = mx.nd.array(new Float32Array(60).fill(Infinity), { shape: [10, 6] });
    const guarded = new mx.model.FeedForward(net(), { num_epoch: 1, learning_rate: 0.05, momentum: 0.9, check_numerics: true });
    const before = usage();
    await expect(guarded.fit(inf, mx.nd.zeros([10]))).rejects.toThrow(/check_numerics/);
    guarded.dispose();
    // Only the label array made for the call is still alive (the test's own).
    expect(usage().buffers).toBe(before.buffers + 1);
    good.dispose();
    model.dispose();
    inf.dispose();
  });

  it('failing executor calls and loads leave nothing behind', async () => {
    const saved = { 'arg:w': mx.nd.ones([3, 3]), 'arg:b': mx.nd.ones([3]) };
    const bytes = await encodeNDArrays(saved, 'x');
    const wrong = mx.nd.ones([4, 7]);
    const base = usage();
    const exec = net().simple_bind(mx.cpu(), { data: [4, 6] });
    expect(() => exec.forward({ data: wrong })).toThrow(mx.MXNetError);
    exec.dispose();
    expect(() => net().simple_bind(mx.cpu(), { data: [4, 2 ** 31] })).toThrow(mx.MXNetError);
    expect(() => mx.nd.load_frombuffer(bytes.slice(0, bytes.length - 30))).toThrow(mx.MXNetError);
    expect(() => mx.nd.load_frombuffer(bytes.slice(0, 100))).toThrow(mx.MXNetError);
    expect(usage().buffers).toBe(base.buffers);
    expect(usage().bytes).toBe(base.bytes);
    for (const a of [wrong, ...Object.values(saved)]) a.dispose();
  });
});
