// Concat (src/operator/nn/concat.cc, concat-inl.h): inputs arg0..arg{num_args-1} joined along `dim`
// (negative counts from the end); all other dims must agree. Copies are 2-D strided block copies.

import { MXNetError, prod } from '../base.js';
import type { ParsedParams } from './params.js';
import { defineOp, type MaybeShape } from './registry.js';
import { normAxis, unify } from './shape_utils.js';

interface ConcatParams extends ParsedParams {
  num_args: number;
  dim: number;
}

/** The shape every input must match, with the concat axis left unknown (0). */
function commonShape(shapes: readonly MaybeShape[], dim: number, where: string): { common: MaybeShape; axis: number } {
  let axis = -1;
  const masked = shapes.map((s) => {
    if (s === undefined) return undefined;
    axis = normAxis(dim, s.length, where);
    return s.map((v, i) => (i === axis ? 0 : v));
  });
  return { common: unify(masked), axis };
}

defineOp<ConcatParams>({
  name: 'Concat',
  aliases: ['concat', '_sparse_concat'],
  variadic: true,
  params: {
    num_args: { type: 'int', required: true },
    dim: { type: 'int', default: 1 },
  },
  inputNames: (p) => Array.from({ length: p.num_args }, (_, i) => `arg${i}`),
  outputNames: () => ['output'],

  inferShape(p, inputs, name, outputs) {
    const where = `Concat ${name}`;
    if (inputs.length !== p.num_args) throw new MXNetError(`${where}: num_args=${p.num_args} but ${inputs.length} inputs`);
    const { common, axis } = commonShape([...inputs, outputs?.[0]], p.dim, where);
    if (common === undefined) return { inputs: [...inputs], outputs: [outputs?.[0]] };
    if (common.length === 0) throw new MXNetError(`${where}: zero-dimensional arrays cannot be concatenated`);
    // Inputs get every dim but the concat axis; the output's axis is the sum once all are known.
    const ins = inputs.map((s) => common.map((v, i) => (i === axis ? (s?.[i] ?? 0) : v)));
    const sizes = ins.map((s) => s[axis]!);
    const out = [...common];
    if (sizes.every((v) => v > 0)) out[axis] = sizes.reduce((a, b) => a + b, 0);
    return { inputs: ins, outputs: [out] };
  },

  forward(ctx, p, inputs, [y]) {
    const axis = normAxis(p.dim, y!.ndim, 'Concat');
    const outer = prod(y!.shape.slice(0, axis));
    const rowLen = prod(y!.shape.slice(axis));
    let col = 0;
    for (const x of inputs) {
      const cols = x.size / outer;
      ctx.backend.copy2d({ buf: y!.ref.buf, off: y!.ref.off + col }, rowLen, x.ref, cols, outer, cols);
      col += cols;
    }
  },

  backward(ctx, p, [dy], inputs, _out, inGrads) {
    const axis = normAxis(p.dim, dy!.ndim, 'Concat');
    const outer = prod(dy!.shape.slice(0, axis));
    const rowLen = prod(dy!.shape.slice(axis));
    let col = 0;
    inputs.forEach((x, k) => {
      const cols = x.size / outer;
      const dx = inGrads[k];
      if (dx) ctx.backend.copy2d(dx.ref, cols, { buf: dy!.ref.buf, off: dy!.ref.off + col }, rowLen, outer, cols);
      col += cols;
    });
  },
});
