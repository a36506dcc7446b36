// The wasm implementation of the CNN kernel family (src/backends/kernels/cnn.ts): checks every Ref
// against its buffer, then calls the C++ kernels of core/kernels/cnn_*.cc.

import { MXNetError, prod } from '../../base.js';
import type { BinaryOp, Ref } from '../backend.js';
import type { CnnKernels, ConvGeometry, LeakyAct, PoolGeometry } from '../kernels/cnn.js';
import type { WasmBackend } from './backend.js';
import { binaryCode } from './opcodes.js';

/** The exports of core/include/mxjs_cnn.h (byte addresses into the module's memory). */
interface CnnExports {
  mx_im2col(x: number, col: number, ...geom: number[]): void;
  mx_col2im(col: number, x: number, ...geom: number[]): void;
  mx_conv_gemm(w: number, x: number, y: number, F: number, ...geomAndBatch: number[]): void;
  mx_conv_gemm_dw(dy: number, x: number, dw: number, F: number, ...geomBatchBeta: number[]): void;
  mx_pool(x: number, y: number, ...geom: number[]): void;
  mx_pool_grad(x: number, y: number, dy: number, dx: number, ...geom: number[]): void;
  mx_bn_stats(x: number, mean: number, invstd: number, outer: number, C: number, inner: number, eps: number): void;
  mx_bn_apply(x: number, y: number, mean: number, invstd: number, gamma: number, beta: number, outer: number,
    C: number, inner: number): void;
  mx_bn_backward(x: number, dy: number, mean: number, invstd: number, gamma: number, dx: number, dgamma: number,
    dbeta: number, outer: number, C: number, inner: number, batchStats: number): void;
  mx_lrn(x: number, y: number, norm: number, N: number, C: number, inner: number, nsize: number, alpha: number,
    beta: number, knorm: number): void;
  mx_lrn_grad(x: number, norm: number, dy: number, dx: number, N: number, C: number, inner: number, nsize: number,
    alpha: number, beta: number): void;
  mx_leaky(act: number, x: number, slopes: number, y: number, outer: number, C: number, inner: number,
    slope: number): void;
  mx_leaky_grad(act: number, x: number, y: number, slopes: number, dy: number, dx: number, outer: number, C: number,
    inner: number, slope: number): void;
  mx_prelu_gamma_grad(x: number, dy: number, dgamma: number, outer: number, C: number, inner: number): void;
  mx_strided_copy(dst: number, src: number, ndim: number, shape: number, dstStrides: number, srcStrides: number,
    accumulate: number): void;
  mx_broadcast_binary(op: number, a: number, b: number, y: number, ndim: number, shape: number, aStrides: number,
    bStrides: number): void;
  mx_embedding(idx: number, w: number, y: number, n: number, dim: number, rows: number): void;
  mx_embedding_grad(idx: number, dy: number, dw: number, n: number, dim: number, rows: number): void;
  mx_upsample_nearest(x: number, y: number, N: number, C: number, H: number, W: number, scale: number, yC: number,
    cOff: number, accumulate: number): void;
  mx_upsample_nearest_grad(dy: number, dx: number, N: number, C: number, H: number, W: number, scale: number,
    yC: number, cOff: number): void;
}

const CNN_EXPORTS: readonly (keyof CnnExports)[] = [
  'mx_im2col', 'mx_col2im', 'mx_conv_gemm', 'mx_conv_gemm_dw', 'mx_pool', 'mx_pool_grad', 'mx_bn_stats', 'mx_bn_apply', 'mx_bn_backward', 'mx_lrn',
  'mx_lrn_grad', 'mx_leaky', 'mx_leaky_grad', 'mx_prelu_gamma_grad', 'mx_strided_copy', 'mx_broadcast_binary',
  'mx_embedding', 'mx_embedding_grad', 'mx_upsample_nearest', 'mx_upsample_nearest_grad',
];

/** Order of core/kernels/cnn_act.cc's Act enum. */
const LEAKY_CODES: readonly LeakyAct[] = ['leaky', 'prelu', 'elu', 'selu', 'gelu'];
const POOL_CODES = { max: 0, avg: 1, sum: 2 } as const;
/** Matches kMaxDims in cnn_layout.cc. */
const MAX_DIMS = 8;

