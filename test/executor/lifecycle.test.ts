// Executor lifecycle: steady-state memory, dispose, reshape for another batch size, bind-time errors.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../src/backends/backend.js';
import { initWasmBackend } from '../../src/backends/wasm/init.js';
import { cpu } from '../../src/context.js';
import { bind, simple_bind } from '../../src/executor/bind.js';
import { zeros } from '../../src/ndarray/create.js';
import { expectClose } from '../ops/helpers.js';
import { dims, load, mlpData, mlpHeads, TOL } from './mlp_fixture.js';
import { mlpBackward, mlpForward } from './mlp_reference.js';

let backend: Backend;
beforeAll(async () => { backend = await initWasmBackend(); });

describe('memory', () => {
  it('allocates nothing per step over 50 forward/backward steps, and frees everything on dispose', () => {
    const before = backend.stats();
    const exec = simple_bind(mlpHeads(), cpu(), { shapes: { data: [dims.N, dims.D] } });
    load(exec, mlpData(5));
    exec.forward(true);
    exec.backward();
    const steady = backend.stats();
    for (let i = 0; i < 50; i++) {
      exec.forward(true);
      exec.backward();
    }
    expect(backend.stats()).toEqual(steady);
    exec.dispose();
    exec.dispose(); // twice is fine
    expect(backend.stats()).toEqual(before);
    expect(() => exec.forward()).toThrow(/disposed/);
  });
});

describe('reshape (rebind for another batch size)', () => {
  it('shares parameter memory, gives correct results, and needs allow_up_sizing to grow', () => {
    const big = simple_bind(mlpHeads(), cpu(), { shapes: { data: [dims.N, dims.D] } });
    const d = mlpData(6);
    load(big, d);
    const n = 3;
    // as in MXNet, every input whose shape changes must be named (or partial_shaping=True)
    expect(() => big.reshape({ data: [n, dims.D] })).toThrow(/Shape of unspecified array arg:softmax_label changed \(\(6,\) -> \(3,\)\)/);
    const small = big.reshape({ data: [n, dims.D], softmax_label: [n] });
    try {
      expect(small.arg_dict.data!.shape).toEqual([n, dims.D]);
      expect(small.arg_dict.softmax_label!.shape).toEqual([n]);
      expect(small.arg_dict.fc1_weight!.shape).toEqual([dims.H, dims.D]);
      // parameters are shared: an update through the old executor is seen by the new one
      big.arg_dict.fc2_bias!.set(d.params.b2.map((v) => v + 0.5));
      expect(Array.from(small.arg_dict.fc2_bias!._dataSync())).toEqual(Array.from(big.arg_dict.fc2_bias!._dataSync()));
      const params = { ...d.params, b2: Float64Array.from(big.arg_dict.fc2_bias!._dataSync()) };
      const xs = d.x.subarray(0, n * dims.D), ls = d.label.subarray(0, n);
      small.arg_dict.data!.set(xs);
      small.arg_dict.softmax_label!.set(ls);
      small.forward(true);
      small.backward();
      const sdims = { ...dims, N: n };
      expectClose(small.outputs[0]!._dataSync(), mlpForward(xs, params, sdims).prob, TOL, 1e-4, 'output');
      expectClose(small.grad_dict.fc1_weight!._dataSync(), mlpBackward(xs, ls, params, sdims).grads.fc1_weight, TOL, 1e-4, 'dW1');
      expect(() => big.reshape(true, false, { data: [dims.N * 2, dims.D] })).toThrow(/New shape of arg:data \(12, 10\) larger than original/);
      expect(() => big.reshape({ data: [n, dims.D + 1], softmax_label: [n] })).toThrow(/Shape of unspecified array arg:fc1_weight changed/);
      const up = big.reshape({ partial_shaping: true, allow_up_sizing: true, data: [dims.N * 2, dims.D] });
      expect(up.arg_dict.data!.shape).toEqual([dims.N * 2, dims.D]);
      up.dispose();
    } finally {
      // disposing the old executor first leaves the new one's views valid
      big.dispose();
      small.forward(false);
      small.dispose();
    }
  });
});

describe('errors', () => {
  it('a weight of the wrong shape names the node, the input, expected and got', () => {
    const args = [zeros([dims.N, dims.D]), zeros([dims.H, dims.D - 1]), zeros([dims.H]), zeros([dims.C, dims.H]), zeros([dims.C]), zeros([dims.N])];
    expect(() => bind(mlpHeads(), cpu(), args)).toThrow(`FullyConnected fc1: weight shape (${dims.H}, ${dims.D}) expected, got (${dims.H}, ${dims.D - 1})`);
    for (const a of args) a.dispose();
  });

  it('simple_bind without enough shapes names the arguments it cannot infer', () => {
    expect(() => simple_bind(mlpHeads(), cpu(), {})).toThrow(/cannot infer the shape of 'data'/);
    expect(() => simple_bind(mlpHeads(), cpu(), { shapes: { data: [2, 3] }, type_dict: { data: 'float16' } })).toThrow(/only float32/);
    expect(() => simple_bind(mlpHeads(), cpu(), { shapes: { data: [2, 3] }, grad_req: 'sometimes' as 'write' })).toThrow(/grad_req must be one of/);
  });
});
