// Pooling (src/operator/nn/pooling.cc, pool.h): max / avg / sum over 1-D or 2-D NC* windows with the
// valid / full / same output conventions, global_pool and count_include_pad (operators.md §3.2).
// Backward routes max gradients to the first maximum of each window.

import { MXNetError } from '../base.js';
import type { PoolGeometry, PoolType } from '../backends/kernels/cnn.js';
import { checkLayout, hw, spatialParams, type Spatial } from './conv_geometry.js';
import type { ParsedParams } from './params.js';
import { defineOp } from './registry.js';

interface PoolParams extends ParsedParams {
  kernel: number[];
  pool_type: PoolType | 'lp';
  global_pool: boolean;
  pooling_convention: 'valid' | 'full' | 'same';
  stride: number[];
  pad: number[];
  p_value: number | null;
  count_include_pad: boolean | null;
  layout: string | null;
}

/** Kernel/stride/pad for data of the given rank (global_pool: the whole input, stride 1, no pad). */
function spatial(where: string, p: PoolParams, data: readonly number[]): Spatial {
  if (p.pool_type === 'lp') throw new MXNetError(`${where}: pool_type 'lp' is not supported`);
  const rank = data.length - 2;
  if (p.global_pool) {
    if (rank !== 1 && rank !== 2) throw new MXNetError(`${where}: global pooling needs 3-D or 4-D data, got ${data.length}-D`);
    checkLayout(where, p.layout, rank);
    return { rank, kernel: data.slice(2), stride: Array<number>(rank).fill(1), dilate: Array<number>(rank).fill(1), pad: Array<number>(rank).fill(0) };
  }
  if (p.kernel.length === 0) throw new MXNetError(`${where}: kernel is required unless global_pool=True`);
  const s = spatialParams(where, p);
  checkLayout(where, p.layout, s.rank);
  if (data.length !== s.rank + 2) {
    throw new MXNetError(`${where}: data must be ${s.rank + 2}-D for a ${s.rank}-D kernel, got shape (${data.join(', ')})`);
  }
  return s;
}

function outSize(where: string, p: PoolParams, s: Spatial, inDims: readonly number[]): number[] {
  return inDims.map((d, i) => {
    if (d === 0) return 0;
    const k = s.kernel[i]!, st = s.stride[i]!, pad = s.pad[i]!;
    if (p.global_pool) return 1;
    if (p.pooling_convention === 'same') {
      if (s.rank !== 1) throw new MXNetError(`${where}: pooling_convention 'same' is only supported for 1-D pooling`);
      return Math.ceil((d + 2 * pad) / st);
    }
    if (k > d + 2 * pad) {
      throw new MXNetError(`${where}: kernel size ${k} exceeds the padded input size ${d + 2 * pad} in spatial dim ${i}`);
    }
    if (p.pooling_convention === 'valid') return 1 + Math.floor((d + 2 * pad - k) / st);
    // 'full': MXNet computes the ceil in float32, then truncates.
    return 1 + Math.trunc(Math.ceil(Math.fround(Math.fround(d + 2 * pad - k) / st)));
  });
}

function geometry(p: PoolParams, x: readonly number[], y: readonly number[]): PoolGeometry {
  const s = spatial('Pooling', p, x);
  const [H, W] = hw(x.slice(2), 1), [oh, ow] = hw(y.slice(2), 1);
  const [kh, kw] = hw(s.kernel, 1), [sh, sw] = hw(s.stride, 1), [ph, pw] = hw(s.pad, 0);
  return {
    P: x[0]! * x[1]!, H, W, oh, ow, kh, kw, sh, sw, ph, pw,
    type: p.pool_type as PoolType, countIncludePad: p.count_include_pad ?? true,
  };
}

defineOp<PoolParams>({
  name: 'Pooling',
  aliases: ['_npx_pooling'],
  params: {
    kernel: { type: 'shape', default: [] },
    pool_type: { type: 'string', enum: ['max', 'avg', 'sum', 'lp'], default: 'max' },
    global_pool: { type: 'bool', default: false },
    cudnn_off: { type: 'bool', default: false },
    pooling_convention: { type: 'string', enum: ['full', 'valid', 'same'], default: 'valid' },
    stride: { type: 'shape', default: [] },
    pad: { type: 'shape', default: [] },
    p_value: { type: 'int', optional: true, default: null },
    count_include_pad: { type: 'bool', optional: true, default: null },
    layout: { type: 'string', enum: ['NCW', 'NCHW', 'NCDHW', 'NWC', 'NHWC', 'NDHWC'], optional: true, default: null },
  },
  inputNames: () => ['data'],
  outputNames: () => ['output'],

  inferShape(p, [data], name, outputs) {
    if (data === undefined) return { inputs: [undefined], outputs: [outputs?.[0]] };
    const where = `Pooling ${name}`;
    const s = spatial(where, p, data);
    return { inputs: [[...data]], outputs: [[data[0]!, data[1]!, ...outSize(where, p, s, data.slice(2))]] };
  },

  forward(ctx, p, [x], [y]) {
    ctx.backend.cnn.pool(x!.ref, y!.ref, geometry(p, x!.shape, y!.shape));
  },

  backward(ctx, p, [dy], [x], [y], [dx]) {
    if (dx) ctx.backend.cnn.poolGrad(x!.ref, y!.ref, dy!.ref, dx.ref, geometry(p, x!.shape, y!.shape));
  },
});
