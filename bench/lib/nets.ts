// The two inference networks of the benchmarks (MLP 784-128-64-10 and LeNet), with one set of seeded
// weights expressed for each library: an mxjs symbol + params, a TF.js forward function, an ONNX model.
// Every library then computes the same function, which the benchmarks check before timing.

import type * as TF from '@tensorflow/tfjs-core';
import type { OnnxGraph, OnnxNode } from './onnx.js';

export type NetName = 'mlp' | 'lenet';

export interface Layer {
  kind: 'fc' | 'conv';
  name: string;
  /** fc: [out, in] (MXNet FullyConnected layout); conv: [out, in, kh, kw] (OIHW). */
  wShape: number[];
  w: Float32Array;
  b: Float32Array;
}

export interface NetSpec {
  name: NetName;
  /** Input shape for one sample (without the batch axis), NCHW for LeNet. */
  sample: number[];
  layers: Layer[];
}

/** Deterministic uniform values in [-scale, scale) (LCG): equal weights for every library. */
export function seeded(n: number, seed: number, scale = 1): Float32Array {
  const a = new Float32Array(n);
  let x = seed >>> 0;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    a[i] = (x / 2 ** 32 - 0.5) * 2 * scale;
  }
  return a;
}

function layer(kind: Layer['kind'], name: string, wShape: number[], seed: number): Layer {
  const fanIn = wShape.slice(1).reduce((p, d) => p * d, 1);
  const n = wShape.reduce((p, d) => p * d, 1);
  return { kind, name, wShape, w: seeded(n, seed, Math.sqrt(3 / fanIn)), b: seeded(wShape[0]!, seed + 1, 0.1) };
}

export function netSpec(name: NetName): NetSpec {
  if (name === 'mlp') {
    return { name, sample: [784], layers: [layer('fc', 'fc1', [128, 784], 11), layer('fc', 'fc2', [64, 128], 13), layer('fc', 'fc3', [10, 64], 15)] };
  }
  return {
    name, sample: [1, 28, 28], layers: [
      layer('conv', 'conv1', [20, 1, 5, 5], 21), layer('conv', 'conv2', [50, 20, 5, 5], 23),
      layer('fc', 'fc1', [500, 800], 25), layer('fc', 'fc2', [10, 500], 27),
    ],
  };
}

/**
 * The network as an mxjs Symbol: fc layers → FullyConnected + relu (none after the last),
 * conv layers → Convolution 5×5 + relu + 2×2 max-pool, Flatten before the first fc of a CNN, SoftmaxOutput.
 */
export function mxjsSymbol(mx: typeof import('../../src/index.js'), spec: NetSpec): import('../../src/index.js').Symbol {
  const s = mx.symbol;
  let h = s.Variable('data');
  spec.layers.forEach((l, i) => {
    const last = i === spec.layers.length - 1;
    if (l.kind === 'conv') {
      h = s.Convolution(h, { name: l.name, kernel: [5, 5], num_filter: l.wShape[0] });
      h = s.Activation(h, { name: `${l.name}_relu`, act_type: 'relu' });
      h = s.Pooling(h, { name: `${l.name}_pool`, pool_type: 'max', kernel: [2, 2], stride: [2, 2] });
    } else {
      if (spec.layers[i - 1]?.kind === 'conv') h = s.Flatten(h, { name: 'flatten' });
      h = s.FullyConnected(h, { name: l.name, num_hidden: l.wShape[0] });
      if (!last) h = s.Activation(h, { name: `${l.name}_relu`, act_type: 'relu' });
    }
  });
  return s.SoftmaxOutput(h, { name: 'softmax' });
}

/** `{conv1_weight: …, conv1_bias: …}` as flat arrays with their shapes (for mx.nd.array). */
export function mxjsParams(spec: NetSpec): Record<string, { data: Float32Array; shape: number[] }> {
  const out: Record<string, { data: Float32Array; shape: number[] }> = {};
  for (const l of spec.layers) {
    out[`${l.name}_weight`] = { data: l.w, shape: l.wShape };
    out[`${l.name}_bias`] = { data: l.b, shape: [l.wShape[0]!] };
  }
  return out;
}

/**
 * The same network in TF.js core ops. Convolutions run NHWC (the layout TF.js kernels support), so the
 * input is transposed in and the last pooled map back to NCHW before flattening, matching mxjs's order.
 * Returns the forward function and the weight tensors to dispose.
 */
export function tfjsForward(tf: typeof TF, spec: NetSpec): { forward: (x: TF.Tensor) => TF.Tensor; weights: TF.Tensor[] } {
  const ws = spec.layers.map((l) => {
    const w = tf.tensor(l.w, l.wShape);
    // conv OIHW → HWIO; fc [out, in] → [in, out] for x·W.
    const wt = l.kind === 'conv' ? tf.transpose(w, [2, 3, 1, 0]) : tf.transpose(w);
    w.dispose();
    return { l, w: wt, b: tf.tensor1d(l.b) };
  });
  const forward = (x: TF.Tensor) => tf.tidy(() => {
    let h: TF.Tensor = spec.name === 'lenet' ? tf.transpose(x, [0, 2, 3, 1]) : x;
    ws.forEach(({ l, w, b }, i) => {
      if (l.kind === 'conv') {
        h = tf.relu(tf.add(tf.conv2d(h as TF.Tensor4D, w as TF.Tensor4D, 1, 'valid'), b));
        h = tf.maxPool(h as TF.Tensor4D, 2, 2, 'valid');
      } else {
        if (h.rank === 4) h = tf.reshape(tf.transpose(h, [0, 3, 1, 2]), [h.shape[0]!, -1]);
        h = tf.add(tf.matMul(h as TF.Tensor2D, w as TF.Tensor2D), b);
        if (i < ws.length - 1) h = tf.relu(h);
      }
    });
    return tf.softmax(h);
  });
  return { forward, weights: ws.flatMap((x) => [x.w, x.b]) };
}

/** The same network as an ONNX graph (Conv/Relu/MaxPool/Flatten/Gemm transB/Softmax), input `data`. */
export function onnxGraph(spec: NetSpec, batch: number): OnnxGraph {
  const nodes: OnnxNode[] = [];
  let h = 'data';
  const next = (op: string, inputs: string[], attrs?: OnnxNode['attrs']) => {
    const out = `t${nodes.length}`;
    nodes.push({ op, inputs, outputs: [out], ...(attrs ? { attrs } : {}) });
    h = out;
  };
  spec.layers.forEach((l, i) => {
    const w = `${l.name}_weight`, b = `${l.name}_bias`;
    if (l.kind === 'conv') {
      next('Conv', [h, w, b], { kernel_shape: [5, 5] });
      next('Relu', [h]);
      next('MaxPool', [h], { kernel_shape: [2, 2], strides: [2, 2] });
    } else {
      if (spec.layers[i - 1]?.kind === 'conv') next('Flatten', [h], { axis: 1 });
      next('Gemm', [h, w, b], { transB: 1 });
      if (i < spec.layers.length - 1) next('Relu', [h]);
    }
  });
  nodes.push({ op: 'Softmax', inputs: [h], outputs: ['softmax'], attrs: { axis: 1 } });
  const initializers = spec.layers.flatMap((l) => [
    { name: `${l.name}_weight`, dims: l.wShape, data: l.w },
    { name: `${l.name}_bias`, dims: [l.wShape[0]!], data: l.b },
  ]);
  const classes = spec.layers[spec.layers.length - 1]!.wShape[0]!;
  return { nodes, initializers, input: { name: 'data', dims: [batch, ...spec.sample] }, output: { name: 'softmax', dims: [batch, classes] } };
}
