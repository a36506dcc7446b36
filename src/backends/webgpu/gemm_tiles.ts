// Tiling of one GEMM into dispatches whose A, B and C windows each fit a storage binding: row blocks of
// A/C, column blocks of B/C, and K blocks accumulated into C (beta = 1 after the first). A WebGPU
// binding limit only; MXNet's dot/FullyConnected semantics are unchanged.

import { MXNetError } from '../../base.js';

export interface GemmDims {
  transA: boolean; transB: boolean; M: number; N: number; K: number; lda: number; ldb: number; ldc: number;
}

/** Element extents of the A, B and C windows of an (mc × nc × kc) tile. */
export function tileExtents(d: GemmDims, mc: number, nc: number, kc: number): [number, number, number] {
  const span = (rows: number, cols: number, ld: number) => (rows === 0 || cols === 0 ? 0 : (rows - 1) * ld + cols);
  return [
    d.transA ? span(kc, mc, d.lda) : span(mc, kc, d.lda),
    d.transB ? span(nc, kc, d.ldb) : span(kc, nc, d.ldb),
    span(mc, nc, d.ldc),
  ];
}

/**
 * The largest tile sizes (mc, nc, kc) found by halving, for whichever operand is too big, the dimension
 * that walks its leading dimension (then the other one) until every window holds at most `cap` elements.
 */
export function gemmTileSizes(d: GemmDims, cap: number): { mc: number; nc: number; kc: number } {
  const t = { mc: d.M, nc: d.N, kc: d.K };
  const half = (k: 'mc' | 'nc' | 'kc') => { t[k] = Math.ceil(t[k] / 2); };
  for (;;) {
    const [a, b, c] = tileExtents(d, t.mc, t.nc, t.kc);
    // [outer, inner] tile dimension of each operand's (rows, cols) layout.
    let dims: ['mc' | 'nc' | 'kc', 'mc' | 'nc' | 'kc'] | null = null;
    if (a > cap) dims = d.transA ? ['kc', 'mc'] : ['mc', 'kc'];
    else if (b > cap) dims = d.transB ? ['nc', 'kc'] : ['kc', 'nc'];
    else if (c > cap) dims = ['mc', 'nc'];
    if (!dims) return t;
    if (t[dims[0]] > 1) half(dims[0]);
    else if (t[dims[1]] > 1) half(dims[1]);
    else throw new MXNetError(`gemm: a single element window exceeds the storage binding limit (${cap} elements)`);
  }
}

/** [start, count] runs of `total` in steps of `step` (one empty run when total is 0). */
export function runs(total: number, step: number): [number, number][] {
  if (total === 0) return [[0, 0]];
  const out: [number, number][] = [];
  for (let s = 0; s < total; s += step) out.push([s, Math.min(step, total - s)]);
  return out;
}
