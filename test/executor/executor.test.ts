import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../src/backends/backend.js';
import { initWasmBackend } from '../../src/backends/wasm/init.js';
import { cpu } from '../../src/context.js';
import { bind, simple_bind } from '../../src/executor/bind.js';
import { array, zeros } from '../../src/ndarray/create.js';
import { expectClose, numericGrad, rand } from '../ops/helpers.js';
import { op, out, variable } from './graph_helpers.js';
import { dims, load, mlpData, mlpHeads, TOL } from './mlp_fixture.js';
import { mlpBackward, mlpLoss } from './mlp_reference.js';

let backend: Backend;
beforeAll(async () => { backend = await initWasmBackend(); });

describe('simple_bind / bind on an MLP', () => {
  it('lists arrays like MXNet and matches the float64 reference forward and backward', () => {
    const exec = simple_bind(mlpHeads(), cpu(), { shapes: { data: [dims.N, dims.D] } });
    try {
      expect(Object.keys(exec.arg_dict)).toEqual(['data', 'fc1_weight', 'fc1_bias', 'fc2_weight', 'fc2_bias', 'softmax_label']);
      expect(exec.arg_dict.fc1_weight!.shape).toEqual([dims.H, dims.D]);
      expect(exec.arg_dict.softmax_label!.shape).toEqual([dims.N]);
      expect(exec.aux_arrays).toEqual([]);
      expect(Object.keys(exec.output_dict)).toEqual(['softmax_output']);
      const d = mlpData();
      load(exec, d);
      const outs = exec.forward(true);
      expect(outs).toBe(exec.outputs);
      const ref = mlpBackward(d.x, d.label, d.params, dims);
      expectClose(outs[0]!._dataSync(), ref.prob, TOL, 1e-4, 'output');
      exec.backward();
      for (const [name, g] of Object.entries(ref.grads)) expectClose(exec.grad_dict[name]!._dataSync(), g, TOL, 1e-4, name);
      // the label receives no gradient: 'write' gives zeros
      expect(Array.from(exec.grad_dict.softmax_label!._dataSync())).toEqual(new Array(dims.N).fill(0));
      // and the chain rule above agrees with finite differences of the loss
      const xs = [Float64Array.from(d.params.w1)];
      const fd = numericGrad((v) => mlpLoss(d.x, d.label, { ...d.params, w1: v[0]! }, dims), xs, 0);
      expectClose(ref.grads.fc1_weight, fd, 1e-6, 1e-5, 'reference dW1 vs FD');
    } finally {
      exec.dispose();
    }
  });

  it('bind with a dict of arrays, partial args_grad and grad_req dict', () => {
    const d = mlpData(2);
    const args = {
      data: array(d.x, { shape: [dims.N, dims.D] }), softmax_label: array(d.label),
      fc1_weight: array(d.params.w1, { shape: [dims.H, dims.D] }), fc1_bias: array(d.params.b1),
      fc2_weight: array(d.params.w2, { shape: [dims.C, dims.H] }), fc2_bias: array(d.params.b2),
    };
    const g1 = zeros([dims.H, dims.D]), g2 = zeros([dims.C, dims.H]), gd = zeros([dims.N, dims.D]);
    const exec = bind(mlpHeads(), cpu(), args, {
      args_grad: { fc1_weight: g1, fc2_weight: g2, data: gd },
      grad_req: { fc1_weight: 'write', fc2_weight: 'write' }, // data: missing → 'null'
    });
    try {
      expect(exec.arg_dict.fc1_weight).toBe(args.fc1_weight);
      expect(exec.grad_dict.fc1_bias).toBeNull();
      expect(exec.grad_dict.data).toBeNull();
      exec.forward(true);
      exec.backward();
      const ref = mlpBackward(d.x, d.label, d.params, dims);
      expectClose(g1._dataSync(), ref.grads.fc1_weight, TOL, 1e-4, 'fc1_weight');
      expectClose(g2._dataSync(), ref.grads.fc2_weight, TOL, 1e-4, 'fc2_weight');
      expect(Array.from(gd._dataSync()).every((v) => v === 0)).toBe(true); // untouched
    } finally {
      exec.dispose();
    }
    // bind does not own the caller's arrays
    expect(args.fc1_weight.disposed).toBe(false);
    for (const a of [...Object.values(args), g1, g2, gd]) a.dispose();
  });

  it('bind with a list in list_arguments() order; a wrong length or missing key is an error', () => {
    const shapes = [[dims.N, dims.D], [dims.H, dims.D], [dims.H], [dims.C, dims.H], [dims.C], [dims.N]];
    const arrs = shapes.map((s) => zeros(s));
    const exec = bind(mlpHeads(), cpu(), arrs);
    expect(exec.arg_arrays).toEqual(arrs);
    expect(exec.grad_arrays.every((g) => g === null)).toBe(true);
    exec.dispose();
    expect(() => bind(mlpHeads(), cpu(), arrs.slice(1))).toThrow(/Length of args \(5\) does not match the number of arguments \(6/);
    expect(() => bind(mlpHeads(), cpu(), { data: arrs[0]! })).toThrow('key `fc1_weight` is missing in `args`');
    for (const a of arrs) a.dispose();
  });

  it('grad_req add accumulates across backward calls; null gives no grad array', () => {
    const exec = simple_bind(mlpHeads(), cpu(), {
      shapes: { data: [dims.N, dims.D] }, grad_req: { fc1_weight: 'add', fc2_weight: 'write', fc2_bias: 'add' },
    });
    try {
      expect(exec.grad_dict.data).toBeNull();
      expect(exec.grad_dict.fc1_bias).toBeNull();
      expect(exec.grad_arrays.filter((g) => g !== null)).toHaveLength(3);
      const d = mlpData(3);
      load(exec, d);
      exec.grad_dict.fc2_bias!.set(0.25); // 'add' keeps what is there
      for (let i = 0; i < 2; i++) {
        exec.forward(true);
        exec.backward();
      }
      const ref = mlpBackward(d.x, d.label, d.params, dims).grads;
      expectClose(exec.grad_dict.fc1_weight!._dataSync(), ref.fc1_weight.map((v) => 2 * v), TOL, 1e-4, 'fc1_weight (add)');
      expectClose(exec.grad_dict.fc2_bias!._dataSync(), ref.fc2_bias.map((v) => 0.25 + 2 * v), TOL, 1e-4, 'fc2_bias (add)');
      expectClose(exec.grad_dict.fc2_weight!._dataSync(), ref.fc2_weight, TOL, 1e-4, 'fc2_weight (write)');
    } finally {
      exec.dispose();
    }
  });

  it('runs no data-gradient GEMM when data has grad_req null', () => {
    const count = (req: 'write' | 'null') => {
      const exec = simple_bind(mlpHeads(), cpu(), { shapes: { data: [dims.N, dims.D] }, grad_req: { data: req, fc1_weight: 'write', fc1_bias: 'write', fc2_weight: 'write', fc2_bias: 'write' } });
      load(exec, mlpData(4));
      exec.forward(true);
      const original = backend.gemm;
      let calls = 0;
      backend.gemm = (...a: Parameters<Backend['gemm']>) => { calls++; original.apply(backend, a); };
      try {
        exec.backward();
      } finally {
        backend.gemm = original;
        exec.dispose();
      }
      return calls;
    };
    expect(count('write')).toBe(4); // dW2, dA1, dW1, dX
    expect(count('null')).toBe(3);
  });

  it('forward(kwargs) copies named arrays first; is_train switches Dropout', () => {
    const x = variable('x');
    const heads = [out(op('Dropout', 'drop', [x], { p: 0.5 }))];
    const exec = simple_bind(heads, cpu(), { shapes: { x: [200] }, grad_req: 'null' });
    const data = array(rand(200, 9, 1, 2));
    try {
      const y = exec.forward({ x: data })[0]!._dataSync();
      expectClose(y, data._dataSync(), 0, 0, 'inference = identity');
      const t = exec.forward({ is_train: true })[0]!._dataSync();
      expect(Array.from(t).filter((v) => v === 0).length).toBeGreaterThan(40);
      expect(() => exec.forward({ x: zeros([3]) })).toThrow('Shape not match! Argument x, need: (200,), received: (3,)');
      expect(() => exec.forward({ y: data })).toThrow(/unknown argument 'y'/);
    } finally {
      exec.dispose();
      data.dispose();
    }
  });

  it('copy_params_from copies by name and rejects extras unless allowed', () => {
    const exec = simple_bind(mlpHeads(), cpu(), { shapes: { data: [dims.N, dims.D] } });
    const w = array(rand(dims.C, 5));
    const extra = zeros([2]);
    try {
      exec.copy_params_from({ fc2_bias: w });
      expectClose(exec.arg_dict.fc2_bias!._dataSync(), w._dataSync(), 0, 0, 'copied');
      expect(() => exec.copy_params_from({ nope: extra })).toThrow('Find name "nope" that is not in the arguments');
      exec.copy_params_from({ nope: extra }, null, true);
      expect(() => exec.copy_params_from({}, { moving: extra })).toThrow('Find name moving that is not in the auxiliary states');
    } finally {
      exec.dispose();
      w.dispose();
      extra.dispose();
    }
  });
});

describe('gradient accumulation inside the graph', () => {
  it('a variable used twice (x·x + x) sums its gradients; head gradients are required', () => {
    const x = variable('x');
    const sq = op('elemwise_mul', 'sq', [x, x]);
    const y = op('elemwise_add', 'y', [sq, x]);
    const exec = simple_bind([out(y)], cpu(), { shapes: { x: [12] } });
    const xv = rand(12, 20), og = rand(12, 21);
    const ograd = array(og);
    try {
      exec.arg_dict.x!.set(xv);
      exec.forward(true);
      expect(() => exec.backward()).toThrow(/head_gradient is required.*'y_output'/);
      exec.backward(ograd);
      expectClose(exec.grad_dict.x!._dataSync(), Array.from(xv, (v, i) => og[i]! * (2 * v + 1)), 1e-6, 1e-5, 'dx');
      exec.backward([ograd]); // 'write' replaces, it does not accumulate across calls
      expectClose(exec.grad_dict.x!._dataSync(), Array.from(xv, (v, i) => og[i]! * (2 * v + 1)), 1e-6, 1e-5, 'dx again');
      exec.backward({ y_output: ograd });
      expectClose(exec.grad_dict.x!._dataSync(), Array.from(xv, (v, i) => og[i]! * (2 * v + 1)), 1e-6, 1e-5, 'dx by name');
    } finally {
      exec.dispose();
      ograd.dispose();
    }
  });

  it('an op output feeding two consumers (relu(h) + tanh(h)) gets the sum; matches FD', () => {
    const h = op('FullyConnected', 'fc', [variable('x')], { num_hidden: 5 });
    const y = op('elemwise_add', 'sum', [op('Activation', 'r', [h], { act_type: 'relu' }), op('Activation', 't', [h], { act_type: 'tanh' })]);
    const exec = simple_bind([out(y)], cpu(), { shapes: { x: [3, 4] } });
    const xv = rand(12, 30), w = rand(20, 31), b = rand(5, 32), og = rand(15, 33);
    const ograd = array(og, { shape: [3, 5] });
    try {
      exec.arg_dict.x!.set(xv);
      exec.arg_dict.fc_weight!.set(w);
      exec.arg_dict.fc_bias!.set(b);
      exec.forward(true);
      exec.backward(ograd);
      const f = (xs: Float64Array[]) => {
        let s = 0;
        for (let m = 0; m < 3; m++) {
          for (let n = 0; n < 5; n++) {
            let v = xs[2]![n]!;
            for (let k = 0; k < 4; k++) v += xs[0]![m * 4 + k]! * xs[1]![n * 4 + k]!;
            s += og[m * 5 + n]! * (Math.max(v, 0) + Math.tanh(v));
          }
        }
        return s;
      };
      const xs = [xv, w, b].map((a) => Float64Array.from(a));
      expectClose(exec.grad_dict.x!._dataSync(), numericGrad(f, xs, 0), 1e-4, 1e-3, 'dx');
      expectClose(exec.grad_dict.fc_weight!._dataSync(), numericGrad(f, xs, 1), 1e-4, 1e-3, 'dW');
      expectClose(exec.grad_dict.fc_bias!._dataSync(), numericGrad(f, xs, 2), 1e-4, 1e-3, 'db');
    } finally {
      exec.dispose();
      ograd.dispose();
    }
  });
});
