// The NaN/Inf guard: the `check` kernel counts non-finite values exactly (checked against
// Number.isFinite on the host), and with check_numerics an executor / FeedForward.fit stops with an
// MXNetError naming the first operator (node name and op) that produced a NaN or an Inf.
import { beforeAll, describe, expect, it } from 'vitest';
import * as mx from '../../src/index.js';
import { backendFor } from '../../src/backends/registry.js';
import { setLogger, silentLogger } from '../../src/logging.js';
import { Scratch } from '../kernels/device.js';
import { Rng } from './mutate.js';

beforeAll(async () => {
  await mx.ready();
  setLogger(silentLogger);
});

describe('check.countNonFinite kernel', () => {
  it('counts NaN, +Inf and -Inf (not huge, tiny, subnormal or signed-zero values) at any length and offset', () => {
    const be = backendFor(mx.cpu());
    const s = new Scratch(be);
    const rng = new Rng(4242);
    const specials = [NaN, Infinity, -Infinity, 3.4028234663852886e38, -3.4028234663852886e38, 1e-45, -1e-45, -0, 0, 1];
    try {
      for (const n of [0, 1, 2, 3, 4, 5, 7, 8, 9, 17, 64, 1001, 4099]) {
        for (const off of [0, 1, 3]) {
          const x = new Float32Array(n);
          for (let i = 0; i < n; i++) x[i] = rng.next() < 0.2 ? rng.pick(specials) : rng.next() * 10 - 5;
          const want = x.reduce((c, v) => c + (Number.isFinite(v) ? 0 : 1), 0);
          const xr = s.put(x, off);
          const out = s.out(1, 2);
          be.check.countNonFinite(xr, n, out);
          expect(s.get(out, 1)[0], `n=${n} off=${off}`).toBe(want);
        }
      }
      // NaN payloads other than the canonical one are NaN too.
      const odd = new Float32Array(new Uint32Array([0x7fc00001, 0xffffffff, 0x7f800001, 0x7f7fffff]).buffer);
      const out = s.out(1);
      be.check.countNonFinite(s.put(odd), 4, out);
      expect(s.get(out, 1)[0]).toBe(3);
      expect(() => be.check.countNonFinite(s.put([1, 2]), 3, out)).toThrow(mx.MXNetError);
    } finally {
      s.freeAll();
    }
  });
});

function mlp() {
  const data = mx.sym.Variable('data');
  const fc1 = mx.sym.FullyConnected(data, { name: 'fc1', num_hidden: 8 });
  const act = mx.sym.Activation(fc1, { name: 'relu1', act_type: 'relu' });
  const fc2 = mx.sym.FullyConnected(act, { name: 'fc2', num_hidden: 3 });
  return mx.sym.SoftmaxOutput(fc2, { name: 'softmax' });
}

/** data → 1/data → fc: a zero in otherwise finite data makes `recip` the first op to produce an Inf. */
function reciprocal() {
  const data = mx.sym.Variable('data');
  const r = mx.sym._internal._rdiv_scalar!(data, { name: 'recip', scalar: 1 });
  const fc = mx.sym.FullyConnected(r, { name: 'fc', num_hidden: 2 });
  return mx.sym.SoftmaxOutput(fc, { name: 'softmax' });
}

