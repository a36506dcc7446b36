// Every registered operator that takes inputs (all but _ones / _zeros), forward and backward through
// an executor bound on mx.gpu(), equal to the same executor on mx.cpu() (tested against float64
// references in test/ops) within 1e-5 absolute + 1e-4 relative; Dropout with one seed draws one mask.
import { describe, expect, it } from 'vitest';
import { cpu, gpu, type Context } from '../../src/context.js';
import type { Executor } from '../../src/executor/executor.js';
import { seed } from '../../src/random.js';
import '../../src/ops/index.js';
import { symbolNamespace, Variable, type Symbol } from '../../src/symbol/index.js';
import { maxViolation, randomArray } from '../kernels/reference.js';
import { hasGpu, SKIP_REASON } from './gpu_setup.js';

const sym = symbolNamespace();
type OpFn = (...a: unknown[]) => Symbol;
const op = (name: string) => (name.startsWith('_') ? sym._internal[name] : sym[name]) as unknown as OpFn;
const x = () => Variable('x');
const y = () => Variable('y');

interface OpCase {
  name: string;
  build(): Symbol;
  shapes: Record<string, number[]>;
  /** Integer class labels in [0, classes) for these inputs. */
  labels?: Record<string, number>;
  /** Loss heads need no out_grads. */
  loss?: boolean;
}

