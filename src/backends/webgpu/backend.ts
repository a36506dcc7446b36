// The gpu Backend on WebGPU: every kernel of the Backend contract as a WGSL compute shader
// (gpu/wgsl/*.wgsl) with the C core's semantics, plus the cnn / optim / check families. Element offsets
// travel in the uniforms; Ref checks and in-place temps live in operands.ts, dispatching in runtime.ts.

import { MXNetError } from '../../base.js';
import type { DType } from '../../dtype.js';
import type {
  Backend, BinaryOp, DeviceBuffer, Ref, ScalarOp, SGDParams, SoftmaxOutputGradParams, UnaryGradOp, UnaryOp,
} from '../backend.js';
import type { CheckKernels } from '../kernels/check.js';
import type { CnnKernels } from '../kernels/cnn.js';
import type { OptimKernels } from '../kernels/optim.js';
import { checkCount } from '../wasm/backend.js';
import { binaryCode, scalarCode, unaryCode, unaryGradCode } from '../wasm/opcodes.js';
import { WebGpuCheckKernels } from './check.js';
import { WebGpuCnnKernels } from './cnn.js';
import { ELEM_BYTES, WebGpuBuffer, WebGpuOperands } from './operands.js';
import { WebGpuOptimKernels } from './optim.js';
import type { GpuRuntime } from './runtime.js';

function code<T extends string>(table: ReadonlyMap<T, number>, what: string, op: T): number {
  const c = table.get(op);
  if (c === undefined) throw new MXNetError(`${what}: unknown op '${op}'; known: ${[...table.keys()].join(', ')}`);
  return c;
}

export class WebGpuBackend extends WebGpuOperands implements Backend {
  readonly name: string;
  readonly cnn: CnnKernels;
  readonly optim: OptimKernels;
  readonly check: CheckKernels;
  private liveBuffers = 0;
  private liveBytes = 0;

  /** @internal */
  constructor(rt: GpuRuntime) {
    super(rt);
    this.name = `webgpu:${rt.name}`;
    this.cnn = new WebGpuCnnKernels(this);
    this.optim = new WebGpuOptimKernels(this);
    this.check = new WebGpuCheckKernels(this);
  }

  // ---- memory ----
  alloc(length: number, dtype: DType = 'float32'): DeviceBuffer {
    this.rt.check('alloc');
    checkCount('alloc', 'length', length);
    const bytes = Math.max(1, length) * ELEM_BYTES;
    if (bytes > this.rt.maxBindingBytes) {
      throw new MXNetError(`alloc: ${length} elements (${bytes} bytes) exceed this WebGPU device's largest storage binding (${this.rt.maxBindingBytes} bytes)`);
    }
    const gpu = this.rt.acquire(bytes);
    this.liveBuffers++;
    this.liveBytes += gpu.size;
    return new WebGpuBuffer(this, gpu, length, dtype);
  }

  free(buf: DeviceBuffer): void {
    const b = this.own(buf, 'free');
    b.disposed = true;
    this.liveBuffers--;
    this.liveBytes -= b.gpu.size;
    this.rt.release(b.gpu);
  }

  upload(dst: Ref, src: ArrayLike<number> & { readonly length: number }): void {
    this.rt.check('upload');
    const d = this.at(dst, src.length, 'upload');
    if (src.length === 0) return;
    const data = src instanceof Float32Array ? src : Float32Array.from(src);
    this.rt.write(d.b, d.o * ELEM_BYTES, data);
  }

  async download(src: Ref, n: number): Promise<Float32Array> {
    this.rt.check('download');
    checkCount('download', 'n', n);
    const s = this.at(src, n, 'download');
    return new Float32Array(await this.rt.read(s.b, s.o * ELEM_BYTES, n * ELEM_BYTES));
  }

  stats(): { buffers: number; bytes: number } {
    return { buffers: this.liveBuffers, bytes: this.liveBytes };
  }

