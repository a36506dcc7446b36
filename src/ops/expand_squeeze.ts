// expand_dims / squeeze (src/operator/tensor/matrix_op.cc, np-compatible squeeze of 1.x): reshapes
// that insert or drop size-1 axes; forward and backward are plain copies (same element order).

import { MXNetError } from '../base.js';
import type { ParsedParams } from './params.js';
import { defineOp, type MaybeShape } from './registry.js';

interface ExpandParams extends ParsedParams {
  axis: number;
}

interface SqueezeParams extends ParsedParams {
  axis: number[] | null;
}

function defineReshapeLike<P extends ParsedParams>(name: string, params: Record<string, { type: 'int' | 'shape'; required?: boolean; optional?: boolean; default?: null }>,
  shapeOf: (p: P, data: number[], where: string) => number[]): void {
  defineOp<P>({
    name,
    params,
    inputNames: () => ['data'],
    outputNames: () => ['output'],
    inferShape(p, [data], nodeName, outputs): { inputs: MaybeShape[]; outputs: MaybeShape[] } {
      if (data === undefined) return { inputs: [undefined], outputs: [outputs?.[0]] };
      return { inputs: [[...data]], outputs: [shapeOf(p, [...data], `${name} ${nodeName}`)] };
    },
    forward(ctx, _p, [x], [y]) {
      ctx.backend.copy(y!.ref, x!.ref, x!.size);
    },
    backward(ctx, _p, [dy], _in, _out, [dx]) {
      if (dx) ctx.backend.copy(dx.ref, dy!.ref, dx.size);
    },
  });
}

defineReshapeLike<ExpandParams>('expand_dims', { axis: { type: 'int', required: true } }, (p, data, where) => {
  const n = data.length;
  if (p.axis < -n - 1 || p.axis > n) throw new MXNetError(`${where}: axis ${p.axis} out of range [${-n - 1}, ${n}] for ${n}-D data`);
  const a = p.axis < 0 ? p.axis + n + 1 : p.axis;
  return [...data.slice(0, a), 1, ...data.slice(a)];
});

defineReshapeLike<SqueezeParams>('squeeze', { axis: { type: 'shape', optional: true, default: null } }, (p, data, where) => {
  let drop: boolean[];
  if (p.axis === null) {
    drop = data.map((d) => d === 1);
  } else {
    drop = data.map(() => false);
    for (const a of p.axis) {
      const k = a < 0 ? a + data.length : a;
      if (!(k >= 0 && k < data.length)) throw new MXNetError(`${where}: axis ${a} out of range for ${data.length}-D data`);
      if (data[k] !== 1 && data[k] !== 0) throw new MXNetError(`${where}: cannot squeeze axis ${a} of size ${data[k]} (must be 1)`);
      drop[k] = true;
    }
  }
  const out = data.filter((_, i) => !drop[i]);
  return out.length ? out : [1];
});
