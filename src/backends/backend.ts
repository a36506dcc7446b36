// The contract every backend implements: memory and kernels, nothing else. Shapes, MXNet semantics,
// gradients and file formats live above this line (ops/, executor/, model/) and are shared.
//
// Conventions for every kernel:
// - Tensors are passed as `Ref` = (buffer, element offset). Data is float32 and row-major unless a
//   kernel says otherwise; `n`, `M`, `N`, `K`, `outer`, `inner` count elements.
// - An output may be the same Ref as an input only where the kernel says "in place ok".
// - Kernels never allocate visible memory and never read back to the host.

import type { DType } from '../dtype.js';
import type { CnnKernels } from './kernels/cnn.js';
import type { OptimKernels } from './kernels/optim.js';
import type { CheckKernels } from './kernels/check.js';
import type { FusionKernels } from './kernels/fusion.js';

/** A block of device memory. Backends subclass it with their own handle (wasm pointer, GPUBuffer). */
export interface DeviceBuffer {
  readonly backend: Backend;
  /** Capacity in elements of `dtype`. */
  readonly length: number;
  readonly dtype: DType;
  readonly disposed: boolean;
}

export interface Ref {
  readonly buf: DeviceBuffer;
  /** Offset in elements from the start of `buf`. */
  readonly off: number;
}

export type UnaryOp =
  | 'relu' | 'sigmoid' | 'tanh' | 'softrelu' | 'softsign'
  | 'exp' | 'log' | 'sqrt' | 'rsqrt' | 'square' | 'abs' | 'neg' | 'sign' | 'reciprocal'
  | 'floor' | 'ceil' | 'round' | 'identity';

/** Activation-style gradients: dx = dy * f'(x). Each op documents which of x / y it reads. */
export type UnaryGradOp = 'relu' | 'sigmoid' | 'tanh' | 'softrelu' | 'softsign';

export type BinaryOp = 'add' | 'sub' | 'mul' | 'div' | 'max' | 'min' | 'pow';

/** Scalar ops: `r*` variants put the scalar on the left (rsub: s - x, rdiv: s / x, rpow: s ** x). */
export type ScalarOp = 'add' | 'sub' | 'rsub' | 'mul' | 'div' | 'rdiv' | 'pow' | 'rpow' | 'max' | 'min'
  | 'eq' | 'ne' | 'gt' | 'ge' | 'lt' | 'le';

export interface SoftmaxOutputGradParams {
  /** Scale applied to every gradient element (grad_scale with the normalization divisor folded in). */
  scale: number;
  ignore_label: number;
  use_ignore: boolean;
  smooth_alpha: number;
  /** When true the kernel also divides by max(1, count of labels != ignore_label) ('valid'). */
  normalize_valid: boolean;
}

export interface SGDParams {
  lr: number;
  wd: number;
  momentum: number;
  rescale_grad: number;
  /** Clip threshold; a value <= 0 or not finite means "no clipping" (MXNet's truthiness rule for SGD). */
  clip_gradient: number;
}

export interface Backend {
  readonly name: string;
  readonly cnn: CnnKernels;
  readonly optim: OptimKernels;
  readonly check: CheckKernels;
  /** Fused epilogues for the executor's graph optimisations; a backend without them runs graphs unfused. */
  readonly fusion?: FusionKernels;

  // ---- memory ----
  alloc(length: number, dtype?: DType): DeviceBuffer;
  free(buf: DeviceBuffer): void;
  /** Copy host data into device memory at `dst`. */
  upload(dst: Ref, src: ArrayLike<number> & { readonly length: number }): void;
  /** Read `n` elements at `src` back to the host. */
  download(src: Ref, n: number): Promise<Float32Array>;
  /** Synchronous read-back where the backend can (wasm); undefined elsewhere. */
  readonly downloadSync?: (src: Ref, n: number) => Float32Array;
  /** Live buffers and bytes, for leak tests. */
  stats(): { buffers: number; bytes: number };
  /** Backends that record work for another thread start what is recorded so far; others lack it. */
  flush?(): void;