describe('Executor.check_numerics', () => {
  it('names the op that turned finite inputs into an Inf, in forward', () => {
    const exec = reciprocal().simple_bind(mx.cpu(), { data: [2, 3] });
    exec.check_numerics = true;
    exec.arg_dict.fc_weight!.set(0.5);
    exec.forward({ is_train: true, data: mx.nd.array([[1, 2, 3], [4, 5, 6]]) }); // all finite: no error
    expect(() => exec.forward({ is_train: true, data: mx.nd.array([[1, 0, 3], [4, 5, 6]]) }))
      .toThrow(/_rdiv_scalar node 'recip' produced 1 non-finite value\(s\) \(NaN or Inf\) in output 'output'.*inputs were all finite/);
    exec.check_numerics = false;
    expect(() => exec.forward({ is_train: true, data: mx.nd.array([[1, 0, 3], [4, 5, 6]]) })).not.toThrow();
    exec.dispose();
  });

  it('names the op whose gradient became non-finite, in backward', () => {
    const data = mx.sym.Variable('data');
    const fc = mx.sym.FullyConnected(data, { name: 'fc', num_hidden: 2 });
    const exec = fc.simple_bind(mx.cpu(), { data: [1, 3] });
    exec.check_numerics = true;
    exec.forward({ is_train: true, data: mx.nd.array([[1, 2, 3]]) });
    expect(() => exec.backward(mx.nd.array([[Infinity, 0]])))
      .toThrow(/FullyConnected node 'fc' produced \d+ non-finite value\(s\).*gradient of input 'data'.*backward pass/);
    exec.dispose();
  });

  it('defaults to the MXJS_CHECK_NUMERICS environment variable', () => {
    const prev = process.env.MXJS_CHECK_NUMERICS;
    try {
      process.env.MXJS_CHECK_NUMERICS = '1';
      const on = mlp().simple_bind(mx.cpu(), { data: [1, 4] });
      expect(on.check_numerics).toBe(true);
      on.dispose();
      process.env.MXJS_CHECK_NUMERICS = '0';
      const off = mlp().simple_bind(mx.cpu(), { data: [1, 4] });
      expect(off.check_numerics).toBe(false);
      off.dispose();
    } finally {
      if (prev === undefined) delete process.env.MXJS_CHECK_NUMERICS;
      else process.env.MXJS_CHECK_NUMERICS = prev;
    }
  });
});

describe('FeedForward with check_numerics', () => {
  function data(withInf: boolean) {
    const x = new Float32Array(40 * 4).map((_, i) => Math.sin(i));
    if (withInf) x[4 * 17 + 2] = Infinity;
    const y = new Float32Array(40).map((_, i) => i % 3);
    return { X: mx.nd.array(x, { shape: [40, 4] }), y: mx.nd.array(y) };
  }

  it('stops fit at the first operator fed an Inf, naming it and the input', async () => {
    mx.random.seed(3);
    const { X, y } = data(true);
    const model = new mx.model.FeedForward(mlp(), { num_epoch: 2, numpy_batch_size: 10, check_numerics: true, learning_rate: 0.1 });
    await expect(model.fit(X, y)).rejects.toThrow(
      /check_numerics: FullyConnected node 'fc1' produced \d+ non-finite value\(s\).*output 'output'.*inputs already held non-finite values: 'data'/);
    model.dispose();
    for (const a of [X, y]) a.dispose();
  });

  it('without the guard the same fit runs to the end (and its weights become non-finite)', async () => {
    mx.random.seed(3);
    const { X, y } = data(true);
    const model = new mx.model.FeedForward(mlp(), { num_epoch: 2, numpy_batch_size: 10, learning_rate: 0.1 });
    await model.fit(X, y);
    const w = await model.arg_params!.fc1_weight!.asnumpy();
    expect(w.some((v) => !Number.isFinite(v))).toBe(true);
    model.dispose();
    for (const a of [X, y]) a.dispose();
  });

  it('with finite data the guarded fit succeeds and matches the unguarded one bit for bit', async () => {
    const run = async (check: boolean) => {
      mx.random.seed(5);
      const { X, y } = data(false);
      const model = new mx.model.FeedForward(mlp(), { num_epoch: 2, numpy_batch_size: 10, check_numerics: check, learning_rate: 0.1 });
      await model.fit(X, y);
      const w = await model.arg_params!.fc2_weight!.asnumpy();
      model.dispose();
      for (const a of [X, y]) a.dispose();
      return w;
    };
    expect(await run(true)).toEqual(await run(false));
  });
});
