// The test MLP (FullyConnected → relu → FullyConnected → SoftmaxOutput) as graph heads, with seeded
// parameters and data and a loader into an executor's arguments.

import type { Executor } from '../../src/executor/executor.js';
import { rand } from '../ops/helpers.js';
import { op, out, variable } from './graph_helpers.js';
import type { MlpDims, MlpParams } from './mlp_reference.js';

export const dims: MlpDims = { N: 6, D: 10, H: 8, C: 4 };

export function mlpHeads() {
  const fc1 = op('FullyConnected', 'fc1', [variable('data')], { num_hidden: dims.H });
  const act = op('Activation', 'relu1', [fc1], { act_type: 'relu' });
  const fc2 = op('FullyConnected', 'fc2', [act], { num_hidden: dims.C });
  return [out(op('SoftmaxOutput', 'softmax', [fc2]))];
}

export function mlpData(seed = 1) {
  const params: MlpParams = {
    w1: rand(dims.H * dims.D, seed + 1, -0.5, 0.5), b1: rand(dims.H, seed + 2, -0.1, 0.1),
    w2: rand(dims.C * dims.H, seed + 3, -0.5, 0.5), b2: rand(dims.C, seed + 4, -0.1, 0.1),
  };
  const x = rand(dims.N * dims.D, seed + 5);
  const label = Float64Array.from({ length: dims.N }, (_, i) => (i * 3) % dims.C);
  return { params, x, label };
}

export function load(exec: Executor, d: ReturnType<typeof mlpData>): void {
  const a = exec.arg_dict;
  a.data!.set(d.x);
  a.softmax_label!.set(d.label);
  a.fc1_weight!.set(d.params.w1);
  a.fc1_bias!.set(d.params.b1);
  a.fc2_weight!.set(d.params.w2);
  a.fc2_bias!.set(d.params.b2);
}

// float32 MLP vs float64 reference on O(1) data.
export const TOL = 2e-5;
