// Fused bias + activation in the executor (src/executor/fusion_*.ts): FullyConnected / Convolution whose
// only consumer is an Activation run as one op. Checked against float64 references (forward and, for
// training binds, backward) and against the same graph bound with fusion off; heads and shared
// outputs must not be fused.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../src/backends/backend.js';
import { initWasmBackend } from '../../src/backends/wasm/init.js';
import { cpu } from '../../src/context.js';
import { simple_bind } from '../../src/executor/bind.js';
import type { Executor } from '../../src/executor/executor.js';
import { _setFusion } from '../../src/executor/fusion_match.js';
import { array } from '../../src/ndarray/create.js';
import type { Entry } from '../../src/symbol/graph.js';
import { convRef, type Conv2d } from '../ops/cnn_reference.js';
import { expectClose, rand } from '../ops/helpers.js';
import { op, out, variable } from './graph_helpers.js';

let backend: Backend;
beforeAll(async () => { backend = await initWasmBackend(); });
afterEach(() => _setFusion(null));

const ACT: Record<string, (v: number) => number> = {
  relu: (v) => Math.max(v, 0),
  sigmoid: (v) => 1 / (1 + Math.exp(-v)),
  tanh: Math.tanh,
  softrelu: (v) => (v > 20 ? v : Math.log1p(Math.exp(v))),
  softsign: (v) => v / (1 + Math.abs(v)),
};

/** y[m, n] = Σ_k x[m, k] w[n, k] + b[n] in float64. */
function fcRef(x: Float64Array, w: Float64Array, b: Float64Array | null, M: number, K: number, N: number): Float64Array {
  const y = new Float64Array(M * N);
  for (let m = 0; m < M; m++) for (let n = 0; n < N; n++) {
    let s = b ? b[n]! : 0;
    for (let k = 0; k < K; k++) s += x[m * K + k]! * w[n * K + k]!;
    y[m * N + n] = s;
  }
  return y;
}

const map = (x: Float64Array, f: (v: number) => number) => x.map(f);

/** Bind with fusion on or off, fill every argument from `values`, run one forward. */
function bindWith(fused: boolean, heads: Entry[], shapes: Record<string, number[]>, values: Record<string, Float64Array>,
  gradReq: 'null' | 'write' = 'null'): Executor {
  _setFusion(fused);
  const exec = simple_bind(heads, cpu(), { shapes, grad_req: gradReq });
  for (const [name, v] of Object.entries(values)) exec.arg_dict[name]!.set(v);
  exec.profile = true;
  return exec;
}

/** A 3-layer MLP with one activation type per layer; the last activation is the head. */
function mlp(acts: string[], dims: number[]) {
  let h: Entry = out(variable('data'));
  acts.forEach((a, i) => {
    const fc = op('FullyConnected', `fc${i}`, [h], { num_hidden: dims[i + 1]!, no_bias: i === acts.length - 1 });
    h = out(op('Activation', `act${i}`, [out(fc)], { act_type: a }));
  });
  return h;
}

function mlpValues(dims: number[], M: number, seed: number) {
  const v: Record<string, Float64Array> = { data: rand(M * dims[0]!, seed) };
  for (let i = 0; i + 1 < dims.length; i++) {
    v[`fc${i}_weight`] = rand(dims[i]! * dims[i + 1]!, seed + 10 * i + 1, -0.7, 0.7);
    if (i + 2 < dims.length) v[`fc${i}_bias`] = rand(dims[i + 1]!, seed + 10 * i + 2, -0.5, 0.5);
  }
  return v;
}

/** Float64 forward of mlp(); returns every layer's pre- and post-activation values. */
function mlpRef(acts: string[], dims: number[], M: number, v: Record<string, Float64Array>) {
  const pre: Float64Array[] = [], post: Float64Array[] = [v.data!];
  acts.forEach((a, i) => {
    pre.push(fcRef(post[i]!, v[`fc${i}_weight`]!, v[`fc${i}_bias`] ?? null, M, dims[i]!, dims[i + 1]!));
    post.push(map(pre[i]!, ACT[a]!));
  });
  return { pre, post };
}

