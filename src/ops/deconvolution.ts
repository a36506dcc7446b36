// Deconvolution (src/operator/nn/deconvolution.cc): the transpose of Convolution, weight
// (C_in, F/g, kh, kw), output stride·(in−1) + dk − 2·pad + adj, or `target_shape` which overrides pad/adj.
// Forward = per-group Wᵀ·X into col + col2im; backward dX = W·im2col(dY), dW = X·im2col(dY)ᵀ (batched).

import { MXNetError } from '../base.js';
import { CONV_PARAMS, convGeometry } from './convolution.js';
import { at, batchCol2im, batchIm2col, biasGrad, chunkSize, reorder } from './conv_lowering.js';
import { checkConvData, checkLayout, dilatedKernel, spatialParams, type Spatial } from './conv_geometry.js';
import type { NDArray } from '../ndarray/ndarray.js';
import type { ParsedParams } from './params.js';
import { defineOp, type MaybeShape } from './registry.js';

interface DeconvParams extends ParsedParams {
  kernel: number[];
  stride: number[];
  dilate: number[];
  pad: number[];
  adj: number[];
  target_shape: number[];
  num_filter: number;
  num_group: number;
  no_bias: boolean;
  layout: string | null;
}

/** Effective pad per dim and the output size (0 where the input dim is unknown). */
function deconvLayout(where: string, p: DeconvParams, s: Spatial, inDims: readonly number[]): { pad: number[]; out: number[] } {
  const dk = dilatedKernel(s);
  const adj = p.adj.length ? p.adj : Array<number>(s.rank).fill(0);
  if (adj.length !== s.rank) throw new MXNetError(`${where}: adj ${JSON.stringify(p.adj)} must have ${s.rank} entries`);
  const useTarget = p.target_shape.some((t) => t !== 0);
  if (useTarget && p.target_shape.length !== s.rank) {
    throw new MXNetError(`${where}: target_shape ${JSON.stringify(p.target_shape)} must have ${s.rank} entries`);
  }
  const pad: number[] = [], out: number[] = [];
  inDims.forEach((d, i) => {
    const st = s.stride[i]!;
    if (useTarget) {
      // MXNet: total = stride·(in−1) + dk − target, adj = total % 2, pad = (total + 1) / 2.
      const target = p.target_shape[i]!;
      const total = st * (d - 1) + dk[i]! - target;
      pad.push(Math.floor((total + 1) / 2));
      out.push(d === 0 ? 0 : target);
      if (d !== 0 && total < 0) throw new MXNetError(`${where}: target_shape ${target} is too large for input size ${d} in spatial dim ${i}`);
      return;
    }
    if (adj[i]! >= st) throw new MXNetError(`${where}: adj ${adj[i]} must be smaller than stride ${st}`);
    pad.push(s.pad[i]!);
    const o = st * (d - 1) + dk[i]! - 2 * s.pad[i]! + adj[i]!;
    if (d !== 0 && o < 1) throw new MXNetError(`${where}: output size ${o} < 1 in spatial dim ${i}`);
    out.push(d === 0 ? 0 : o);
  });
  return { pad, out };
}

function params(p: DeconvParams, where: string): Spatial {
  const s = spatialParams(where, p);
  checkLayout(where, p.layout, s.rank);
  if (p.num_filter < 1 || p.num_group < 1 || p.num_filter % p.num_group !== 0) {
    throw new MXNetError(`${where}: num_filter ${p.num_filter} must be a positive multiple of num_group ${p.num_group}`);
  }
  return s;
}

/** The convolution geometry that maps the output image back onto the input (the deconvolution's adjoint). */
function geometry(p: DeconvParams, x: NDArray, y: NDArray) {
  const s = params(p, 'Deconvolution');
  const { pad } = deconvLayout('Deconvolution', p, s, x.shape.slice(2));
  return convGeometry({ ...s, pad }, p.num_filter, y.shape.slice(2), x.shape.slice(2));
}