const CASES: OpCase[] = [
  ...['relu', 'sigmoid', 'tanh', 'softrelu', 'softsign'].map((act): OpCase => ({
    name: `Activation ${act}`, build: () => op('Activation')(x(), { act_type: act }), shapes: { x: [6, 11] } })),
  { name: 'FullyConnected with bias', build: () => op('FullyConnected')(x(), { num_hidden: 13, name: 'fc' }), shapes: { x: [9, 3, 7] } },
  { name: 'FullyConnected no_bias, flatten=False', build: () => op('FullyConnected')(x(), { num_hidden: 5, no_bias: true, flatten: false, name: 'fc' }),
    shapes: { x: [4, 3, 6] } },
  { name: 'MLP with SoftmaxOutput', loss: true, labels: { label: 10 }, shapes: { x: [16, 20], label: [16] },
    build: () => {
      const h = op('Activation')(op('FullyConnected')(x(), { num_hidden: 32, name: 'fc1' }), { act_type: 'relu' });
      return op('SoftmaxOutput')(op('FullyConnected')(h, { num_hidden: 10, name: 'fc2' }), Variable('label'), { name: 'softmax' });
    } },
  { name: 'SoftmaxOutput ignore_label, normalization=valid, smoothing', loss: true, labels: { label: 5 }, shapes: { x: [12, 5], label: [12] },
    build: () => op('SoftmaxOutput')(x(), Variable('label'), { use_ignore: true, ignore_label: 2, normalization: 'valid', smooth_alpha: 0.1 }) },
  { name: 'SoftmaxOutput multi_output', loss: true, labels: { label: 4 }, shapes: { x: [3, 4, 5], label: [3, 5] },
    build: () => op('SoftmaxOutput')(x(), Variable('label'), { multi_output: true }) },
  { name: 'softmax axis=1 temperature=2', build: () => op('softmax')(x(), { axis: 1, temperature: 2 }), shapes: { x: [3, 6, 4] } },
  { name: 'log_softmax', build: () => op('log_softmax')(x()), shapes: { x: [5, 9] } },
  { name: 'SoftmaxActivation mode=channel', build: () => op('SoftmaxActivation')(x(), { mode: 'channel' }), shapes: { x: [2, 4, 3] } },
  { name: 'Dropout p=0.4 (same seed, same mask)', build: () => op('Dropout')(x(), { p: 0.4 }), shapes: { x: [10, 30] } },
  { name: 'Concat dim=1', build: () => op('Concat')(x(), y(), { dim: 1, num_args: 2 }), shapes: { x: [3, 4], y: [3, 5] } },
  { name: 'Flatten + Reshape', build: () => op('Reshape')(op('Flatten')(x()), { shape: [-1, 2] }), shapes: { x: [2, 3, 4] } },
  { name: 'SliceChannel', build: () => op('SliceChannel')(x(), { num_outputs: 2, axis: 1 }), shapes: { x: [3, 4, 2] } },
  { name: 'add_n', build: () => { const a = x(); return op('add_n')(a, y(), a, { num_args: 3 }); }, shapes: { x: [7, 3], y: [7, 3] } },
  ...['elemwise_add', 'elemwise_sub', 'elemwise_mul', 'elemwise_div'].map((n): OpCase => ({
    name: n, build: () => op(n)(x(), y()), shapes: { x: [5, 6], y: [5, 6] } })),
  ...['_plus_scalar', '_minus_scalar', '_rminus_scalar', '_mul_scalar', '_div_scalar', '_rdiv_scalar'].map((n): OpCase => ({
    name: n, build: () => op(n)(x(), { scalar: 1.5 }), shapes: { x: [4, 9] } })),
  ...['LinearRegressionOutput', 'LogisticRegressionOutput', 'MAERegressionOutput'].map((n): OpCase => ({
    name: n, loss: true, build: () => op(n)(x(), y(), { grad_scale: 0.5 }), shapes: { x: [6, 3], y: [6, 3] } })),
  // The cnn kernel family.
  { name: 'Convolution 3x3 stride 2 pad 1, 4 filters', shapes: { x: [2, 3, 7, 6] },
    build: () => op('Convolution')(x(), { kernel: [3, 3], stride: [2, 2], pad: [1, 1], num_filter: 4, name: 'conv' }) },
  { name: 'Convolution 1x1 no_bias, dilate 2 (3x3)', shapes: { x: [1, 2, 8, 8] },
    build: () => op('Convolution')(x(), { kernel: [3, 3], dilate: [2, 2], num_filter: 3, no_bias: true, name: 'conv' }) },
  { name: 'Deconvolution 2x2 stride 2', shapes: { x: [2, 3, 4, 4] },
    build: () => op('Deconvolution')(x(), { kernel: [2, 2], stride: [2, 2], num_filter: 2, name: 'deconv' }) },
  ...['max', 'avg', 'sum'].map((t): OpCase => ({ name: `Pooling ${t} 3x3 stride 2`, shapes: { x: [2, 3, 7, 7] },
    build: () => op('Pooling')(x(), { kernel: [3, 3], stride: [2, 2], pad: [1, 1], pool_type: t }) })),
  { name: 'Pooling global avg', shapes: { x: [2, 3, 5, 5] }, build: () => op('Pooling')(x(), { global_pool: true, kernel: [1, 1], pool_type: 'avg' }) },
  { name: 'BatchNorm (train, fix_gamma=False)', shapes: { x: [4, 3, 5, 2] }, build: () => op('BatchNorm')(x(), { fix_gamma: false, name: 'bn' }) },
  ...['leaky', 'prelu', 'elu', 'selu', 'gelu'].map((t): OpCase => ({ name: `LeakyReLU ${t}`, shapes: { x: [3, 4, 5] },
    build: () => op('LeakyReLU')(x(), { act_type: t, slope: 0.2, name: 'act' }) })),
  { name: 'LRN nsize=3', shapes: { x: [2, 5, 3, 3] }, build: () => op('LRN')(x(), { nsize: 3 }) },
  { name: 'Embedding', labels: { x: 7 }, shapes: { x: [6] }, build: () => op('Embedding')(x(), { input_dim: 7, output_dim: 4, name: 'embed' }) },
  { name: 'UpSampling nearest, one input', shapes: { x: [1, 2, 3, 3] },
    build: () => op('UpSampling')(x(), { scale: 2, sample_type: 'nearest', num_args: 1 }) },
  { name: 'UpSampling nearest, two inputs concatenated', shapes: { x: [1, 2, 3, 3], y: [1, 1, 3, 3] },
    build: () => op('UpSampling')(x(), y(), { scale: 2, sample_type: 'nearest', num_args: 2 }) },
  { name: 'Crop h_w with offset', shapes: { x: [2, 3, 6, 5] }, build: () => op('Crop')(x(), { num_args: 1, offset: [1, 1], h_w: [3, 2] }) },
  { name: 'BlockGrad', shapes: { x: [3, 4] }, build: () => op('BlockGrad')(x()) },
  { name: 'MakeLoss', loss: true, shapes: { x: [3, 4] }, build: () => op('MakeLoss')(x(), { grad_scale: 0.5 }) },
  { name: '_copy', shapes: { x: [3, 4] }, build: () => op('_copy')(x()) },
  ...['_maximum_scalar', '_minimum_scalar', '_power_scalar', '_rpower_scalar'].map((n): OpCase => ({
    name: n, build: () => op(n)(x(), { scalar: 2 }), shapes: { x: [4, 5] } })),
  ...['add', 'sub', 'mul', 'div', 'maximum', 'minimum'].map((n): OpCase => ({
    name: `broadcast_${n}`, build: () => op(`broadcast_${n}`)(x(), y()), shapes: { x: [3, 1, 5], y: [1, 4, 5] } })),
  { name: 'broadcast_power (positive base)', build: () => op('broadcast_power')(y(), x()), shapes: { x: [3, 1, 5], y: [1, 4, 5] } },
  { name: 'clip', shapes: { x: [4, 6] }, build: () => op('clip')(x(), { a_min: -0.5, a_max: 1 }) },
  { name: 'expand_dims + squeeze', shapes: { x: [3, 4] }, build: () => op('squeeze')(op('expand_dims')(x(), { axis: 1 }), { axis: 1 }) },
  { name: 'sum axis=(0,2)', shapes: { x: [3, 4, 5] }, build: () => op('sum')(x(), { axis: [0, 2] }) },
  { name: 'mean axis=1 keepdims', shapes: { x: [3, 4, 5] }, build: () => op('mean')(x(), { axis: 1, keepdims: true }) },
  { name: 'sum of everything', shapes: { x: [3, 4, 5] }, build: () => op('sum')(x()) },
  { name: 'slice with step', shapes: { x: [4, 6] }, build: () => op('slice')(x(), { begin: [1, 0], end: [3, 5], step: [1, 2] }) },
  { name: 'slice_axis', shapes: { x: [3, 5, 2] }, build: () => op('slice_axis')(x(), { axis: 1, begin: 1, end: 4 }) },
  { name: 'transpose (2, 0, 1)', shapes: { x: [2, 3, 4] }, build: () => op('transpose')(x(), { axes: [2, 0, 1] }) },
  { name: 'LeNet-style conv → pool → fc → SoftmaxOutput', loss: true, labels: { label: 10 }, shapes: { x: [4, 1, 12, 12], label: [4] },
    build: () => {
      const c = op('Activation')(op('Convolution')(x(), { kernel: [5, 5], num_filter: 6, name: 'c1' }), { act_type: 'tanh' });
      const pl = op('Pooling')(c, { kernel: [2, 2], stride: [2, 2], pool_type: 'max' });
      return op('SoftmaxOutput')(op('FullyConnected')(op('Flatten')(pl), { num_hidden: 10, name: 'fc' }), Variable('label'), { name: 'softmax' });
    } },
];