  /** Resolves when all recorded work has run on the device (benchmarks, tests). */
  sync(): Promise<void> {
    return this.rt.sync();
  }

  // ---- data movement ----
  copy(dst: Ref, src: Ref, n: number): void {
    checkCount('copy', 'n', n);
    const d = this.at(dst, n, 'copy dst');
    const s = this.at(src, n, 'copy src');
    if (n === 0 || (d.b === s.b && d.o === s.o)) return;
    // copyBufferToBuffer rejects source == destination: go through a temp (memmove semantics).
    const from = d.b === s.b ? this.readable(s, n, [d.b]) : s;
    this.rt.copy(from.b, from.o * ELEM_BYTES, d.b, d.o * ELEM_BYTES, n * ELEM_BYTES);
    this.done();
  }

  fill(dst: Ref, n: number, value: number): void {
    checkCount('fill', 'n', n);
    const d = this.at(dst, n, 'fill');
    this.rt.run('fill', {}, 'uuf', [n, d.o, value], [d.b], { threads: n });
  }

  copy2d(dst: Ref, dstLd: number, src: Ref, srcLd: number, rows: number, cols: number): void {
    const d = this.at2d(dst, rows, cols, dstLd, 'copy2d dst');
    const s0 = this.at2d(src, rows, cols, srcLd, 'copy2d src');
    const extent = rows === 0 || cols === 0 ? 0 : (rows - 1) * srcLd + cols;
    const s = this.readable(s0, extent, [d.b]);
    this.rt.run('copy2d', {}, 'uuuuuu', [rows, cols, dstLd, srcLd, d.o, s.o], [s.b, d.b], { threads: rows * cols });
    this.done();
  }

  takeRows(dst: Ref, src: Ref, idx: Int32Array, rowLen: number): void {
    checkCount('takeRows', 'rowLen', rowLen);
    const n = idx.length;
    const d = this.at(dst, n * rowLen, 'takeRows dst');
    const s0 = this.at(src, 0, 'takeRows src');
    if (n === 0 || rowLen === 0) return;
    const srcRows = Math.floor((src.buf.length - src.off) / rowLen);
    // Indices are host data: validate them before anything is written, as the C core does.
    const bad = idx.findIndex((i) => i < 0 || i >= srcRows);
    if (bad >= 0) throw new MXNetError(`takeRows: index ${idx[bad]} at position ${bad} is out of range [0, ${srcRows})`);
    const s = this.readable(s0, srcRows * rowLen, [d.b]);
    const ib = this.rt.acquire(n * 4);
    this.rt.write(ib, 0, idx);
    this.rt.run('take_rows', {}, 'uuuu', [n, rowLen, d.o, s.o], [s.b, ib, d.b], { threads: n * rowLen });
    this.rt.release(ib);
    this.done();
  }

  // ---- GEMM ----
  gemm(transA: boolean, transB: boolean, M: number, N: number, K: number, alpha: number,
    A: Ref, lda: number, B: Ref, ldb: number, beta: number, C: Ref, ldc: number): void {
    checkCount('gemm', 'M', M);
    checkCount('gemm', 'N', N);
    checkCount('gemm', 'K', K);
    const aRows = transA ? K : M, aCols = transA ? M : K, bRows = transB ? N : K, bCols = transB ? K : N;
    const a0 = this.at2d(A, aRows, aCols, lda, 'gemm A');
    const b0 = this.at2d(B, bRows, bCols, ldb, 'gemm B');
    const c = this.at2d(C, M, N, ldc, 'gemm C');
    if (M === 0 || N === 0) return;
    const a = this.readable(a0, aRows === 0 ? 0 : (aRows - 1) * lda + aCols, [c.b]);
    const b = this.readable(b0, bRows === 0 ? 0 : (bRows - 1) * ldb + bCols, [c.b]);
    this.rt.run('gemm', { TRANS_A: transA, TRANS_B: transB }, 'uuuuuuuuuff',
      [M, N, K, lda, ldb, ldc, a.o, b.o, c.o, alpha, beta], [a.b, b.b, c.b], [Math.ceil(N / 64), Math.ceil(M / 64)]);
    this.done();
  }