function checkDims(what: string, values: Record<string, number>): void {
  for (const [k, v] of Object.entries(values)) {
    if (!Number.isInteger(v) || v < 0) throw new MXNetError(`${what}: ${k} must be a non-negative integer, got ${v}`);
  }
}

export class WasmCnnKernels implements CnnKernels {
  private checked?: CnnExports;
  /** Three int32 vectors (shape and two stride lists) of MAX_DIMS for the strided kernels. */
  private dimsPtr = 0;

  /** Constructed while WasmBackend's fields initialise, so the exports are looked at on first use. */
  constructor(private readonly be: WasmBackend) {}

  private get ex(): CnnExports {
    if (this.checked) return this.checked;
    const missing = CNN_EXPORTS.filter((k) => !(k in this.be.ex));
    if (missing.length) {
      throw new MXNetError(`the wasm module lacks the CNN kernels (${missing.join(', ')}); rebuild it with npm run build:wasm`);
    }
    return (this.checked = this.be.ex as unknown as CnnExports);
  }

  im2col(x: Ref, col: Ref, g: ConvGeometry, colLd: number, batch = 1): void {
    this.checkConv('im2col', g);
    checkDims('im2col', { batch });
    this.ex.mx_im2col(this.be.addr(x, batch * g.C * g.H * g.W, 'im2col x'),
      this.be.addr2d(col, g.C * g.kh * g.kw, batch * g.oh * g.ow, colLd, 'im2col col'), ...convArgs(g), colLd, batch);
  }

  col2im(col: Ref, x: Ref, g: ConvGeometry, colLd: number, batch = 1): void {
    this.checkConv('col2im', g);
    checkDims('col2im', { batch });
    this.ex.mx_col2im(this.be.addr2d(col, g.C * g.kh * g.kw, batch * g.oh * g.ow, colLd, 'col2im col'),
      this.be.addr(x, batch * g.C * g.H * g.W, 'col2im x'), ...convArgs(g), colLd, batch);
  }

  convGemm(w: Ref, x: Ref, y: Ref, g: ConvGeometry, F: number, batch: number): void {
    this.checkConv('convGemm', g);
    checkDims('convGemm', { F, batch });
    const K = g.C * g.kh * g.kw, N = batch * g.oh * g.ow;
    this.ex.mx_conv_gemm(this.be.addr(w, F * K, 'convGemm w'), this.be.addr(x, batch * g.C * g.H * g.W, 'convGemm x'),
      this.be.addr(y, F * N, 'convGemm y'), F, ...convArgs(g), batch);
  }

  convGemmDw(dy: Ref, x: Ref, dw: Ref, g: ConvGeometry, F: number, batch: number, beta: number): void {
    this.checkConv('convGemmDw', g);
    checkDims('convGemmDw', { F, batch });
    const K = g.C * g.kh * g.kw, N = batch * g.oh * g.ow;
    this.ex.mx_conv_gemm_dw(this.be.addr(dy, F * N, 'convGemmDw dy'), this.be.addr(x, batch * g.C * g.H * g.W, 'convGemmDw x'),
      this.be.addr(dw, F * K, 'convGemmDw dw'), F, ...convArgs(g), batch, beta);
  }

  pool(x: Ref, y: Ref, g: PoolGeometry): void {
    this.checkPool('pool', g);
    this.ex.mx_pool(this.be.addr(x, g.P * g.H * g.W, 'pool x'), this.be.addr(y, g.P * g.oh * g.ow, 'pool y'),
      ...poolArgs(g));
  }

  poolGrad(x: Ref, y: Ref, dy: Ref, dx: Ref, g: PoolGeometry): void {
    this.checkPool('poolGrad', g);
    const nIn = g.P * g.H * g.W, nOut = g.P * g.oh * g.ow;
    this.ex.mx_pool_grad(this.be.addr(x, nIn, 'poolGrad x'), this.be.addr(y, nOut, 'poolGrad y'),
      this.be.addr(dy, nOut, 'poolGrad dy'), this.be.addr(dx, nIn, 'poolGrad dx'), ...poolArgs(g));
  }

