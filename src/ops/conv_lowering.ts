// Batched im2col lowering shared by Convolution and Deconvolution: a chunk of B images becomes one
// col matrix [C·kh·kw, B·L] (image b in columns [b·L, (b+1)·L)), so each layer is a few large GEMMs
// instead of N small ones; [F, B·L] GEMM results are reordered to/from the NCHW [B, F, L] layout.

import type { Ref } from '../backends/backend.js';
import type { ConvGeometry } from '../backends/kernels/cnn.js';
import type { NDArray } from '../ndarray/ndarray.js';
import type { OpContext } from './registry.js';

/** col matrices stay under this many elements (16 MiB of float32); larger batches go in chunks. */
const COL_BUDGET = 1 << 22;

export const at = (a: NDArray | Ref, off: number): Ref =>
  'buf' in a ? { buf: a.buf, off: a.off + off } : { buf: a.ref.buf, off: a.ref.off + off };

/** True when col would equal the image itself (1×1 kernel, unit stride, no padding). */
export function isPointwise(g: ConvGeometry): boolean {
  return g.kh === 1 && g.kw === 1 && g.sh === 1 && g.sw === 1 && g.ph === 0 && g.pw === 0;
}

/** Images per chunk for a col of `rows` × L per image. */
export function chunkSize(N: number, rows: number, L: number): number {
  return Math.max(1, Math.min(N, Math.floor(COL_BUDGET / Math.max(1, rows * L))));
}

/** col [C·kh·kw, B·L] from images n0 … n0+B−1 of x [N, C, H, W]. */
export function batchIm2col(ctx: OpContext, x: NDArray, n0: number, B: number, g: ConvGeometry, col: Ref): void {
  const img = g.C * g.H * g.W, L = g.oh * g.ow;
  if (isPointwise(g)) {
    ctx.backend.cnn.stridedCopy(col, [B * L, L, 1], at(x, n0 * img), [L, img, 1], [g.C, B, L], false);
    return;
  }
  ctx.backend.cnn.im2col(at(x, n0 * img), col, g, B * L, B);
}

/** Images n0 … n0+B−1 of dx [N, C, H, W] from col [C·kh·kw, B·L] (the adjoint of batchIm2col). */
export function batchCol2im(ctx: OpContext, col: Ref, dx: NDArray, n0: number, B: number, g: ConvGeometry): void {
  const img = g.C * g.H * g.W, L = g.oh * g.ow;
  if (isPointwise(g)) {
    ctx.backend.cnn.stridedCopy(at(dx, n0 * img), [L, img, 1], col, [B * L, L, 1], [g.C, B, L], false);
    return;
  }
  ctx.backend.cnn.col2im(col, at(dx, n0 * img), g, B * L, B);
}

/** [F, B·L] (channel-major) → [B, F, L] (NCHW), or back when `toChannelMajor`. */
export function reorder(ctx: OpContext, src: Ref, dst: Ref, F: number, B: number, L: number, toChannelMajor: boolean): void {
  const cm = [B * L, L, 1], bm = [L, F * L, 1];
  ctx.backend.cnn.stridedCopy(dst, toChannelMajor ? cm : bm, src, toChannelMajor ? bm : cm, [F, B, L], false);
}

/** db = Σ over batch and positions of dY [N, F, L]. */
export function biasGrad(ctx: OpContext, dy: NDArray, db: NDArray, N: number, F: number, L: number): void {
  const t = ctx.temp([N * F]);
  ctx.backend.sumAxis(dy.ref, t.ref, N * F, L, 1, false);
  ctx.backend.sumAxis(t.ref, db.ref, 1, N, F, false);
}