  // ---- element-wise ----
  unary(op: UnaryOp, x: Ref, y: Ref, n: number): void {
    const c = code(unaryCode, 'unary', op);
    checkCount(`unary ${op}`, 'n', n);
    const yo = this.at(y, n, `${op} y`);
    const xo = this.readable(this.at(x, n, `${op} x`), n, [yo.b]);
    this.rt.run('unary', { OP: c }, 'uuu', [n, xo.o, yo.o], [xo.b, yo.b], { threads: n });
    this.done();
  }

  unaryGrad(op: UnaryGradOp, x: Ref, y: Ref, dy: Ref, dx: Ref, n: number): void {
    const c = code(unaryGradCode, 'unaryGrad', op);
    checkCount(`unaryGrad ${op}`, 'n', n);
    const dxo = this.at(dx, n, `${op} grad dx`);
    // Only the operand the gradient reads must be valid; it is bound in both slots.
    const readsY = op === 'relu' || op === 'sigmoid' || op === 'tanh';
    const used = this.readable(readsY ? this.at(y, n, `${op} grad y`) : this.at(x, n, `${op} grad x`), n, [dxo.b]);
    const dyo = this.readable(this.at(dy, n, `${op} grad dy`), n, [dxo.b]);
    this.rt.run('unary_grad', { OP: c }, 'uuuuu', [n, used.o, used.o, dyo.o, dxo.o], [used.b, used.b, dyo.b, dxo.b], { threads: n });
    this.done();
  }

  binary(op: BinaryOp, a: Ref, b: Ref, y: Ref, n: number): void {
    const c = code(binaryCode, 'binary', op);
    checkCount(`binary ${op}`, 'n', n);
    const yo = this.at(y, n, `${op} y`);
    const ao = this.readable(this.at(a, n, `${op} a`), n, [yo.b]);
    const bo = this.readable(this.at(b, n, `${op} b`), n, [yo.b]);
    this.rt.run('binary', { OP: c }, 'uuuu', [n, ao.o, bo.o, yo.o], [ao.b, bo.b, yo.b], { threads: n });
    this.done();
  }

  scalar(op: ScalarOp, x: Ref, s: number, y: Ref, n: number): void {
    const c = code(scalarCode, 'scalar', op);
    checkCount(`scalar ${op}`, 'n', n);
    const yo = this.at(y, n, `scalar ${op} y`);
    const xo = this.readable(this.at(x, n, `scalar ${op} x`), n, [yo.b]);
    this.rt.run('scalar', { OP: c }, 'uuuf', [n, xo.o, yo.o, s], [xo.b, yo.b], { threads: n });
    this.done();
  }

  axpby(alpha: number, x: Ref, beta: number, y: Ref, n: number): void {
    checkCount('axpby', 'n', n);
    const yo = this.at(y, n, 'axpby y');
    const xo = this.readable(this.at(x, n, 'axpby x'), n, [yo.b]);
    this.rt.run('axpby', {}, 'uuuff', [n, xo.o, yo.o, alpha, beta], [xo.b, yo.b], { threads: n });
    this.done();
  }

  biasAdd(x: Ref, b: Ref, y: Ref, outer: number, C: number, inner: number): void {
    const n = this.volume('biasAdd', outer, C, inner);
    const yo = this.at(y, n, 'biasAdd y');
    const xo = this.readable(this.at(x, n, 'biasAdd x'), n, [yo.b]);
    const bo = this.readable(this.at(b, C, 'biasAdd bias'), C, [yo.b]);
    this.rt.run('bias_add', {}, 'uuuuuu', [n, C, Math.max(1, inner), xo.o, bo.o, yo.o], [xo.b, bo.b, yo.b], { threads: n });
    this.done();
  }