describe('fused FullyConnected + Activation', () => {
  const dims = [10, 16, 12, 8, 5], M = 4;
  const acts = ['relu', 'sigmoid', 'tanh', 'softrelu'];

  it('predict: fused and unfused forward match the float64 reference; fused runs as one op and saves memory', () => {
    const v = mlpValues(dims, M, 7);
    const ref = mlpRef(acts, dims, M, v).post[acts.length]!;
    const bytes: number[] = [];
    for (const fused of [true, false]) {
      const before = backend.stats().bytes;
      const exec = bindWith(fused, [mlp(acts, dims)], { data: [M, dims[0]!] }, v);
      bytes.push(backend.stats().bytes - before);
      try {
        expectClose(exec.forward()[0]!._dataSync(), ref, 2e-6, 2e-5, `fused=${fused}`);
        const report = exec.profile_report();
        // With no gradients every activation fuses, softrelu included.
        expect(report.includes('FullyConnected+Activation'), report).toBe(fused);
        expect(/^Activation /m.test(report), report).toBe(!fused);
      } finally {
        exec.dispose();
      }
    }
    // The fused intermediates (FC outputs) get no memory: M·(16 + 12 + 8 + 5) float32 fewer.
    expect(bytes[1]! - bytes[0]!).toBe(4 * M * (16 + 12 + 8 + 5));
  });

  it('training: forward and backward of the fused graph match the float64 reference', () => {
    const tacts = ['relu', 'tanh', 'sigmoid'], tdims = [6, 9, 7, 4];
    const v = mlpValues(tdims, M, 21);
    const { pre, post } = mlpRef(tacts, tdims, M, v);
    const og = rand(M * tdims[3]!, 99);
    // Reverse pass in float64: dpre = dpost · f'(pre), dW = dpreᵀ·x, db = Σ dpre, dx = dpre·W.
    const grads: Record<string, Float64Array> = {};
    let dpost = og;
    for (let i = tacts.length - 1; i >= 0; i--) {
      const K = tdims[i]!, N = tdims[i + 1]!, y = post[i + 1]!;
      const dpre = dpost.map((g, j) => {
        const p = pre[i]![j]!;
        return g * (tacts[i] === 'relu' ? (p > 0 ? 1 : 0) : tacts[i] === 'tanh' ? 1 - y[j]! ** 2 : y[j]! * (1 - y[j]!));
      });
      const dw = new Float64Array(N * K), db = new Float64Array(N), dx = new Float64Array(M * K);
      for (let m = 0; m < M; m++) for (let n = 0; n < N; n++) {
        const g = dpre[m * N + n]!;
        db[n] += g;
        for (let k = 0; k < K; k++) {
          dw[n * K + k] += g * post[i]![m * K + k]!;
          dx[m * K + k] += g * v[`fc${i}_weight`]![n * K + k]!;
        }
      }
      grads[`fc${i}_weight`] = dw;
      if (v[`fc${i}_bias`]) grads[`fc${i}_bias`] = db;
      if (i === 0) grads.data = dx;
      dpost = dx;
    }
    for (const fused of [true, false]) {
      const exec = bindWith(fused, [mlp(tacts, tdims)], { data: [M, tdims[0]!] }, v, 'write');
      try {
        expectClose(exec.forward(true)[0]!._dataSync(), post[tacts.length]!, 2e-6, 2e-5, `forward fused=${fused}`);
        expect(exec.profile_report().includes('FullyConnected+Activation')).toBe(fused);
        const g = array(Array.from(og)).reshape([M, tdims[3]!]);
        exec.backward(g);
        g.dispose();
        for (const name of ['data', 'fc0_weight', 'fc0_bias', 'fc1_weight', 'fc1_bias', 'fc2_weight']) {
          expectClose(exec.grad_dict[name]!._dataSync(), grads[name]!, 1e-5, 1e-4, `${name} grad, fused=${fused}`);
        }
      } finally {
        exec.dispose();
      }
    }
  });

  it('a training bind does not fuse softrelu (its gradient reads the input)', () => {
    const tdims = [5, 6, 3];
    const v = mlpValues(tdims, 2, 3);
    const exec = bindWith(true, [mlp(['softrelu', 'relu'], tdims)], { data: [2, 5] }, v, 'write');
    try {
      expectClose(exec.forward(true)[0]!._dataSync(), mlpRef(['softrelu', 'relu'], tdims, 2, v).post[2]!, 2e-6, 2e-5);
      expect(exec.profile_report()).toMatch(/^Activation /m);
    } finally {
      exec.dispose();
    }
  });

  it('does not fuse a layer whose output is a head or has a second consumer', () => {
    const K = 6, N = 5;
    const v = { data: rand(3 * K, 4), fc_weight: rand(N * K, 5), fc_bias: rand(N, 6) };
    const pre = fcRef(v.data, v.fc_weight, v.fc_bias, 3, K, N);
    const relu = map(pre, ACT.relu!);
    const build = (twoConsumers: boolean) => {
      const fc = op('FullyConnected', 'fc', [variable('data')], { num_hidden: N });
      const act = op('Activation', 'act', [out(fc)], { act_type: 'relu' });
      if (!twoConsumers) return [out(act), out(fc)];
      return [out(op('elemwise_add', 'sum', [out(act), out(fc)]))];
    };
    const headExec = bindWith(true, build(false), { data: [3, K] }, v);
    const twoExec = bindWith(true, build(true), { data: [3, K] }, v);
    try {
      const [a, f] = headExec.forward();
      expectClose(a!._dataSync(), relu, 1e-6, 1e-5, 'activation head');
      expectClose(f!._dataSync(), pre, 1e-6, 1e-5, 'fc head (pre-activation)');
      expectClose(twoExec.forward()[0]!._dataSync(), relu.map((r, i) => r + pre[i]!), 1e-6, 1e-5, 'relu(fc) + fc');
      for (const e of [headExec, twoExec]) expect(e.profile_report()).not.toContain('+Activation');
    } finally {
      headExec.dispose();
      twoExec.dispose();
    }
  });
});