  bnStats(x: Ref, mean: Ref, invstd: Ref, outer: number, C: number, inner: number, eps: number): void {
    const n = this.be.volume('bnStats', outer, C, inner);
    this.ex.mx_bn_stats(this.be.addr(x, n, 'bnStats x'), this.be.addr(mean, C, 'bnStats mean'),
      this.be.addr(invstd, C, 'bnStats invstd'), outer, C, inner, eps);
  }

  bnApply(x: Ref, y: Ref, mean: Ref, invstd: Ref, gamma: Ref | null, beta: Ref, outer: number, C: number,
    inner: number): void {
    const n = this.be.volume('bnApply', outer, C, inner);
    this.ex.mx_bn_apply(this.be.addr(x, n, 'bnApply x'), this.be.addr(y, n, 'bnApply y'),
      this.be.addr(mean, C, 'bnApply mean'), this.be.addr(invstd, C, 'bnApply invstd'),
      gamma ? this.be.addr(gamma, C, 'bnApply gamma') : 0, this.be.addr(beta, C, 'bnApply beta'), outer, C, inner);
  }

  bnBackward(x: Ref, dy: Ref, mean: Ref, invstd: Ref, gamma: Ref | null, dx: Ref | null, dgamma: Ref | null,
    dbeta: Ref | null, outer: number, C: number, inner: number, batchStats: boolean): void {
    const n = this.be.volume('bnBackward', outer, C, inner);
    const opt = (r: Ref | null, len: number, what: string) => (r ? this.be.addr(r, len, what) : 0);
    this.ex.mx_bn_backward(this.be.addr(x, n, 'bnBackward x'), this.be.addr(dy, n, 'bnBackward dy'),
      this.be.addr(mean, C, 'bnBackward mean'), this.be.addr(invstd, C, 'bnBackward invstd'),
      opt(gamma, C, 'bnBackward gamma'), opt(dx, n, 'bnBackward dx'), opt(dgamma, C, 'bnBackward dgamma'),
      opt(dbeta, C, 'bnBackward dbeta'), outer, C, inner, batchStats ? 1 : 0);
  }

  lrn(x: Ref, y: Ref, norm: Ref, N: number, C: number, inner: number, nsize: number, alpha: number, beta: number,
    knorm: number): void {
    const n = this.be.volume('lrn', N, C, inner);
    this.ex.mx_lrn(this.be.addr(x, n, 'lrn x'), this.be.addr(y, n, 'lrn y'), this.be.addr(norm, n, 'lrn norm'),
      N, C, inner, nsize, alpha, beta, knorm);
  }

  lrnGrad(x: Ref, norm: Ref, dy: Ref, dx: Ref, N: number, C: number, inner: number, nsize: number, alpha: number,
    beta: number): void {
    const n = this.be.volume('lrnGrad', N, C, inner);
    this.ex.mx_lrn_grad(this.be.addr(x, n, 'lrnGrad x'), this.be.addr(norm, n, 'lrnGrad norm'),
      this.be.addr(dy, n, 'lrnGrad dy'), this.be.addr(dx, n, 'lrnGrad dx'), N, C, inner, nsize, alpha, beta);
  }

  leaky(act: LeakyAct, x: Ref, slopes: Ref | null, y: Ref, outer: number, C: number, inner: number,
    slope: number): void {
    const n = this.be.volume('leaky', outer, C, inner);
    this.ex.mx_leaky(leakyCode(act), this.be.addr(x, n, 'leaky x'), this.slopes(act, slopes, C, 'leaky'),
      this.be.addr(y, n, 'leaky y'), outer, C, inner, slope);
  }

  leakyGrad(act: LeakyAct, x: Ref, y: Ref, slopes: Ref | null, dy: Ref, dx: Ref, outer: number, C: number,
    inner: number, slope: number): void {
    const n = this.be.volume('leakyGrad', outer, C, inner);
    this.ex.mx_leaky_grad(leakyCode(act), this.be.addr(x, n, 'leakyGrad x'), this.be.addr(y, n, 'leakyGrad y'),
      this.slopes(act, slopes, C, 'leakyGrad'), this.be.addr(dy, n, 'leakyGrad dy'),
      this.be.addr(dx, n, 'leakyGrad dx'), outer, C, inner, slope);
  }

