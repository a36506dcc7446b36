// SliceChannel / split (src/operator/slice_channel.cc): num_outputs equal parts along `axis`, outputs
// named output0, output1, …; squeeze_axis drops the axis (then its size must equal num_outputs).
// Each part is one 2-D strided block copy; the gradient copies the parts back.

import { MXNetError, prod } from '../base.js';
import type { NDArray } from '../ndarray/ndarray.js';
import type { ParsedParams } from './params.js';
import { defineOp, type MaybeShape } from './registry.js';
import { normAxis } from './shape_utils.js';

interface SliceChannelParams extends ParsedParams {
  num_outputs: number;
  axis: number;
  squeeze_axis: boolean;
}

/** outer rows, the full row length and each part's row length. */
function blocks(p: SliceChannelParams, x: NDArray): { outer: number; row: number; part: number } {
  const a = normAxis(p.axis, x.ndim, 'SliceChannel');
  const inner = prod(x.shape.slice(a + 1));
  return { outer: prod(x.shape.slice(0, a)), row: x.shape[a]! * inner, part: (x.shape[a]! / p.num_outputs) * inner };
}

defineOp<SliceChannelParams>({
  name: 'SliceChannel',
  aliases: ['split'],
  params: {
    num_outputs: { type: 'int', required: true },
    axis: { type: 'int', default: 1 },
    squeeze_axis: { type: 'bool', default: false },
  },
  inputNames: () => ['data'],
  outputNames: (p) => Array.from({ length: p.num_outputs }, (_, i) => `output${i}`),

  inferShape(p, [data], name, outputs) {
    const where = `SliceChannel ${name}`;
    if (p.num_outputs < 1) throw new MXNetError(`${where}: num_outputs must be >= 1, got ${p.num_outputs}`);
    if (data === undefined) return { inputs: [undefined], outputs: Array.from({ length: p.num_outputs }, (_, i) => outputs?.[i]) };
    const a = normAxis(p.axis, data.length, where);
    const d = data[a]!;
    if (d > 0 && d % p.num_outputs !== 0) {
      throw new MXNetError(`${where}: axis ${p.axis} of size ${d} cannot be split into ${p.num_outputs} equal parts`);
    }
    if (p.squeeze_axis && d > 0 && d !== p.num_outputs) {
      throw new MXNetError(`${where}: squeeze_axis needs axis size ${d} to equal num_outputs ${p.num_outputs}`);
    }
    const part: MaybeShape = p.squeeze_axis
      ? [...data.slice(0, a), ...data.slice(a + 1)]
      : data.map((v, i) => (i === a ? v / p.num_outputs : v));
    return { inputs: [[...data]], outputs: Array.from({ length: p.num_outputs }, () => [...part]) };
  },

  forward(ctx, p, [x], outputs) {
    const { outer, row, part } = blocks(p, x!);
    outputs.forEach((y, k) => {
      ctx.backend.copy2d(y.ref, part, { buf: x!.ref.buf, off: x!.ref.off + k * part }, row, outer, part);
    });
  },

  backward(ctx, p, outGrads, [x], _out, [dx]) {
    if (!dx) return;
    const { outer, row, part } = blocks(p, x!);
    // A part without a head gradient contributes zeros.
    if (outGrads.some((g) => g === undefined)) ctx.backend.fill(dx.ref, dx.size, 0);
    outGrads.forEach((dy, k) => {
      if (dy) ctx.backend.copy2d({ buf: dx.ref.buf, off: dx.ref.off + k * part }, row, dy.ref, part, outer, part);
    });
  },
});
