// slice (alias crop) and slice_axis (src/operator/tensor/matrix_op.cc, matrix_op-inl.h): NumPy-style
// begin/end/step with None entries, clamped as MXNet's GetIndexRange does; axes past len(begin) are
// kept whole. Forward is a strided copy; backward zero-fills dx and copies dy into the window.

import { MXNetError } from '../base.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { contiguousStrides } from './broadcast_utils.js';
import type { ParsedParams } from './params.js';
import { defineOp, type OpContext } from './registry.js';
import { normAxis } from './shape_utils.js';

/** Per axis: first index, step and length of the selection. */
interface Range {
  begin: number;
  step: number;
  len: number;
}

/** MXNet's GetIndexRange for one axis of size d. */
function axisRange(d: number, bIn: number | null, eIn: number | null, s: number, where: string): Range {
  if (s === 0) throw new MXNetError(`${where}: slice step cannot be 0`);
  let b = bIn ?? (s > 0 ? 0 : d - 1);
  if (bIn !== null && b < 0) b += d;
  let e = eIn ?? (s > 0 ? d : -1);
  if (eIn !== null && e < 0) e += d;
  if (s > 0 && b < 0) b = 0;
  if (s < 0 && b > d - 1) b = d - 1;
  const valid = b >= 0 && b <= d - 1;
  e = Math.min(Math.max(e, -1), d);
  const nonEmpty = valid && (s > 0 ? b < e : b > e);
  return { begin: nonEmpty ? b : 0, step: s, len: nonEmpty ? Math.floor((Math.abs(e - b) - 1) / Math.abs(s)) + 1 : 0 };
}

/** Copy the window `ranges` of x into y (or dy back into dx when `back`). */
function copyWindow(ctx: OpContext, x: NDArray, y: NDArray, ranges: Range[], back: boolean): void {
  const xs = contiguousStrides(x.shape);
  const off = ranges.reduce((o, r, k) => o + r.begin * xs[k]!, 0);
  const win = { buf: x.ref.buf, off: x.ref.off + off };
  const winStrides = ranges.map((r, k) => r.step * xs[k]!);
  const shape = ranges.map((r) => r.len);
  const ys = contiguousStrides(shape);
  if (back) {
    ctx.backend.fill(x.ref, x.size, 0);
    ctx.backend.cnn.stridedCopy(win, winStrides, y.ref, ys, shape, false);
  } else {
    ctx.backend.cnn.stridedCopy(y.ref, ys, win, winStrides, shape, false);
  }
}

interface SliceParams extends ParsedParams {
  begin: (number | null)[];
  end: (number | null)[];
  step: (number | null)[];
}

function sliceRanges(p: SliceParams, shape: readonly number[], where: string): Range[] {
  const n = p.begin.length;
  if (p.end.length !== n || (p.step.length !== 0 && p.step.length !== n)) {
    throw new MXNetError(`${where}: begin ${JSON.stringify(p.begin)}, end ${JSON.stringify(p.end)} and step ${JSON.stringify(p.step)} must have the same length`);
  }
  if (n > shape.length) throw new MXNetError(`${where}: ${n} begin entries for ${shape.length}-D data`);
  return shape.map((d, k) => (k < n
    ? axisRange(d, p.begin[k]!, p.end[k]!, p.step[k] ?? 1, where)
    : { begin: 0, step: 1, len: d }));
}

defineOp<SliceParams>({
  name: 'slice',
  aliases: ['crop'],
  params: {
    begin: { type: 'optshape', required: true },
    end: { type: 'optshape', required: true },
    step: { type: 'optshape', default: [] },
  },
  inputNames: () => ['data'],
  outputNames: () => ['output'],
  inferShape(p, [data], name, outputs) {
    if (data === undefined) return { inputs: [undefined], outputs: [outputs?.[0]] };
    return { inputs: [[...data]], outputs: [sliceRanges(p, data, `slice ${name}`).map((r) => r.len)] };
  },
  forward(ctx, p, [x], [y]) {
    copyWindow(ctx, x!, y!, sliceRanges(p, x!.shape, 'slice'), false);
  },
  backward(ctx, p, [dy], [x], _out, [dx]) {
    if (dx) copyWindow(ctx, dx, dy!, sliceRanges(p, x!.shape, 'slice'), true);
  },
});

interface SliceAxisParams extends ParsedParams {
  axis: number;
  begin: number;
  end: number | null;
}

function sliceAxisRanges(p: SliceAxisParams, shape: readonly number[], where: string): Range[] {
  const a = normAxis(p.axis, shape.length, where);
  const d = shape[a]!;
  const b = p.begin < 0 ? p.begin + d : p.begin;
  const e = p.end === null ? d : p.end < 0 ? p.end + d : p.end;
  if (!(b >= 0 && b < e && e <= d)) {
    throw new MXNetError(`${where}: invalid range begin=${p.begin}, end=${p.end} for axis ${p.axis} of size ${d}`);
  }
  return shape.map((n, k) => (k === a ? { begin: b, step: 1, len: e - b } : { begin: 0, step: 1, len: n }));
}

defineOp<SliceAxisParams>({
  name: 'slice_axis',
  params: {
    axis: { type: 'int', required: true },
    begin: { type: 'int', required: true },
    end: { type: 'int', required: true, optional: true },
  },
  inputNames: () => ['data'],
  outputNames: () => ['output'],
  inferShape(p, [data], name, outputs) {
    if (data === undefined) return { inputs: [undefined], outputs: [outputs?.[0]] };
    return { inputs: [[...data]], outputs: [sliceAxisRanges(p, data, `slice_axis ${name}`).map((r) => r.len)] };
  },
  forward(ctx, p, [x], [y]) {
    copyWindow(ctx, x!, y!, sliceAxisRanges(p, x!.shape, 'slice_axis'), false);
  },
  backward(ctx, p, [dy], [x], _out, [dx]) {
    if (dx) copyWindow(ctx, dx, dy!, sliceAxisRanges(p, x!.shape, 'slice_axis'), true);
  },
});