  preluGammaGrad(x: Ref, dy: Ref, dgamma: Ref, outer: number, C: number, inner: number): void {
    const n = this.be.volume('preluGammaGrad', outer, C, inner);
    this.ex.mx_prelu_gamma_grad(this.be.addr(x, n, 'preluGammaGrad x'), this.be.addr(dy, n, 'preluGammaGrad dy'),
      this.be.addr(dgamma, C, 'preluGammaGrad dgamma'), outer, C, inner);
  }

  stridedCopy(dst: Ref, dstStrides: readonly number[], src: Ref, srcStrides: readonly number[],
    shape: readonly number[], accumulate: boolean): void {
    const d = this.stridedAddr(dst, dstStrides, shape, 'stridedCopy dst');
    const s = this.stridedAddr(src, srcStrides, shape, 'stridedCopy src');
    if (prod(shape) === 0) return;
    const p = this.dims(shape, dstStrides, srcStrides);
    this.ex.mx_strided_copy(d, s, shape.length, p, p + 4 * MAX_DIMS, p + 8 * MAX_DIMS, accumulate ? 1 : 0);
  }

  broadcastBinary(op: BinaryOp, a: Ref, aStrides: readonly number[], b: Ref, bStrides: readonly number[], y: Ref,
    shape: readonly number[]): void {
    const c = binaryCode.get(op);
    if (c === undefined) throw new MXNetError(`broadcastBinary: unknown op '${op}'`);
    const pa = this.stridedAddr(a, aStrides, shape, `broadcast ${op} a`);
    const pb = this.stridedAddr(b, bStrides, shape, `broadcast ${op} b`);
    const py = this.be.addr(y, prod(shape), `broadcast ${op} y`);
    if (prod(shape) === 0) return;
    const p = this.dims(shape, aStrides, bStrides);
    this.ex.mx_broadcast_binary(c, pa, pb, py, shape.length, p, p + 4 * MAX_DIMS, p + 8 * MAX_DIMS);
  }

  embedding(idx: Ref, w: Ref, y: Ref, n: number, dim: number, rows: number): void {
    checkDims('embedding', { n, dim, rows });
    this.ex.mx_embedding(this.be.addr(idx, n, 'embedding indices'), this.be.addr(w, rows * dim, 'embedding weight'),
      this.be.addr(y, n * dim, 'embedding output'), n, dim, rows);
  }

  embeddingGrad(idx: Ref, dy: Ref, dw: Ref, n: number, dim: number, rows: number): void {
    checkDims('embeddingGrad', { n, dim, rows });
    this.ex.mx_embedding_grad(this.be.addr(idx, n, 'embeddingGrad indices'),
      this.be.addr(dy, n * dim, 'embeddingGrad dy'), this.be.addr(dw, rows * dim, 'embeddingGrad dw'), n, dim, rows);
  }

  upsampleNearest(x: Ref, y: Ref, N: number, C: number, H: number, W: number, scale: number, yC: number,
    cOff: number, accumulate: boolean): void {
    this.checkUpsample('upsampleNearest', N, C, H, W, scale, yC, cOff);
    this.ex.mx_upsample_nearest(this.be.addr(x, N * C * H * W, 'upsample x'),
      this.be.addr(y, N * yC * H * W * scale * scale, 'upsample y'), N, C, H, W, scale, yC, cOff, accumulate ? 1 : 0);
  }

  upsampleNearestGrad(dy: Ref, dx: Ref, N: number, C: number, H: number, W: number, scale: number, yC: number,
    cOff: number): void {
    this.checkUpsample('upsampleNearestGrad', N, C, H, W, scale, yC, cOff);
    this.ex.mx_upsample_nearest_grad(this.be.addr(dy, N * yC * H * W * scale * scale, 'upsampleGrad dy'),
      this.be.addr(dx, N * C * H * W, 'upsampleGrad dx'), N, C, H, W, scale, yC, cOff);
  }

  // ---- helpers ----

