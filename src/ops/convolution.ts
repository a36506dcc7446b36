// Convolution (src/operator/nn/convolution.cc): NCW/NCHW cross-correlation with stride, pad, dilate and
// groups, weight (F, C/g, kh, kw). Forward = batched im2col + per-group GEMM; backward dW = dY·colᵀ,
// dX = col2im(Wᵀ·dY), db = Σ dY (src/ops/conv_lowering.ts).

import { MXNetError } from '../base.js';
import type { ConvGeometry } from '../backends/kernels/cnn.js';
import type { FusedAct } from '../backends/kernels/fusion.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { at, batchCol2im, batchIm2col, biasGrad, chunkSize, reorder } from './conv_lowering.js';
import { checkConvData, checkLayout, dilatedKernel, hw, spatialParams, type Spatial } from './conv_geometry.js';
import { biasEpilogue } from './fused_epilogue.js';
import type { ParamSchema, ParsedParams } from './params.js';
import { defineOp, type MaybeShape, type OpContext } from './registry.js';

export interface ConvParams extends ParsedParams {
  kernel: number[];
  stride: number[];
  dilate: number[];
  pad: number[];
  num_filter: number;
  num_group: number;
  no_bias: boolean;
  layout: string | null;
}

/** Output spatial size; 0 when the input dim is unknown. Throws when the kernel does not fit. */
function convOut(where: string, s: Spatial, inDims: readonly number[]): number[] {
  const dk = dilatedKernel(s);
  return inDims.map((d, i) => {
    if (d === 0) return 0;
    if (dk[i]! > d + 2 * s.pad[i]!) {
      throw new MXNetError(`${where}: kernel size ${dk[i]} (dilated) exceeds the padded input size ${d + 2 * s.pad[i]!} in spatial dim ${i}`);
    }
    return Math.floor((d + 2 * s.pad[i]! - dk[i]!) / s.stride[i]!) + 1;
  });
}

/** The 2-D geometry of one image of `x` for the im2col kernels. */
export function convGeometry(s: Spatial, C: number, inDims: readonly number[], outDims: readonly number[]): ConvGeometry {
  const [H, W] = hw(inDims, 1), [oh, ow] = hw(outDims, 1);
  const [kh, kw] = hw(s.kernel, 1), [sh, sw] = hw(s.stride, 1);
  const [ph, pw] = hw(s.pad, 0), [dh, dw] = hw(s.dilate, 1);
  return { C, H, W, kh, kw, sh, sw, ph, pw, dh, dw, oh, ow };
}

function params(p: ConvParams, where: string): Spatial {
  const s = spatialParams(where, p);
  checkLayout(where, p.layout, s.rank);
  if (p.num_filter < 1 || p.num_group < 1) {
    throw new MXNetError(`${where}: num_filter (${p.num_filter}) and num_group (${p.num_group}) must be >= 1`);
  }
  if (p.num_filter % p.num_group !== 0) {
    throw new MXNetError(`${where}: num_filter ${p.num_filter} must be divisible by num_group ${p.num_group}`);
  }
  return s;
}

export const CONV_PARAMS: ParamSchema = {
  kernel: { type: 'shape', required: true },
  stride: { type: 'shape', default: [] },
  dilate: { type: 'shape', default: [] },
  pad: { type: 'shape', default: [] },
  num_filter: { type: 'int', required: true },
  num_group: { type: 'int', default: 1 },
  workspace: { type: 'int', default: 1024 },
  no_bias: { type: 'bool', default: false },
  cudnn_tune: { type: 'string', enum: ['off', 'limited_workspace', 'fastest'], optional: true, default: null },
  cudnn_off: { type: 'bool', default: false },
  layout: { type: 'string', enum: ['NCW', 'NCHW', 'NCDHW', 'NHWC', 'NDHWC'], optional: true, default: null },
};

