// The CNN kernel family of the Backend contract: convolution lowering (im2col/col2im), pooling,
// batch/local-response normalisation, LeakyReLU variants and strided data movement, as used by
// src/ops for MXNet's Convolution, Pooling, BatchNorm, LRN, LeakyReLU and the shape operators.

import type { BinaryOp, Ref } from '../backend.js';

/** One image's 2-D convolution geometry (1-D convolution is H = kh = oh = 1). */
export interface ConvGeometry {
  C: number; H: number; W: number;
  kh: number; kw: number;
  sh: number; sw: number;
  ph: number; pw: number;
  dh: number; dw: number;
  oh: number; ow: number;
}

export type PoolType = 'max' | 'avg' | 'sum';

/** 2-D pooling of P planes (N·C) of H×W into oh×ow (1-D pooling is H = kh = oh = 1). */
export interface PoolGeometry {
  P: number; H: number; W: number;
  oh: number; ow: number;
  kh: number; kw: number;
  sh: number; sw: number;
  ph: number; pw: number;
  type: PoolType;
  countIncludePad: boolean;
}

export type LeakyAct = 'leaky' | 'prelu' | 'elu' | 'selu' | 'gelu';

export interface CnnKernels {
  /**
   * col[C·kh·kw, batch·oh·ow] from `batch` consecutive images x[batch, C, H, W] (padding reads 0),
   * image b in columns [b·oh·ow, (b+1)·oh·ow); col rows are `colLd` ≥ batch·oh·ow apart.
   */
  im2col(x: Ref, col: Ref, g: ConvGeometry, colLd: number, batch?: number): void;
  /** Overwrites x[batch, C, H, W] with the sums of the col patches (the adjoint of im2col). */
  col2im(col: Ref, x: Ref, g: ConvGeometry, colLd: number, batch?: number): void;
  /**
   * Optional fast path of a convolution forward with one group: y[F, batch·oh·ow] (channel-major) =
   * w[F, C·kh·kw] · im2col(x[batch, C, H, W]) without materialising the col matrix. Backends without it
   * lower through im2col + gemm.
   */
  convGemm?(w: Ref, x: Ref, y: Ref, g: ConvGeometry, F: number, batch: number): void;
  /**
   * Optional fast path of its weight gradient: dw[F, C·kh·kw] = beta·dw + dy[F, batch·oh·ow] · im2col(x)ᵀ
   * (beta 0: dw not read), without the col matrix.
   */
  convGemmDw?(dy: Ref, x: Ref, dw: Ref, g: ConvGeometry, F: number, batch: number, beta: number): void;

  /** MXNet pool.h windows: end = min(start + k, in + pad); avg divisor per count_include_pad. */
  pool(x: Ref, y: Ref, g: PoolGeometry): void;
  /** Overwrites dx; max routes each dy to the first maximum (row-major) of its window. */
  poolGrad(x: Ref, y: Ref, dy: Ref, dx: Ref, g: PoolGeometry): void;

  /** Per-channel mean and invstd = 1/sqrt(biased var + eps) over a [outer, C, inner] view. */
  bnStats(x: Ref, mean: Ref, invstd: Ref, outer: number, C: number, inner: number, eps: number): void;
  /** y = (x − mean)·invstd·gamma + beta; gamma null = 1. In place ok. */
  bnApply(x: Ref, y: Ref, mean: Ref, invstd: Ref, gamma: Ref | null, beta: Ref, outer: number, C: number,
    inner: number): void;
  /**
   * dgamma = Σ dy·x̂, dbeta = Σ dy; dx = batch-statistics gradient when `batchStats`, else dy·gamma·invstd.
   * Null outputs are skipped; gamma null = 1.
   */
  bnBackward(x: Ref, dy: Ref, mean: Ref, invstd: Ref, gamma: Ref | null, dx: Ref | null, dgamma: Ref | null,
    dbeta: Ref | null, outer: number, C: number, inner: number, batchStats: boolean): void;

  /** Cross-channel LRN of [N, C, inner]: norm = knorm + alpha/nsize·Σ window x², y = x·norm^−beta. */
  lrn(x: Ref, y: Ref, norm: Ref, N: number, C: number, inner: number, nsize: number, alpha: number, beta: number,
    knorm: number): void;
  lrnGrad(x: Ref, norm: Ref, dy: Ref, dx: Ref, N: number, C: number, inner: number, nsize: number, alpha: number,
    beta: number): void;

  /** LeakyReLU over [outer, C, inner]; prelu reads one slope per channel from `slopes`. In place ok. */
  leaky(act: LeakyAct, x: Ref, slopes: Ref | null, y: Ref, outer: number, C: number, inner: number, slope: number): void;
  /** dx = dy·f'(x); elu reads the forward output y, the others x. */
  leakyGrad(act: LeakyAct, x: Ref, y: Ref, slopes: Ref | null, dy: Ref, dx: Ref, outer: number, C: number,
    inner: number, slope: number): void;
  /** dgamma[c] = Σ_{x ≤ 0} dy·x (prelu's slope gradient). */
  preluGammaGrad(x: Ref, dy: Ref, dgamma: Ref, outer: number, C: number, inner: number): void;

  /**
   * For every index i of the box `shape`: dst[Σ i·dstStrides] (+)= src[Σ i·srcStrides]. Strides are in
   * elements and may be 0 (broadcast read / reducing accumulate) or negative (reversed slices).
   */
  stridedCopy(dst: Ref, dstStrides: readonly number[], src: Ref, srcStrides: readonly number[],
    shape: readonly number[], accumulate: boolean): void;
  /** y (contiguous over `shape`) = op(a, b) with per-operand strides (0 on broadcast axes). */
  broadcastBinary(op: BinaryOp, a: Ref, aStrides: readonly number[], b: Ref, bStrides: readonly number[], y: Ref,
    shape: readonly number[]): void;

  /** y[i, :] = w[clip(trunc(idx[i]), 0, rows − 1), :] for n indices. */
  embedding(idx: Ref, w: Ref, y: Ref, n: number, dim: number, rows: number): void;
  /** Overwrites dw[rows, dim] with the scatter-sum of dy rows at the clipped indices. */
  embeddingGrad(idx: Ref, dy: Ref, dw: Ref, n: number, dim: number, rows: number): void;

  /** x[N, C, H, W] upsampled ×scale into channels [cOff, cOff + C) of y[N, yC, H·s, W·s]. */
  upsampleNearest(x: Ref, y: Ref, N: number, C: number, H: number, W: number, scale: number, yC: number, cOff: number,
    accumulate: boolean): void;
  /** Overwrites dx[N, C, H, W] with the s×s block sums of those channels of dy. */
  upsampleNearestGrad(dy: Ref, dx: Ref, N: number, C: number, H: number, W: number, scale: number, yC: number,
    cOff: number): void;
}
