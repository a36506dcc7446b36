// Crop (legacy, src/operator/crop.cc, crop-inl.h): cut (h, w) = h_w, or the spatial size of a second
// `crop_like` input, out of NCHW data at `offset` or centred. The crop_like input gets a zero gradient.

import { MXNetError } from '../base.js';
import type { NDArray } from '../ndarray/ndarray.js';
import type { ParsedParams } from './params.js';
import { defineOp, type MaybeShape, type OpContext } from './registry.js';

interface CropParams extends ParsedParams {
  num_args: number;
  offset: number[];
  h_w: number[];
  center_crop: boolean;
}

function pair(v: number[], name: string, where: string): [number, number] {
  if (v.length !== 2) throw new MXNetError(`${where}: ${name} must have 2 entries (h, w), got ${JSON.stringify(v)}`);
  return [v[0]!, v[1]!];
}

/** Output (h, w) and the top-left corner, checked against the data's H, W. */
function cropWindow(p: CropParams, data: readonly number[], like: MaybeShape, where: string): { h: number; w: number; y0: number; x0: number } {
  if (data.length !== 4) throw new MXNetError(`${where}: data must be 4-D (N, C, H, W), got (${data.join(', ')})`);
  let h: number, w: number;
  if (p.num_args === 2) {
    if (like === undefined || like.length !== 4) throw new MXNetError(`${where}: crop_like must be a 4-D array`);
    [h, w] = [like[2]!, like[3]!];
  } else {
    [h, w] = pair(p.h_w, 'h_w', where);
  }
  const [H, W] = [data[2]!, data[3]!];
  const [y0, x0] = p.center_crop ? [Math.floor((H - h) / 2), Math.floor((W - w) / 2)] : pair(p.offset, 'offset', where);
  if (h < 1 || w < 1 || y0 < 0 || x0 < 0 || y0 + h > H || x0 + w > W) {
    throw new MXNetError(`${where}: crop of (${h}, ${w}) at offset (${y0}, ${x0}) does not fit the input (${H}, ${W})`);
  }
  return { h, w, y0, x0 };
}

function copyCrop(ctx: OpContext, big: NDArray, small: NDArray, win: { h: number; w: number; y0: number; x0: number }, back: boolean): void {
  const [N, C, H, W] = big.shape as [number, number, number, number];
  const bigRef = { buf: big.ref.buf, off: big.ref.off + win.y0 * W + win.x0 };
  const bigStrides = [C * H * W, H * W, W, 1], smallStrides = [C * win.h * win.w, win.h * win.w, win.w, 1];
  const shape = [N, C, win.h, win.w];
  if (back) {
    ctx.backend.fill(big.ref, big.size, 0);
    ctx.backend.cnn.stridedCopy(bigRef, bigStrides, small.ref, smallStrides, shape, false);
  } else {
    ctx.backend.cnn.stridedCopy(small.ref, smallStrides, bigRef, bigStrides, shape, false);
  }
}

defineOp<CropParams>({
  name: 'Crop',
  variadic: true,
  params: {
    num_args: { type: 'int', required: true },
    offset: { type: 'shape', default: [0, 0] },
    h_w: { type: 'shape', default: [0, 0] },
    center_crop: { type: 'bool', default: false },
  },
  inputNames: (p) => (p.num_args === 2 ? ['arg0', 'arg1'] : ['arg0']),
  outputNames: () => ['output'],
  noGradInputs: (p) => (p.num_args === 2 ? [1] : []),

  inferShape(p, inputs, name, outputs) {
    const where = `Crop ${name}`;
    if (p.num_args !== 1 && p.num_args !== 2) throw new MXNetError(`${where}: num_args must be 1 or 2, got ${p.num_args}`);
    const [data, like] = inputs;
    if (data === undefined || (p.num_args === 2 && like === undefined)) return { inputs: [...inputs], outputs: [outputs?.[0]] };
    const win = cropWindow(p, data, like, where);
    return { inputs: [...inputs], outputs: [[data[0]!, data[1]!, win.h, win.w]] };
  },

  forward(ctx, p, [x, like], [y]) {
    copyCrop(ctx, x!, y!, cropWindow(p, x!.shape, like?.shape, 'Crop'), false);
  },

  backward(ctx, p, [dy], [x, like], _out, [dx, dlike]) {
    if (dx) copyCrop(ctx, dx, dy!, cropWindow(p, x!.shape, like?.shape, 'Crop'), true);
    if (dlike) ctx.backend.fill(dlike.ref, dlike.size, 0);
  },
});
