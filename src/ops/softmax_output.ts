// SoftmaxOutput (src/operator/softmax_output.cc, softmax_output-inl.h): softmax forward, and a backward
// that ignores the head gradient (unless out_grad) and writes p − target with MXNet's label handling,
// label-shape rules and normalization quirks (operators.md §3.8).

import { prod, sameShape } from '../base.js';
import type { ParsedParams } from './params.js';
import { defineOp, type MaybeShape } from './registry.js';
import { unify } from './shape_utils.js';

interface SoftmaxOutputParams extends ParsedParams {
  grad_scale: number;
  ignore_label: number;
  multi_output: boolean;
  use_ignore: boolean;
  preserve_shape: boolean;
  normalization: 'null' | 'batch' | 'valid';
  out_grad: boolean;
  smooth_alpha: number;
}

/** The [outer, C, inner] view the forward softmax runs over (softmax along C). */
function forwardView(p: SoftmaxOutputParams, shape: readonly number[]): [number, number, number] {
  const size = prod(shape);
  const n = shape[0] ?? 1;
  if (p.multi_output) {
    const c = shape[1] ?? 1;
    return [n, c, size / n / c];
  }
  if (p.preserve_shape) {
    const c = shape[shape.length - 1] ?? 1;
    return [size / c, c, 1];
  }
  return [n, size / n, 1];
}

/** Label shapes accepted for multi_output, the first being the default (N, rest). */
function multiOutputLabelShapes(data: readonly number[]): number[][] {
  const n = data[0]!;
  const rest = data.slice(2);
  return [[n, prod(rest)], [n, ...rest], [n, 1, ...rest]];
}

function inferLabel(p: SoftmaxOutputParams, data: readonly number[], label: MaybeShape): MaybeShape {
  if (label !== undefined && sameShape(label, data)) return label; // probabilities as labels
  if (p.multi_output) {
    const accepted = multiOutputLabelShapes(data);
    if (label === undefined) return accepted[0];
    return accepted.find((s) => sameShape(s, label)) ?? accepted[0];
  }
  return data.slice(0, -1);
}

defineOp<SoftmaxOutputParams>({
  name: 'SoftmaxOutput',
  aliases: ['Softmax'],
  params: {
    grad_scale: { type: 'float', default: 1 },
    ignore_label: { type: 'float', default: -1 },
    multi_output: { type: 'bool', default: false },
    use_ignore: { type: 'bool', default: false },
    preserve_shape: { type: 'bool', default: false },
    normalization: { type: 'string', enum: ['null', 'batch', 'valid'], default: 'null' },
    out_grad: { type: 'bool', default: false },
    smooth_alpha: { type: 'float', default: 0 },
  },
  inputNames: () => ['data', 'label'],
  outputNames: () => ['output'],
  noGradInputs: () => [1],
  ignoresHeadGrad: (p) => !p.out_grad,

  inferShape(p, [data, label], _name, outputs) {
    const d = unify([data, outputs?.[0]]);
    if (d === undefined) return { inputs: [d, label], outputs: [d] };
    return { inputs: [d, inferLabel(p, d, label)], outputs: [d] };
  },

  forward(ctx, p, [x], [y]) {
    const [outer, c, inner] = forwardView(p, x!.shape);
    ctx.backend.softmax(x!.ref, y!.ref, outer, c, inner, 1, false);
  },

  backward(ctx, p, [ograd], [, label], [out], [dx]) {
    if (!dx) return;
    const be = ctx.backend;
    const y = out!, lab = label!;
    if (sameShape(lab.shape, y.shape)) {
      // Probability labels: (p − label)·grad_scale, never normalized.
      be.binary('sub', y.ref, lab.ref, dx.ref, y.size);
      be.scalar('mul', dx.ref, p.grad_scale, dx.ref, y.size);
    } else if (p.multi_output) {
      const [n, c, rest] = forwardView(p, y.shape);
      // MXNet divides by the spatial size for null/batch (not for valid) and ignores smooth_alpha here.
      const perBatch = p.normalization === 'batch' ? n : 1;
      const perPos = p.normalization === 'valid' ? 1 : rest;
      be.softmaxOutputGrad(y.ref, lab.ref, dx.ref, n, c, rest, {
        scale: p.grad_scale / perPos / perBatch, ignore_label: p.ignore_label, use_ignore: p.use_ignore,
        smooth_alpha: 0, normalize_valid: p.normalization === 'valid',
      });
    } else {
      // One row per label entry: (label.size, size / label.size), also for preserve_shape.
      const rows = lab.size;
      be.softmaxOutputGrad(y.ref, lab.ref, dx.ref, rows, y.size / rows, 1, {
        scale: p.grad_scale / (p.normalization === 'batch' ? rows : 1), ignore_label: p.ignore_label,
        use_ignore: p.use_ignore, smooth_alpha: p.smooth_alpha, normalize_valid: p.normalization === 'valid',
      });
    }
    if (p.out_grad) be.binary('mul', dx.ref, ograd!.ref, dx.ref, dx.size);
  },
});