  // ---- data movement ----
  copy(dst: Ref, src: Ref, n: number): void;
  /**
   * dst (here) = n elements of src on another backend, copied directly where the two share memory (cpu
   * devices on one wasm heap); returns false when they do not, and the caller copies through the host.
   */
  copyFrom?(dst: Ref, src: Ref, n: number): boolean;
  fill(dst: Ref, n: number, value: number): void;
  /** 2-D strided copy: dst[r*dstLd + c] = src[r*srcLd + c] for r < rows, c < cols. */
  copy2d(dst: Ref, dstLd: number, src: Ref, srcLd: number, rows: number, cols: number): void;
  /** dst[i, :] = src[idx[i], :] for i < idx.length; rows of `rowLen` elements; idx on the host. */
  takeRows(dst: Ref, src: Ref, idx: Int32Array, rowLen: number): void;

  // ---- GEMM ----
  /**
   * Row-major C[M,N] = alpha * op(A)[M,K] · op(B)[K,N] + beta * C, where op(X) = X or Xᵀ.
   * A is stored [M,K] (or [K,M] when transA) with leading dimension lda; likewise B, C.
   * beta == 0 means C is not read (may hold garbage/NaN).
   */
  gemm(transA: boolean, transB: boolean, M: number, N: number, K: number, alpha: number,
    A: Ref, lda: number, B: Ref, ldb: number, beta: number, C: Ref, ldc: number): void;

  // ---- element-wise (in place ok: y may equal x / a / b) ----
  unary(op: UnaryOp, x: Ref, y: Ref, n: number): void;
  /** dx = dy * f'(.): relu/sigmoid/tanh read y (the forward output); softrelu/softsign read x. */
  unaryGrad(op: UnaryGradOp, x: Ref, y: Ref, dy: Ref, dx: Ref, n: number): void;
  binary(op: BinaryOp, a: Ref, b: Ref, y: Ref, n: number): void;
  scalar(op: ScalarOp, x: Ref, s: number, y: Ref, n: number): void;
  /** y = alpha * x + beta * y (in place on y). */
  axpby(alpha: number, x: Ref, beta: number, y: Ref, n: number): void;
  /** y[o, c, i] = x[o, c, i] + b[c] for a view [outer, C, inner] (in place ok). */
  biasAdd(x: Ref, b: Ref, y: Ref, outer: number, C: number, inner: number): void;
  /** clip(x, lo, hi) and its gradient (dx = dy where lo <= x <= hi, else 0). */
  clip(x: Ref, y: Ref, n: number, lo: number, hi: number): void;

  // ---- reductions over a [outer, mid, inner] view ----
  /** y[o, i] = sum_m x[o, m, i]; with accumulate, y += instead of =. */
  sumAxis(x: Ref, y: Ref, outer: number, mid: number, inner: number, accumulate: boolean): void;
  /** y[o, i] = argmax_m x[o, m, i] (first maximum), written as float32 indices. */
  argmaxAxis(x: Ref, y: Ref, outer: number, mid: number, inner: number): void;

  // ---- softmax family over a [outer, C, inner] view (softmax along the middle axis) ----
  softmax(x: Ref, y: Ref, outer: number, C: number, inner: number, temperature: number, log: boolean): void;
  /** Gradient of softmax / log_softmax given the forward output y. */
  softmaxGrad(y: Ref, dy: Ref, dx: Ref, outer: number, C: number, inner: number, temperature: number, log: boolean): void;
  /**
   * SoftmaxOutput backward with integer-class labels: label[o, i] (float) selects the class;
   * dx = (p - target) * scale, zero for ignored rows when use_ignore. See operators.md §3.8.
   */
  softmaxOutputGrad(p: Ref, label: Ref, dx: Ref, outer: number, C: number, inner: number,
    params: SoftmaxOutputGradParams): void;

  // ---- randomness (counter-based: same key + counter gives the same numbers on every backend) ----
  /** Uniform [low, high) floats from stream (key, counter). */
  randomUniform(y: Ref, n: number, low: number, high: number, key: number, counter: number): void;
  /** Normal(mean, std) floats from stream (key, counter). */
  randomNormal(y: Ref, n: number, mean: number, std: number, key: number, counter: number): void;
  /** Dropout forward: mask = (u < keep) / keep, y = x * mask, u from stream (key, counter). */
  dropout(x: Ref, y: Ref, mask: Ref, n: number, keep: number, key: number, counter: number): void;

  // ---- optimizers (fused; update in place on the weight and state) ----
  /** MXNet 1.9 multi_sgd(_mom)_update: d = momentum*mom - lr*wd*w - lr*clip(rg*g); w += d; mom = d. */
  sgdUpdate(w: Ref, g: Ref, mom: Ref | null, n: number, p: SGDParams): void;
}
