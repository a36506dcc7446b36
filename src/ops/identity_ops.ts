// Pass-through and constant operators: `_copy` (alias identity), BlockGrad (stop_gradient: zero
// gradient), MakeLoss (identity forward; gradient grad_scale, normalised per MXNet make_loss-inl.h),
// and `_zeros` / `_ones` (init_op.cc: no inputs, params shape/ctx/dtype).

import { MXNetError } from '../base.js';
import type { ParsedParams } from './params.js';
import { defineOp } from './registry.js';
import { sameShapeInfer } from './shape_utils.js';

defineOp({
  name: '_copy',
  aliases: ['identity'],
  params: {},
  inputNames: () => ['data'],
  outputNames: () => ['output'],
  inferShape: sameShapeInfer,
  forward(ctx, _p, [x], [y]) {
    ctx.backend.copy(y!.ref, x!.ref, x!.size);
  },
  backward(ctx, _p, [dy], _in, _out, [dx]) {
    if (dx) ctx.backend.copy(dx.ref, dy!.ref, dx.size);
  },
});

defineOp({
  name: 'BlockGrad',
  aliases: ['stop_gradient'],
  params: {},
  inputNames: () => ['data'],
  outputNames: () => ['output'],
  inferShape: sameShapeInfer,
  forward(ctx, _p, [x], [y]) {
    ctx.backend.copy(y!.ref, x!.ref, x!.size);
  },
  backward(ctx, _p, _dy, _in, _out, [dx]) {
    if (dx) ctx.backend.fill(dx.ref, dx.size, 0);
  },
});

interface MakeLossParams extends ParsedParams {
  grad_scale: number;
  valid_thresh: number;
  normalization: 'null' | 'batch' | 'valid';
}

defineOp<MakeLossParams>({
  name: 'MakeLoss',
  params: {
    grad_scale: { type: 'float', default: 1 },
    valid_thresh: { type: 'float', default: 0 },
    normalization: { type: 'string', enum: ['null', 'batch', 'valid'], default: 'null' },
  },
  inputNames: () => ['data'],
  outputNames: () => ['output'],
  ignoresHeadGrad: () => true,
  inferShape: sameShapeInfer,
  forward(ctx, _p, [x], [y]) {
    ctx.backend.copy(y!.ref, x!.ref, x!.size);
  },
  backward(ctx, p, _dy, [x], _out, [dx]) {
    if (!dx) return;
    const be = ctx.backend, n = dx.size;
    if (p.normalization === 'batch') {
      be.fill(dx.ref, n, p.grad_scale / (x!.shape[0] ?? 1));
    } else if (p.normalization === 'valid') {
      // grad_scale / max(1, count(x > valid_thresh)), computed on the device.
      const count = ctx.temp([1]);
      be.scalar('gt', x!.ref, p.valid_thresh, dx.ref, n);
      be.sumAxis(dx.ref, count.ref, 1, n, 1, false);
      be.scalar('max', count.ref, 1, count.ref, 1);
      be.scalar('rdiv', count.ref, p.grad_scale, count.ref, 1);
      be.cnn.stridedCopy(dx.ref, [1], count.ref, [0], [n], false);
    } else {
      be.fill(dx.ref, n, p.grad_scale);
    }
  },
});

interface InitParams extends ParsedParams {
  shape: number[];
  ctx: string;
  dtype: string;
}

function defineInit(name: string, value: number): void {
  defineOp<InitParams>({
    name,
    params: {
      shape: { type: 'shape', default: [] },
      ctx: { type: 'string', default: '' },
      dtype: { type: 'string', enum: ['float32', 'float64', 'float16', 'uint8', 'int8', 'int32', 'int64', 'bool'], default: 'float32' },
    },
    inputNames: () => [],
    outputNames: () => ['output'],
    inferShape(p, _in, nodeName) {
      if (p.shape.some((d) => d < 0)) throw new MXNetError(`${name} ${nodeName}: invalid shape ${JSON.stringify(p.shape)}`);
      return { inputs: [], outputs: [p.shape.length ? [...p.shape] : undefined] };
    },
    forward(ctx, _p, _in, [y]) {
      ctx.backend.fill(y!.ref, y!.size, value);
    },
  });
}

defineInit('_zeros', 0);
defineInit('_ones', 1);
