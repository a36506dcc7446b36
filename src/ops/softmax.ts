// softmax / log_softmax (src/operator/nn/softmax.cc, log_softmax.cc) along `axis` with `temperature`,
// and the deprecated SoftmaxActivation (softmax_activation.cc: 'instance' over all non-batch dims,
// 'channel' over axis 1 per position). All use the backend's [outer, C, inner] softmax kernels.

import { MXNetError, prod } from '../base.js';
import type { ParsedParams } from './params.js';
import { defineOp } from './registry.js';
import { normAxis, unify } from './shape_utils.js';

interface SoftmaxParams extends ParsedParams {
  axis: number;
  temperature: number | null;
  dtype: string | null;
  use_length: boolean | null;
}

function axisView(shape: readonly number[], axis: number, where: string): [number, number, number] {
  const a = normAxis(axis, shape.length, where);
  return [prod(shape.slice(0, a)), shape[a]!, prod(shape.slice(a + 1))];
}

function defineSoftmax(name: string, alias: string, log: boolean): void {
  defineOp<SoftmaxParams>({
    name,
    aliases: [alias],
    params: {
      axis: { type: 'int', default: -1 },
      temperature: { type: 'float', optional: true, default: null },
      dtype: { type: 'string', enum: ['float16', 'float32', 'float64'], optional: true, default: null },
      use_length: { type: 'bool', optional: true, default: false },
    },
    inputNames: () => ['data'],
    outputNames: () => ['output'],
    inferShape(p, [data], nodeName, outputs) {
      if (p.use_length) throw new MXNetError(`${name} ${nodeName}: use_length=True is not supported`);
      const s = unify([data, outputs?.[0]]);
      if (s !== undefined) normAxis(p.axis, s.length, `${name} ${nodeName}`);
      return { inputs: [s], outputs: [s] };
    },
    forward(ctx, p, [x], [y]) {
      const [o, c, i] = axisView(x!.shape, p.axis, name);
      ctx.backend.softmax(x!.ref, y!.ref, o, c, i, p.temperature ?? 1, log);
    },
    backward(ctx, p, [dy], [x], [y], [dx]) {
      const [o, c, i] = axisView(x!.shape, p.axis, name);
      if (dx) ctx.backend.softmaxGrad(y!.ref, dy!.ref, dx.ref, o, c, i, p.temperature ?? 1, log);
    },
  });
}

defineSoftmax('softmax', '_npx_softmax', false);
defineSoftmax('log_softmax', '_npx_log_softmax', true);

interface SoftmaxActivationParams extends ParsedParams {
  mode: 'instance' | 'channel';
}

function activationView(p: SoftmaxActivationParams, shape: readonly number[]): [number, number, number] {
  const N = shape[0]!;
  if (p.mode === 'instance') return [N, prod(shape.slice(1)), 1];
  return [N, shape[1]!, prod(shape.slice(2))];
}

defineOp<SoftmaxActivationParams>({
  name: 'SoftmaxActivation',
  params: { mode: { type: 'string', enum: ['instance', 'channel'], default: 'instance' } },
  inputNames: () => ['data'],
  outputNames: () => ['output'],
  inferShape(p, [data], name, outputs) {
    const s = unify([data, outputs?.[0]]);
    if (s !== undefined && s.length < (p.mode === 'channel' ? 2 : 1)) {
      throw new MXNetError(`SoftmaxActivation ${name}: mode '${p.mode}' needs data with a channel axis, got ${s.length}-D`);
    }
    return { inputs: [s], outputs: [s] };
  },
  forward(ctx, p, [x], [y]) {
    const [o, c, i] = activationView(p, x!.shape);
    ctx.backend.softmax(x!.ref, y!.ref, o, c, i, 1, false);
  },
  backward(ctx, p, [dy], [x], [y], [dx]) {
    const [o, c, i] = activationView(p, x!.shape);
    if (dx) ctx.backend.softmaxGrad(y!.ref, dy!.ref, dx.ref, o, c, i, 1, false);
  },
});