defineOp<DeconvParams>({
  name: 'Deconvolution',
  aliases: ['_npx_deconvolution'],
  params: {
    ...CONV_PARAMS,
    adj: { type: 'shape', default: [] },
    target_shape: { type: 'shape', default: [] },
    workspace: { type: 'int', default: 512 },
    no_bias: { type: 'bool', default: true },
  },
  inputNames: (p) => (p.no_bias ? ['data', 'weight'] : ['data', 'weight', 'bias']),
  outputNames: () => ['output'],

  inferShape(p, inputs, name, outputs) {
    const where = `Deconvolution ${name}`;
    const s = params(p, where);
    const data = inputs[0];
    if (data === undefined) return { inputs: [...inputs], outputs: [outputs?.[0]] };
    const C = checkConvData(where, data, s.rank, p.num_group);
    const ins: MaybeShape[] = [[...data], [C, p.num_filter / p.num_group, ...s.kernel]];
    if (!p.no_bias) ins.push([p.num_filter]);
    const { out } = deconvLayout(where, p, s, data.slice(2));
    return { inputs: ins, outputs: [[data[0]!, p.num_filter, ...out]] };
  },

  forward(ctx, p, [x, w, b], [y]) {
    const { g, N, G, Cin, Cg, F, L, K, Kg, B } = layout(p, x!, y!);
    const be = ctx.backend;
    const col = ctx.temp([K * B * L]);
    const tmp = B > 1 ? ctx.temp([Cin * B * L]) : null;
    for (let n0 = 0; n0 < N; n0 += B) {
      const nb = Math.min(B, N - n0), ld = nb * L;
      const xt = nb > 1 ? tmp!.ref : at(x!, n0 * Cin * L); // the chunk as [C_in, nb·L]
      if (nb > 1) reorder(ctx, at(x!, n0 * Cin * L), xt, Cin, nb, L, true);
      for (let k = 0; k < G; k++) {
        be.gemm(true, false, Kg, ld, Cg, 1, at(w!, k * Cg * Kg), Kg, at(xt, k * Cg * ld), ld, 0, at(col.ref, k * Kg * ld), ld);
      }
      batchCol2im(ctx, col.ref, y!, n0, nb, g);
    }
    if (b) be.biasAdd(y!.ref, b.ref, y!.ref, N, F, g.H * g.W);
  },

  backward(ctx, p, [dy], [x, w], [y], [dx, dw, db]) {
    const { g, N, G, Cin, Cg, F, L, K, Kg, B } = layout(p, x!, y!);
    const be = ctx.backend;
    const col = ctx.temp([K * B * L]);
    const tmp = B > 1 ? ctx.temp([Cin * B * L]) : null;
    for (let n0 = 0; n0 < N; n0 += B) {
      const nb = Math.min(B, N - n0), ld = nb * L;
      batchIm2col(ctx, dy!, n0, nb, g, col.ref);
      if (dw) {
        const xt = nb > 1 ? tmp!.ref : at(x!, n0 * Cin * L);
        if (nb > 1) reorder(ctx, at(x!, n0 * Cin * L), xt, Cin, nb, L, true);
        for (let k = 0; k < G; k++) {
          be.gemm(false, true, Cg, Kg, ld, 1, at(xt, k * Cg * ld), ld, at(col.ref, k * Kg * ld), ld, n0 === 0 ? 0 : 1,
            at(dw, k * Cg * Kg), Kg);
        }
      }
      if (dx) {
        const out = nb > 1 ? tmp!.ref : at(dx, n0 * Cin * L);
        for (let k = 0; k < G; k++) {
          be.gemm(false, false, Cg, ld, Kg, 1, at(w!, k * Cg * Kg), Kg, at(col.ref, k * Kg * ld), ld, 0, at(out, k * Cg * ld), ld);
        }
        if (nb > 1) reorder(ctx, out, at(dx, n0 * Cin * L), Cin, nb, L, false);
      }
    }
    if (db) biasGrad(ctx, dy!, db, N, F, g.H * g.W);
  },
});

/** Sizes of one call: L input positions, K = F·kh·kw col rows of the output image, chunk B. */
function layout(p: DeconvParams, x: NDArray, y: NDArray) {
  const g = geometry(p, x, y);
  const [N, Cin] = x.shape as [number, number];
  const G = p.num_group, F = p.num_filter, L = g.oh * g.ow, K = F * g.kh * g.kw;
  return { g, N, G, Cin, Cg: Cin / G, F, L, K, Kg: K / G, B: chunkSize(N, K, L) };
}
