// Reshape (src/operator/tensor/matrix_op.cc, matrix_op-inl.h InferReshapeShape): MXNet's special codes
// 0 / -1 / -2 / -3 / -4, `reverse`, and the deprecated target_shape/keep_highest path. Data is copied.

import { MXNetError, prod, shapeStr } from '../base.js';
import type { ParsedParams } from './params.js';
import { defineOp, type MaybeShape } from './registry.js';
import { isKnown } from './shape_utils.js';

interface ReshapeParams extends ParsedParams {
  shape: number[];
  reverse: boolean;
  target_shape: number[] | null;
  keep_highest: boolean;
}

/** Output shape for `spec` applied to a known source shape (operators.md §3.5). */
export function inferReshape(spec: readonly number[], src: readonly number[], reverse: boolean, where: string): number[] {
  const fail = (why: string) => new MXNetError(`${where}: ${why} (shape=${shapeStr(spec)}, data ${shapeStr(src)})`);
  const d = reverse ? [...src].reverse() : [...src];
  const s = reverse ? [...spec].reverse() : [...spec];
  const out: number[] = [];
  let i = 0; // source-dim cursor
  let inferAt = -1;
  for (let k = 0; k < s.length; k++) {
    const v = s[k]!;
    if (v === 0) {
      if (i >= d.length) throw fail('0 refers past the last input dim');
      out.push(d[i++]!);
    } else if (v === -1) {
      if (inferAt >= 0) throw fail('one and only one dim can be inferred');
      inferAt = out.length;
      out.push(1);
      i++;
    } else if (v === -2) {
      while (i < d.length) out.push(d[i++]!);
    } else if (v === -3) {
      if (i + 1 >= d.length) throw fail('-3 needs two input dims');
      out.push(d[i]! * d[i + 1]!);
      i += 2;
    } else if (v === -4) {
      if (k + 2 >= s.length) throw fail('-4 needs two following entries');
      if (i >= d.length) throw fail('-4 refers past the last input dim');
      const d0 = d[i++]!;
      let a = s[++k]!, b = s[++k]!;
      if (a === -1 && b === -1) throw fail('split dims cannot both be -1');
      if (a === -1) a = d0 / b;
      if (b === -1) b = d0 / a;
      if (a * b !== d0) throw fail(`split dims ${a}, ${b} do not divide original dim ${d0}`);
      out.push(a, b);
    } else if (v > 0) {
      out.push(v);
      i++;
    } else {
      throw fail(`invalid code ${v}`);
    }
  }
  if (inferAt >= 0) out[inferAt] = Math.trunc(prod(d) / prod(out));
  return reverse ? out.reverse() : out;
}

/** The deprecated path: target_shape with one 0 entry inferred (after the first with keep_highest). */
function inferTargetShape(p: ReshapeParams, src: readonly number[]): number[] {
  const out = [...p.target_shape!];
  const start = p.keep_highest ? 1 : 0;
  if (p.keep_highest) out[0] = src[0]!;
  const zeros = out.map((v, i) => (i >= start && v === 0 ? i : -1)).filter((i) => i >= 0);
  if (zeros.length === 1) {
    out[zeros[0]!] = 1;
    out[zeros[0]!] = Math.trunc(prod(src) / prod(out));
  }
  return out;
}

/** ReverseReshapeInferShape: one unknown input dim follows from a known output's size. */
function reverseInfer(data: MaybeShape, out: MaybeShape): MaybeShape {
  if (data === undefined || !isKnown(out)) return data;
  const unknown = data.filter((v) => v <= 0).length;
  if (unknown !== 1) return data;
  const knownProd = prod(data.filter((v) => v > 0));
  return data.map((v) => (v > 0 ? v : prod(out) / knownProd));
}

defineOp<ReshapeParams>({
  name: 'Reshape',
  aliases: ['reshape'],
  params: {
    shape: { type: 'shape', default: [] },
    reverse: { type: 'bool', default: false },
    target_shape: { type: 'shape', default: null, optional: true },
    keep_highest: { type: 'bool', default: false },
  },
  inputNames: () => ['data'],
  outputNames: () => ['output'],
  inferShape(p, [data], name, outputs) {
    const out = outputs?.[0];
    const d = reverseInfer(data, out);
    if (!isKnown(d)) return { inputs: [d], outputs: [out] };
    const where = `Reshape ${name}`;
    let o: MaybeShape = out;
    if (p.shape.length > 0) o = inferReshape(p.shape, d, p.reverse, where);
    else if (p.target_shape !== null && p.target_shape.length > 0) o = inferTargetShape(p, d);
    // MXNet's CHECK in ReshapeShape: a hostile `shape` attribute must fail here, before any allocation.
    if (isKnown(o) && prod(o) !== prod(d)) {
      throw new MXNetError(`${where}: target shape ${shapeStr(o)} has a different size from the source ${shapeStr(d)}`);
    }
    return { inputs: [d], outputs: [o] };
  },
  forward(ctx, _p, [x], [y]) {
    if (x!.size !== y!.size) {
      throw new MXNetError(`Reshape: target shape ${shapeStr(y!.shape)} has a different size from the source ${shapeStr(x!.shape)}`);
    }
    ctx.backend.copy(y!.ref, x!.ref, x!.size);
  },
  backward(ctx, _p, [dy], _in, _out, [dx]) {
    if (dx) ctx.backend.copy(dx.ref, dy!.ref, dx.size);
  },
});