  clip(x: Ref, y: Ref, n: number, lo: number, hi: number): void {
    checkCount('clip', 'n', n);
    const yo = this.at(y, n, 'clip y');
    const xo = this.readable(this.at(x, n, 'clip x'), n, [yo.b]);
    this.rt.run('clip', {}, 'uuuff', [n, xo.o, yo.o, lo, hi], [xo.b, yo.b], { threads: n });
    this.done();
  }

  // ---- reductions ----
  sumAxis(x: Ref, y: Ref, outer: number, mid: number, inner: number, accumulate: boolean): void {
    const n = this.volume('sumAxis', outer, mid, inner);
    const yo = this.at(y, outer * inner, 'sumAxis y');
    const xo = this.readable(this.at(x, n, 'sumAxis x'), n, [yo.b]);
    if (outer * inner === 0) return this.done();
    if (inner === 1) {
      this.rt.run('sum_rows', {}, 'uuuuu', [outer, mid, xo.o, yo.o, accumulate ? 1 : 0], [xo.b, yo.b], [Math.min(outer, 65535)]);
    } else {
      this.rt.run('sum_axis', {}, 'uuuuuu', [outer, mid, inner, xo.o, yo.o, accumulate ? 1 : 0], [xo.b, yo.b], { threads: outer * inner });
    }
    this.done();
  }

  argmaxAxis(x: Ref, y: Ref, outer: number, mid: number, inner: number): void {
    const n = this.volume('argmaxAxis', outer, mid, inner);
    if (mid === 0 && outer * inner > 0) throw new MXNetError('argmaxAxis: cannot take argmax over an empty axis');
    const yo = this.at(y, outer * inner, 'argmaxAxis y');
    const xo = this.readable(this.at(x, n, 'argmaxAxis x'), n, [yo.b]);
    this.rt.run('argmax_axis', {}, 'uuuuu', [outer, mid, inner, xo.o, yo.o], [xo.b, yo.b], { threads: outer * inner });
    this.done();
  }

  // ---- softmax family ----
  softmax(x: Ref, y: Ref, outer: number, C: number, inner: number, temperature: number, log: boolean): void {
    const n = this.volume('softmax', outer, C, inner);
    const yo = this.at(y, n, 'softmax y');
    const xo = this.readable(this.at(x, n, 'softmax x'), n, [yo.b]);
    this.rt.run('softmax', { LOG: log }, 'uuuuuf', [outer, C, inner, xo.o, yo.o, 1 / temperature], [xo.b, yo.b],
      { threads: outer * inner });
    this.done();
  }

  softmaxGrad(y: Ref, dy: Ref, dx: Ref, outer: number, C: number, inner: number, temperature: number, log: boolean): void {
    const n = this.volume('softmaxGrad', outer, C, inner);
    const dxo = this.at(dx, n, 'softmaxGrad dx');
    const yo = this.readable(this.at(y, n, 'softmaxGrad y'), n, [dxo.b]);
    const dyo = this.readable(this.at(dy, n, 'softmaxGrad dy'), n, [dxo.b]);
    this.rt.run('softmax_grad', { LOG: log }, 'uuuuuuf', [outer, C, inner, yo.o, dyo.o, dxo.o, 1 / temperature],
      [yo.b, dyo.b, dxo.b], { threads: outer * inner });
    this.done();
  }