defineOp<ConvParams>({
  name: 'Convolution',
  aliases: ['_npx_convolution'],
  params: CONV_PARAMS,
  inputNames: (p) => (p.no_bias ? ['data', 'weight'] : ['data', 'weight', 'bias']),
  outputNames: () => ['output'],

  inferShape(p, inputs, name, outputs) {
    const where = `Convolution ${name}`;
    const s = params(p, where);
    const data = inputs[0];
    if (data === undefined) return { inputs: [...inputs], outputs: [outputs?.[0]] };
    const C = checkConvData(where, data, s.rank, p.num_group);
    const ins: MaybeShape[] = [[...data], [p.num_filter, C / p.num_group, ...s.kernel]];
    if (!p.no_bias) ins.push([p.num_filter]);
    return { inputs: ins, outputs: [[data[0]!, p.num_filter, ...convOut(where, s, data.slice(2))]] };
  },

  forward(ctx, p, [x, w, b], [y]) {
    convolutionForward(ctx, p, x!, w!, b, y!, 'identity');
  },

  backward(ctx, p, [dy], [x, w], _out, [dx, dw, db]) {
    const { g, N, G, F, L, K, Kg, Fg, B } = layout(p, x!, dy!);
    const be = ctx.backend;
    const col = ctx.temp([K * B * L]);
    const tmp = B > 1 ? ctx.temp([F * B * L]) : null;
    for (let n0 = 0; n0 < N; n0 += B) {
      const nb = Math.min(B, N - n0), ld = nb * L;
      const g0 = nb > 1 ? tmp!.ref : at(dy!, n0 * F * L); // dY of the chunk as [F, nb·L]
      if (nb > 1) reorder(ctx, at(dy!, n0 * F * L), g0, F, nb, L, true);
      if (dw && G === 1 && be.cnn.convGemmDw && F * K > SPLIT_K_MAX_DW) {
        be.cnn.convGemmDw(g0, at(x!, n0 * g.C * g.H * g.W), dw.ref, g, F, nb, n0 === 0 ? 0 : 1);
      } else if (dw) {
        batchIm2col(ctx, x!, n0, nb, g, col.ref);
        for (let k = 0; k < G; k++) {
          be.gemm(false, true, Fg, Kg, ld, 1, at(g0, k * Fg * ld), ld, at(col.ref, k * Kg * ld), ld, n0 === 0 ? 0 : 1,
            at(dw, k * Fg * Kg), Kg);
        }
      }
      if (dx) {
        for (let k = 0; k < G; k++) {
          be.gemm(true, false, Kg, ld, Fg, 1, at(w!, k * Fg * Kg), Kg, at(g0, k * Fg * ld), ld, 0, at(col.ref, k * Kg * ld), ld);
        }
        batchCol2im(ctx, col.ref, dx, n0, nb, g);
      }
    }
    if (db) biasGrad(ctx, dy!, db, N, F, L);
  },
});

/**
 * y = act(conv(x, w) + b): the forward pass, also called by the executor's fusions with a folded w / b or
 * a fused activation (src/executor/fusion.ts).
 */
export function convolutionForward(ctx: OpContext, p: ParsedParams, x: NDArray, w: NDArray, b: NDArray | undefined,
  y: NDArray, act: FusedAct): void {
  const { g, N, G, F, L, K, Kg, Fg, B } = layout(p as ConvParams, x, y);
  const be = ctx.backend;
  // One group on a backend with the implicit-im2col GEMM: the col matrix is never written.
  const direct = G === 1 && be.cnn.convGemm !== undefined;
  const col = direct ? null : ctx.temp([K * B * L]);
  const tmp = B > 1 ? ctx.temp([F * B * L]) : null;
  const img = g.C * g.H * g.W;
  for (let n0 = 0; n0 < N; n0 += B) {
    const nb = Math.min(B, N - n0), ld = nb * L;
    // One image writes straight into y; a chunk goes through [F, nb·L] and is reordered.
    const out = nb > 1 ? tmp!.ref : at(y, n0 * F * L);
    if (direct) {
      be.cnn.convGemm!(w.ref, at(x, n0 * img), out, g, F, nb);
    } else {
      batchIm2col(ctx, x, n0, nb, g, col!.ref);
      for (let k = 0; k < G; k++) {
        be.gemm(false, false, Fg, ld, Kg, 1, at(w, k * Fg * Kg), Kg, at(col!.ref, k * Kg * ld), ld, 0, at(out, k * Fg * ld), ld);
      }
    }
    if (nb > 1) reorder(ctx, out, at(y, n0 * F * L), F, nb, L, false);
  }
  biasEpilogue(ctx, y, b, N, F, L, act);
}

/**
 * Weight gradients with at most this many elements go through an explicit col and mx_gemm, which splits
 * their long product along the positions (kMaxPartial in core/kernels/gemm.cc); larger ones use the
 * backend's implicit-im2col convGemmDw where it has one.
 */
const SPLIT_K_MAX_DW = 8192;

/** Sizes of one call: L positions per image, K = C·kh·kw col rows, per-group Kg/Fg, chunk B. */
function layout(p: ConvParams, x: NDArray, y: NDArray) {
  const s = params(p, 'Convolution');
  const [N, C] = x.shape as [number, number];
  const g = convGeometry(s, C, x.shape.slice(2), y.shape.slice(2));
  const G = p.num_group, F = p.num_filter, L = g.oh * g.ow, K = C * g.kh * g.kw;
  return { g, N, G, F, L, K, Kg: K / G, Fg: F / G, B: chunkSize(N, K, L) };
}
