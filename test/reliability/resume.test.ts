// Exact resume: a run checkpointed with optimizer states and resumed in a fresh model (begin_epoch from
// the checkpoint) ends with the same weights, bit for bit, as the uninterrupted run with the same seed —
// with momentum, an lr schedule, dropout, shuffled training and validation data and a roll-over tail
// (50 samples in batches of 8). Also: the states file round-trips, and corrupt ones fail cleanly.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as mx from '../../src/index.js';
import { decodeStates, encodeStates } from '../../src/format/states.js';
import { setLogger, silentLogger } from '../../src/logging.js';
import { statesFileName } from '../../src/model/training_state.js';
import { mutateBytes, Rng } from './mutate.js';

const N_EPOCH = 5;
let dir: string;
beforeAll(async () => {
  await mx.ready();
  setLogger(silentLogger);
  dir = mkdtempSync(join(tmpdir(), 'mxjs-resume-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function net() {
  const data = mx.sym.Variable('data');
  const fc1 = mx.sym.FullyConnected(data, { name: 'fc1', num_hidden: 16 });
  const act = mx.sym.Activation(fc1, { name: 'relu1', act_type: 'relu' });
  const drop = mx.sym.Dropout(act, { name: 'drop', p: 0.3 });
  const fc2 = mx.sym.FullyConnected(drop, { name: 'fc2', num_hidden: 3 });
  return mx.sym.SoftmaxOutput(fc2, { name: 'softmax' });
}

/** A deterministic 3-class problem: class = which of three features is largest. */
function dataset(n: number, salt: number): { X: mx.NDArray; y: mx.NDArray } {
  const rng = new Rng(salt);
  const x = new Float32Array(n * 5), y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < 5; j++) x[i * 5 + j] = rng.next() * 2 - 1;
    const f = [x[i * 5]!, x[i * 5 + 1]!, x[i * 5 + 2]!];
    y[i] = f.indexOf(Math.max(...f));
  }
  return { X: mx.nd.array(x, { shape: [n, 5] }), y: mx.nd.array(y) };
}

const train = () => dataset(50, 1);
const valid = () => dataset(20, 2);

function hyper() {
  return {
    learning_rate: 0.2, momentum: 0.9, wd: 1e-4,
    lr_scheduler: new mx.lr_scheduler.FactorScheduler({ step: 7, factor: 0.8 }),
  };
}

async function host(params: Record<string, mx.NDArray>): Promise<Record<string, Float32Array>> {
  const out: Record<string, Float32Array> = {};
  for (const k of Object.keys(params).sort()) out[k] = await params[k]!.asnumpy();
  return out;
}

/** The uninterrupted run: N_EPOCH epochs from seed 7, checkpointing every epoch with states. */
async function fullRun(prefix: string): Promise<Record<string, Float32Array>> {
  mx.random.seed(7);
  const { X, y } = train(), v = valid();
  const model = new mx.model.FeedForward(net(), {
    num_epoch: N_EPOCH, numpy_batch_size: 8, initializer: new mx.init.Uniform(0.3), ...hyper(),
  });
  await model.fit(X, y, {
    eval_data: [v.X, v.y],
    epoch_end_callback: mx.callback.do_checkpoint(prefix, 1, { save_optimizer_states: true }),
  });
  const w = await host(model.arg_params!);
  model.dispose();
  for (const a of [X, y, v.X, v.y]) a.dispose();
  return w;
}

/** Resume from `prefix` at `epoch` in a fresh model (after scrambling the global RNG) and train to N_EPOCH. */
async function resumeRun(prefix: string, epoch: number, out: string, withStates = true): Promise<Record<string, Float32Array>> {
  mx.random.seed(99999); // whatever the process did meanwhile must not matter
  const { X, y } = train(), v = valid();
  const model = await mx.model.FeedForward.load(prefix, epoch, {
    load_optimizer_states: withStates, num_epoch: N_EPOCH, numpy_batch_size: 8, ...hyper(),
  });
  expect(model.begin_epoch).toBe(epoch);
  await model.fit(X, y, {
    eval_data: [v.X, v.y],
    epoch_end_callback: mx.callback.do_checkpoint(out, 1, { save_optimizer_states: true }),
  });
  const w = await host(model.arg_params!);
  model.dispose();
  for (const a of [X, y, v.X, v.y]) a.dispose();
  return w;
}

function expectBitwiseEqual(a: Record<string, Float32Array>, b: Record<string, Float32Array>): void {
  expect(Object.keys(a)).toEqual(Object.keys(b));
  for (const k of Object.keys(a)) {
    const x = new Uint32Array(a[k]!.buffer, a[k]!.byteOffset, a[k]!.length);
    const y = new Uint32Array(b[k]!.buffer, b[k]!.byteOffset, b[k]!.length);
    const first = x.findIndex((v, i) => v !== y[i]);
    expect(first, `${k}[${first}]: ${a[k]![first]} vs ${b[k]![first]}`).toBe(-1);
  }
}

describe('exact resume', () => {
  let full: Record<string, Float32Array>;
  let prefix: string;

  it('resuming at epoch 2 reproduces the uninterrupted run bit for bit', async () => {
    prefix = join(dir, 'full');
    full = await fullRun(prefix);
    const resumed = await resumeRun(prefix, 2, join(dir, 'r2'));
    expectBitwiseEqual(resumed, full);
    // The resumed run's own checkpoints match the original ones epoch by epoch.
    for (const e of [3, 4]) {
      const [, a] = await mx.model.load_checkpoint(prefix, e);
      const [, b] = await mx.model.load_checkpoint(join(dir, 'r2'), e);
      expectBitwiseEqual(await host(b), await host(a));
      for (const x of [...Object.values(a), ...Object.values(b)]) x.dispose();
    }
  });

  it('a resumed run can itself be resumed (the data stream origin is carried along)', async () => {
    const again = await resumeRun(join(dir, 'r2'), 4, join(dir, 'r4'));
    expectBitwiseEqual(again, full);
  });

  it('without the optimizer states the result differs (the comparison is sensitive)', async () => {
    const plain = await resumeRun(prefix, 2, join(dir, 'plain'), false);
    const differs = Object.keys(full).some((k) => full[k]!.some((v, i) => v !== plain[k]![i]));
    expect(differs).toBe(true);
  });

  it('the .states file round-trips and holds momentum for every parameter', () => {
    const bytes = new Uint8Array(readFileSync(statesFileName(prefix, 3)));
    const s = decodeStates(bytes, 'x.states');
    expect(s.epoch).toBe(3);
    // 50 samples, batches of 8, roll-over: 6 or 7 batches per epoch, one update of each weight per batch.
    expect(s.num_update).toBeGreaterThanOrEqual(18);
    expect(s.num_update).toBeLessThanOrEqual(21);
    expect(s.states.map(([k]) => k).sort()).toEqual([0, 1, 2, 3]);
    const shapes = s.states.map(([, t]) => (t && !Array.isArray(t) ? t.shape : null));
    expect(shapes).toEqual([[16, 5], [16], [3, 16], [3]]);
    expect(s.origin).toEqual({ epoch: 0, rng: expect.any(Array) });
    expect(encodeStates(s)).toEqual(bytes);
  });

  it('missing, corrupt or mismatched .states files fail with an MXNetError naming the file', async () => {
    await expect(mx.model.FeedForward.load(join(dir, 'nothing'), 1, { load_optimizer_states: true }))
      .rejects.toThrow(/nothing-0001\.states does not exist/);
    const good = new Uint8Array(readFileSync(statesFileName(prefix, 3)));
    const rng = new Rng(31337);
    for (let i = 0; i < 400; i++) {
      const m = mutateBytes(good, rng);
      try {
        decodeStates(m.value, 'bad.states');
      } catch (e) {
        expect(e, `mutation ${i}: ${m.desc}`).toBeInstanceOf(mx.MXNetError);
        expect((e as Error).message).toContain('bad.states');
      }
    }
    // A states file of another network: the shapes do not match the weights.
    const other = join(dir, 'other');
    const s = decodeStates(good, 'x');
    s.states = s.states.map(([k, t]) => [k, t && !Array.isArray(t) ? { shape: [t.data.length, 1], data: t.data } : t]);
    writeFileSync(statesFileName(other, 3), encodeStates(s));
    const [sym, arg, aux] = await mx.model.load_checkpoint(prefix, 3);
    await mx.model.save_checkpoint(other, 3, sym, arg, aux);
    const model = await mx.model.FeedForward.load(other, 3, { load_optimizer_states: true, num_epoch: 4, numpy_batch_size: 8 });
    const { X, y } = train();
    await expect(model.fit(X, y)).rejects.toThrow(/other-0003\.states: the state of parameter 0 has shape \(80, 1\), the weight \(16, 5\)/);
    model.dispose();
    for (const a of [X, y, ...Object.values(arg), ...Object.values(aux)]) a.dispose();
  });
});