  softmaxOutputGrad(p: Ref, label: Ref, dx: Ref, outer: number, C: number, inner: number,
    params: SoftmaxOutputGradParams): void {
    const n = this.volume('softmaxOutputGrad', outer, C, inner);
    const rows = outer * inner;
    const dxo = this.at(dx, n, 'softmaxOutputGrad dx');
    const po = this.readable(this.at(p, n, 'softmaxOutputGrad p'), n, [dxo.b]);
    const lo = this.readable(this.at(label, rows, 'softmaxOutputGrad label'), rows, [dxo.b]);
    const ignore = Math.trunc(params.ignore_label);
    const smooth = params.smooth_alpha > 0;
    let factor = this.unusedOperand().b;
    if (params.normalize_valid) {
      factor = this.rt.acquire(4);
      this.rt.run('count_valid', {}, 'uuif', [rows, lo.o, ignore, params.scale], [lo.b, factor], [1]);
    }
    this.rt.run('softmax_output_grad', { VALID: params.normalize_valid }, 'uuuuuuiufff',
      [outer, C, inner, po.o, lo.o, dxo.o, ignore, params.use_ignore ? 1 : 0, params.scale, params.smooth_alpha,
        smooth ? Math.fround(params.smooth_alpha) / (C - 1) : 0],
      [po.b, lo.b, factor, dxo.b], { threads: rows });
    if (params.normalize_valid) this.rt.release(factor);
    this.done();
  }

  // ---- randomness ----
  randomUniform(y: Ref, n: number, low: number, high: number, key: number, counter: number): void {
    checkCount('randomUniform', 'n', n);
    const yo = this.at(y, n, 'randomUniform y');
    // high - low in float32, as the C kernel computes `range`.
    const range = Math.fround(Math.fround(high) - Math.fround(low));
    this.rt.run('random_uniform', {}, 'uuuuff', [n, yo.o, key >>> 0, counter >>> 0, low, range], [yo.b],
      { threads: Math.ceil(n / 4) });
  }

  randomNormal(y: Ref, n: number, mean: number, std: number, key: number, counter: number): void {
    checkCount('randomNormal', 'n', n);
    const yo = this.at(y, n, 'randomNormal y');
    this.rt.run('random_normal', {}, 'uuuuff', [n, yo.o, key >>> 0, counter >>> 0, mean, std], [yo.b],
      { threads: Math.ceil(n / 4) });
  }

  dropout(x: Ref, y: Ref, mask: Ref, n: number, keep: number, key: number, counter: number): void {
    checkCount('dropout', 'n', n);
    if (!(keep >= 0 && keep <= 1)) throw new MXNetError(`dropout: keep probability must be in [0, 1], got ${keep}`);
    const yo = this.at(y, n, 'dropout y');
    const mo = this.at(mask, n, 'dropout mask');
    if (yo.b === mo.b) throw new MXNetError('dropout: the output and the mask must be different buffers');
    const xo = this.readable(this.at(x, n, 'dropout x'), n, [yo.b, mo.b]);
    const inv = Math.fround(1 / Math.fround(keep));
    this.rt.run('dropout', {}, 'uuuuuuff', [n, xo.o, yo.o, mo.o, key >>> 0, counter >>> 0, keep, inv],
      [xo.b, yo.b, mo.b], { threads: Math.ceil(n / 4) });
    this.done();
  }

  // ---- optimizers ----
  sgdUpdate(w: Ref, g: Ref, mom: Ref | null, n: number, p: SGDParams): void {
    checkCount('sgdUpdate', 'n', n);
    const wo = this.at(w, n, 'sgdUpdate weight');
    const mo = mom ? this.at(mom, n, 'sgdUpdate mom') : this.unusedOperand();
    if (mom && mo.b === wo.b) throw new MXNetError('sgdUpdate: the weight and the momentum must be different buffers');
    const go = this.readable(this.at(g, n, 'sgdUpdate grad'), n, [wo.b, mo.b]);
    const clip = p.clip_gradient > 0 && Number.isFinite(p.clip_gradient) ? p.clip_gradient : -1;
    this.rt.run('sgd_update', { MOM: mom !== null }, 'uuuufffff',
      [n, wo.o, go.o, mo.o, p.lr, p.wd, mom ? p.momentum : 0, p.rescale_grad, clip], [go.b, wo.b, mo.b], { threads: n });
    this.done();
  }

  /** Release the device (its buffers become invalid). */
  destroy(): void {
    this.rt.destroy();
  }
}