  private checkConv(what: string, g: ConvGeometry): void {
    checkDims(what, { ...g });
    if (g.kh < 1 || g.kw < 1 || g.sh < 1 || g.sw < 1 || g.dh < 1 || g.dw < 1) {
      throw new MXNetError(`${what}: kernel, stride and dilate must be >= 1, got ${JSON.stringify(g)}`);
    }
  }

  private checkPool(what: string, g: PoolGeometry): void {
    checkDims(what, { P: g.P, H: g.H, W: g.W, oh: g.oh, ow: g.ow, kh: g.kh, kw: g.kw, sh: g.sh, sw: g.sw, ph: g.ph, pw: g.pw });
    if (!(g.type in POOL_CODES)) throw new MXNetError(`${what}: unknown pool type '${g.type}'`);
    if (g.sh < 1 || g.sw < 1) throw new MXNetError(`${what}: stride must be >= 1`);
  }

  private checkUpsample(what: string, N: number, C: number, H: number, W: number, scale: number, yC: number,
    cOff: number): void {
    checkDims(what, { N, C, H, W, scale, yC, cOff });
    if (scale < 1 || cOff + C > yC) throw new MXNetError(`${what}: scale ${scale} < 1 or channels [${cOff}, ${cOff + C}) outside ${yC}`);
  }

  private slopes(act: LeakyAct, slopes: Ref | null, C: number, what: string): number {
    if (act !== 'prelu') return 0;
    if (!slopes) throw new MXNetError(`${what}: prelu needs the per-channel slopes`);
    return this.be.addr(slopes, C, `${what} slopes`);
  }

  /** Address of the element at index 0 after checking that every index of the box stays in the buffer. */
  private stridedAddr(ref: Ref, strides: readonly number[], shape: readonly number[], what: string): number {
    if (strides.length !== shape.length || shape.length > MAX_DIMS) {
      throw new MXNetError(`${what}: ${strides.length} strides for ${shape.length} dims (at most ${MAX_DIMS})`);
    }
    checkDims(what, Object.fromEntries(shape.map((d, i) => [`dim ${i}`, d])));
    if (prod(shape) === 0) return this.be.addr(ref, 0, what);
    let lo = 0, hi = 0;
    shape.forEach((d, i) => {
      const s = strides[i]!;
      if (!Number.isInteger(s)) throw new MXNetError(`${what}: stride ${s} is not an integer`);
      if (s < 0) lo += (d - 1) * s;
      else hi += (d - 1) * s;
    });
    const start = this.be.addr({ buf: ref.buf, off: ref.off + lo }, hi - lo + 1, what);
    return start - lo * 4;
  }

  /** Writes shape and two stride lists into the module's dims block and returns its address. */
  private dims(shape: readonly number[], s1: readonly number[], s2: readonly number[]): number {
    if (this.dimsPtr === 0) {
      this.dimsPtr = this.be.ex.mx_malloc(3 * MAX_DIMS * 4) >>> 0;
      if (this.dimsPtr === 0) throw new MXNetError('stridedCopy: out of WebAssembly memory');
    }
    const v = new Int32Array(3 * MAX_DIMS);
    v.set(shape, 0);
    v.set(s1, MAX_DIMS);
    v.set(s2, 2 * MAX_DIMS);
    this.be.writeInts(this.dimsPtr, v);
    return this.dimsPtr;
  }
}

function leakyCode(act: LeakyAct): number {
  const c = LEAKY_CODES.indexOf(act);
  if (c < 0) throw new MXNetError(`leaky: unknown act_type '${act}'; known: ${LEAKY_CODES.join(', ')}`);
  return c;
}

function convArgs(g: ConvGeometry): number[] {
  return [g.C, g.H, g.W, g.kh, g.kw, g.sh, g.sw, g.ph, g.pw, g.dh, g.dw, g.oh, g.ow];
}

function poolArgs(g: PoolGeometry): number[] {
  return [g.P, g.H, g.W, g.oh, g.ow, g.kh, g.kw, g.sh, g.sw, g.ph, g.pw, POOL_CODES[g.type], g.countIncludePad ? 1 : 0];
}