/** Bind on ctx, load the seeded inputs, run forward(is_train) + backward; outputs then input grads. */
async function run(c: OpCase, ctx: Context): Promise<Record<string, Float32Array>> {
  const exec: Executor = c.build().simple_bind(ctx, { grad_req: 'write', ...c.shapes });
  try {
    Object.entries(exec.arg_dict).forEach(([name, arr], i) => {
      const classes = c.labels?.[name];
      const data = randomArray(arr.size, 1000 + i, name === 'y' ? 0.5 : -2, 2);
      arr.set(classes ? data.map((v) => Math.floor(((v + 2) / 4) * classes)) : data);
    });
    seed(7);
    exec.forward(true);
    const outGrads = exec.outputs.map((o, i) => {
      const g = o.copy();
      g.set(randomArray(o.size, 2000 + i));
      return g;
    });
    exec.backward(c.loss ? null : outGrads);
    for (const g of outGrads) g.dispose();
    const res: Record<string, Float32Array> = {};
    for (const [i, o] of exec.outputs.entries()) res[`output ${i}`] = await o.asnumpy();
    for (const [k, g] of Object.entries(exec.grad_dict)) if (g && !c.labels?.[k]) res[`grad ${k}`] = await g.asnumpy();
    return res;
  } finally {
    exec.dispose();
  }
}

describe.skipIf(!hasGpu)(`operators on mx.gpu() vs mx.cpu()${SKIP_REASON}`, () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const want = await run(c, cpu());
      const got = await run(c, gpu(0));
      expect(Object.keys(got)).toEqual(Object.keys(want));
      for (const k of Object.keys(want)) expect(maxViolation(got[k]!, want[k]!, 1e-5, 1e-4), `${c.name}: ${k}`).toBeLessThanOrEqual(1);
    });
  }
});