describe('fused Convolution + Activation', () => {
  it('conv → relu → conv → tanh: fused forward and backward agree with the reference and the unfused graph', () => {
    const c1: Conv2d = { N: 2, C: 3, H: 7, W: 6, F: 4, G: 1, kh: 3, kw: 3, sh: 1, sw: 1, ph: 1, pw: 1, dh: 1, dw: 1 };
    const c2: Conv2d = { N: 2, C: 4, H: 7, W: 6, F: 6, G: 2, kh: 2, kw: 3, sh: 2, sw: 1, ph: 0, pw: 1, dh: 1, dw: 1 };
    const v = {
      data: rand(2 * 3 * 7 * 6, 11), c1_weight: rand(4 * 3 * 9, 12, -0.5, 0.5), c1_bias: rand(4, 13),
      c2_weight: rand(6 * 2 * 6, 14, -0.5, 0.5), c2_bias: rand(6, 15),
    };
    const h1 = map(convRef(c1, v.data, v.c1_weight, v.c1_bias), ACT.relu!);
    const ref = map(convRef(c2, h1, v.c2_weight, v.c2_bias), ACT.tanh!);
    const net = () => {
      const a = op('Convolution', 'c1', [variable('data')], { kernel: [3, 3], pad: [1, 1], num_filter: 4 });
      const r = op('Activation', 'r1', [out(a)], { act_type: 'relu' });
      const b = op('Convolution', 'c2', [out(r)], { kernel: [2, 3], stride: [2, 1], pad: [0, 1], num_filter: 6, num_group: 2 });
      return [out(op('Activation', 't2', [out(b)], { act_type: 'tanh' }))];
    };
    const og = rand(ref.length, 16);
    const grads: Record<string, Float32Array>[] = [];
    for (const fused of [true, false]) {
      const exec = bindWith(fused, net(), { data: [2, 3, 7, 6] }, v, 'write');
      try {
        expectClose(exec.forward(true)[0]!._dataSync(), ref, 2e-6, 2e-5, `fused=${fused}`);
        expect(exec.profile_report().includes('Convolution+Activation')).toBe(fused);
        const g = array(Array.from(og)).reshape(exec.outputs[0]!.shape);
        exec.backward(g);
        g.dispose();
        grads.push(Object.fromEntries(['data', 'c1_weight', 'c1_bias', 'c2_weight', 'c2_bias']
          .map((n) => [n, exec.grad_dict[n]!._dataSync().slice()])));
      } finally {
        exec.dispose();
      }
    }
    // The unfused backward is checked against finite differences in test/ops; fused must give the same.
    for (const n of Object.keys(grads[1]!)) expectClose(grads[0]![n]!, grads[1]![n]!, 1e-6, 1e-5, `${n} grad`);
  });
});
