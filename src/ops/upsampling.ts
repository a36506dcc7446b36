// UpSampling (src/operator/nn/upsampling.cc, upsampling-inl.h): 'nearest' repeats pixels of each of
// num_args inputs up to the first input's size × scale and concatenates or sums them; 'bilinear' is a
// grouped, bias-free Deconvolution (kernel 2·scale − scale%2, stride scale, pad ⌈(scale−1)/2⌉).

import { MXNetError } from '../base.js';
import type { ParsedParams } from './params.js';
import { defineOp, getOp, type MaybeShape, type OpDef } from './registry.js';

interface UpParams extends ParsedParams {
  scale: number;
  num_filter: number;
  sample_type: 'nearest' | 'bilinear';
  multi_input_mode: 'concat' | 'sum';
  num_args: number;
}

/** The Deconvolution params equivalent to bilinear upsampling. */
function deconvParams(p: UpParams): { def: OpDef; params: ParsedParams } {
  const def = getOp('Deconvolution');
  const k = 2 * p.scale - (p.scale % 2), pad = Math.ceil((p.scale - 1) / 2);
  const params: ParsedParams = Object.fromEntries(Object.entries(def.params).map(([key, s]) => [key, s.default ?? null]));
  Object.assign(params, {
    kernel: [k, k], stride: [p.scale, p.scale], pad: [pad, pad], num_filter: p.num_filter, num_group: p.num_filter, no_bias: true,
  });
  return { def, params };
}

/** Each nearest input's own integer scale to reach the output size. */
function nearestScales(p: UpParams, shapes: readonly number[][], where: string): number[] {
  const oh = shapes[0]![2]! * p.scale, ow = shapes[0]![3]! * p.scale;
  return shapes.map((s, i) => {
    if (s.length !== 4) throw new MXNetError(`${where}: input ${i} must be 4-D (N, C, H, W), got (${s.join(', ')})`);
    const k = oh / s[2]!;
    if (!Number.isInteger(k) || ow / s[3]! !== k) {
      throw new MXNetError(`${where}: input ${i} of spatial size (${s[2]}, ${s[3]}) cannot be upsampled by an integer factor to (${oh}, ${ow})`);
    }
    return k;
  });
}

defineOp<UpParams>({
  name: 'UpSampling',
  variadic: true,
  params: {
    scale: { type: 'int', required: true },
    num_filter: { type: 'int', default: 0 },
    sample_type: { type: 'string', enum: ['nearest', 'bilinear'], required: true },
    multi_input_mode: { type: 'string', enum: ['concat', 'sum'], default: 'concat' },
    num_args: { type: 'int', required: true },
    workspace: { type: 'int', default: 512 },
  },
  inputNames: (p) => (p.sample_type === 'bilinear' ? ['data', 'weight'] : Array.from({ length: p.num_args }, (_, i) => `arg${i}`)),
  outputNames: () => ['output'],
  inputInitAttrs: (p): Record<number, string> => (p.sample_type === 'bilinear' ? { 1: '["bilinear", {}]' } : {}),

  inferShape(p, inputs, name, outputs) {
    const where = `UpSampling ${name}`;
    if (p.scale < 1) throw new MXNetError(`${where}: scale must be >= 1, got ${p.scale}`);
    if (p.sample_type === 'bilinear') {
      if (p.num_filter < 1) throw new MXNetError(`${where}: bilinear upsampling needs num_filter = the number of channels`);
      const { def, params } = deconvParams(p);
      return def.inferShape(params, inputs, name, outputs);
    }
    if (inputs.some((s) => s === undefined)) return { inputs: [...inputs], outputs: [outputs?.[0]] };
    const shapes = inputs as number[][];
    nearestScales(p, shapes, where);
    const [N, C0, H, W] = shapes[0]! as [number, number, number, number];
    let C = C0;
    if (p.multi_input_mode === 'sum') {
      if (shapes.some((s) => s[1] !== C0)) throw new MXNetError(`${where}: multi_input_mode 'sum' needs equal channel counts`);
    } else {
      C = shapes.reduce((a, s) => a + s[1]!, 0);
    }
    const out: MaybeShape = [N, C, H * p.scale, W * p.scale];
    return { inputs: shapes.map((s) => [...s]), outputs: [out] };
  },

  forward(ctx, p, inputs, outputs) {
    if (p.sample_type === 'bilinear') {
      const { def, params } = deconvParams(p);
      def.forward(ctx, params, inputs, outputs);
      return;
    }
    const y = outputs[0]!;
    const scales = nearestScales(p, inputs.map((x) => x.shape), 'UpSampling');
    const sum = p.multi_input_mode === 'sum';
    let cOff = 0;
    inputs.forEach((x, i) => {
      const [N, C, H, W] = x.shape as [number, number, number, number];
      ctx.backend.cnn.upsampleNearest(x.ref, y.ref, N, C, H, W, scales[i]!, y.shape[1]!, sum ? 0 : cOff, sum && i > 0);
      cOff += C;
    });
  },

  backward(ctx, p, outGrads, inputs, outputs, inGrads) {
    if (p.sample_type === 'bilinear') {
      const { def, params } = deconvParams(p);
      def.backward!(ctx, params, outGrads, inputs, outputs, inGrads);
      return;
    }
    const dy = outGrads[0]!;
    const scales = nearestScales(p, inputs.map((x) => x.shape), 'UpSampling');
    const sum = p.multi_input_mode === 'sum';
    let cOff = 0;
    inputs.forEach((x, i) => {
      const [N, C, H, W] = x.shape as [number, number, number, number];
      const dx = inGrads[i];
      if (dx) ctx.backend.cnn.upsampleNearestGrad(dy.ref, dx.ref, N, C, H, W, scales[i]!, dy.shape[1]!, sum ? 0 : cOff);
      cOff += C;
    });
  },
});
