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
import { WebGpuFusionKernels } from './fusion.js';
import { WebGpuCnnKernels } from './cnn.js';
import { ELEM_BYTES, WebGpuBuffer, WebGpuOperands, type Win } from './operands.js';
import { gemmTileSizes, runs, tileExtents } from './gemm_tiles.js';
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
  readonly fusion: WebGpuFusionKernels;
  private liveBuffers = 0;
  private liveBytes = 0;

  /** @internal */
  constructor(rt: GpuRuntime) {
    super(rt);
    this.name = `webgpu:${rt.name}`;
    this.cnn = new WebGpuCnnKernels(this);
    this.optim = new WebGpuOptimKernels(this);
    this.check = new WebGpuCheckKernels(this);
    this.fusion = new WebGpuFusionKernels(this);
  }

  // ---- memory ----
  alloc(length: number, dtype: DType = 'float32'): DeviceBuffer {
    this.rt.check('alloc');
    checkCount('alloc', 'length', length);
    const bytes = Math.max(1, length) * ELEM_BYTES;
    if (bytes > this.rt.maxBufferBytes) {
      throw new MXNetError(`alloc: ${length} elements (${bytes} bytes) exceed this WebGPU device's largest buffer (${this.rt.maxBufferBytes} bytes)`);
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
    this.chunked('fill', n, [[d, 1]], ([w], c) => this.rt.run('fill', {}, 'uuf', [c, w!.o, value], [w!.b], { threads: c }));
  }

  copy2d(dst: Ref, dstLd: number, src: Ref, srcLd: number, rows: number, cols: number): void {
    const d = this.at2d(dst, rows, cols, dstLd, 'copy2d dst');
    const s0 = this.at2d(src, rows, cols, srcLd, 'copy2d src');
    const extent = rows === 0 || cols === 0 ? 0 : (rows - 1) * srcLd + cols;
    const s = this.readable(s0, extent, [d.b]);
    for (const [r0, rc] of this.split('copy2d', rows, [dstLd, srcLd])) {
      const ws = this.win(s, r0 * srcLd, (rc - 1) * srcLd + cols, 'copy2d src');
      const wd = this.win(d, r0 * dstLd, (rc - 1) * dstLd + cols, 'copy2d dst');
      this.rt.run('copy2d', {}, 'uuuuuu', [rc, cols, dstLd, srcLd, wd.o, ws.o], [ws.b, wd.b], { threads: rc * cols });
    }
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
    // Each window of src rows fills the dst rows whose index falls in it.
    for (const [r0, rc] of this.split('takeRows', srcRows, [rowLen])) {
      const ws = this.win(s, r0 * rowLen, rc * rowLen, 'takeRows src');
      this.chunked('takeRows', n, [[d, rowLen], [{ b: ib, o: 0 }, 1]], ([wd, wi], c) =>
        this.rt.run('take_rows', {}, 'uuuuuuu', [c, rowLen, wd!.o, ws.o, r0, rc, wi!.o], [ws.b, wi!.b, wd!.b], { threads: c * rowLen }));
    }
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
    const d = { transA, transB, M, N, K, lda, ldb, ldc };
    const t = gemmTileSizes(d, this.bindingElems());
    for (const [m0, mc] of runs(M, t.mc)) {
      for (const [n0, nc] of runs(N, t.nc)) {
        for (const [k0, kc] of runs(K, t.kc)) {
          const [ea, eb, ec] = tileExtents(d, mc, nc, kc);
          const wa = this.win(a, transA ? k0 * lda + m0 : m0 * lda + k0, ea, 'gemm A');
          const wb = this.win(b, transB ? n0 * ldb + k0 : k0 * ldb + n0, eb, 'gemm B');
          const wc = this.win(c, m0 * ldc + n0, ec, 'gemm C');
          // K blocks after the first accumulate onto the partial C.
          this.rt.run('gemm', { TRANS_A: transA, TRANS_B: transB }, 'uuuuuuuuuff',
            [mc, nc, kc, lda, ldb, ldc, wa.o, wb.o, wc.o, alpha, k0 === 0 ? beta : 1], [wa.b, wb.b, wc.b],
            [Math.ceil(nc / 64), Math.ceil(mc / 64)]);
        }
      }
    }
    this.done();
  }

  // ---- element-wise ----
  unary(op: UnaryOp, x: Ref, y: Ref, n: number): void {
    const c = code(unaryCode, 'unary', op);
    checkCount(`unary ${op}`, 'n', n);
    const yo = this.at(y, n, `${op} y`);
    const xo = this.readable(this.at(x, n, `${op} x`), n, [yo.b]);
    this.chunked(`unary ${op}`, n, [[xo, 1], [yo, 1]], ([wx, wy], k) =>
      this.rt.run('unary', { OP: c }, 'uuu', [k, wx!.o, wy!.o], [wx!.b, wy!.b], { threads: k }));
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
    this.chunked(`unaryGrad ${op}`, n, [[used, 1], [dyo, 1], [dxo, 1]], ([wu, wdy, wdx], k) =>
      this.rt.run('unary_grad', { OP: c }, 'uuuuu', [k, wu!.o, wu!.o, wdy!.o, wdx!.o], [wu!.b, wu!.b, wdy!.b, wdx!.b], { threads: k }));
    this.done();
  }

  binary(op: BinaryOp, a: Ref, b: Ref, y: Ref, n: number): void {
    const c = code(binaryCode, 'binary', op);
    checkCount(`binary ${op}`, 'n', n);
    const yo = this.at(y, n, `${op} y`);
    const ao = this.readable(this.at(a, n, `${op} a`), n, [yo.b]);
    const bo = this.readable(this.at(b, n, `${op} b`), n, [yo.b]);
    this.chunked(`binary ${op}`, n, [[ao, 1], [bo, 1], [yo, 1]], ([wa, wb, wy], k) =>
      this.rt.run('binary', { OP: c }, 'uuuu', [k, wa!.o, wb!.o, wy!.o], [wa!.b, wb!.b, wy!.b], { threads: k }));
    this.done();
  }

  scalar(op: ScalarOp, x: Ref, s: number, y: Ref, n: number): void {
    const c = code(scalarCode, 'scalar', op);
    checkCount(`scalar ${op}`, 'n', n);
    const yo = this.at(y, n, `scalar ${op} y`);
    const xo = this.readable(this.at(x, n, `scalar ${op} x`), n, [yo.b]);
    this.chunked(`scalar ${op}`, n, [[xo, 1], [yo, 1]], ([wx, wy], k) =>
      this.rt.run('scalar', { OP: c }, 'uuuf', [k, wx!.o, wy!.o, s], [wx!.b, wy!.b], { threads: k }));
    this.done();
  }

  axpby(alpha: number, x: Ref, beta: number, y: Ref, n: number): void {
    checkCount('axpby', 'n', n);
    const yo = this.at(y, n, 'axpby y');
    const xo = this.readable(this.at(x, n, 'axpby x'), n, [yo.b]);
    this.chunked('axpby', n, [[xo, 1], [yo, 1]], ([wx, wy], k) =>
      this.rt.run('axpby', {}, 'uuuff', [k, wx!.o, wy!.o, alpha, beta], [wx!.b, wy!.b], { threads: k }));
    this.done();
  }

  biasAdd(x: Ref, b: Ref, y: Ref, outer: number, C: number, inner: number): void {
    const n = this.volume('biasAdd', outer, C, inner);
    const yo = this.at(y, n, 'biasAdd y');
    const xo = this.readable(this.at(x, n, 'biasAdd x'), n, [yo.b]);
    const bo = this.readable(this.at(b, C, 'biasAdd bias'), C, [yo.b]);
    const wb = this.win(bo, 0, C, 'biasAdd bias');
    // Runs start at whole [C, inner] blocks, so the shader's channel index (i / inner) % C stays right.
    this.chunked('biasAdd', outer, [[xo, C * inner], [yo, C * inner]], ([wx, wy], k) =>
      this.rt.run('bias_add', {}, 'uuuuuu', [k * C * inner, C, Math.max(1, inner), wx!.o, wb.o, wy!.o], [wx!.b, wb.b, wy!.b],
        { threads: k * C * inner }));
    this.done();
  }

  clip(x: Ref, y: Ref, n: number, lo: number, hi: number): void {
    checkCount('clip', 'n', n);
    const yo = this.at(y, n, 'clip y');
    const xo = this.readable(this.at(x, n, 'clip x'), n, [yo.b]);
    this.chunked('clip', n, [[xo, 1], [yo, 1]], ([wx, wy], k) =>
      this.rt.run('clip', {}, 'uuuff', [k, wx!.o, wy!.o, lo, hi], [wx!.b, wy!.b], { threads: k }));
    this.done();
  }

  // ---- reductions ----
  sumAxis(x: Ref, y: Ref, outer: number, mid: number, inner: number, accumulate: boolean): void {
    const n = this.volume('sumAxis', outer, mid, inner);
    const yo = this.at(y, outer * inner, 'sumAxis y');
    const xo = this.readable(this.at(x, n, 'sumAxis x'), n, [yo.b]);
    if (outer * inner === 0) return this.done();
    const sum = (wx: Win, wy: Win, k: number, m: number, acc: boolean) => {
      if (inner === 1) {
        this.rt.run('sum_rows', {}, 'uuuuu', [k, m, wx.o, wy.o, acc ? 1 : 0], [wx.b, wy.b], [Math.min(k, 65535)]);
      } else {
        this.rt.run('sum_axis', {}, 'uuuuuu', [k, m, inner, wx.o, wy.o, acc ? 1 : 0], [wx.b, wy.b], { threads: k * inner });
      }
    };
    if (mid * inner <= this.bindingElems()) {
      this.chunked('sumAxis', outer, [[xo, mid * inner], [yo, inner]], ([wx, wy], k) => sum(wx!, wy!, k, mid, accumulate));
    } else {
      // One [mid, inner] block exceeds a binding: each row is summed in runs of mid, later runs adding onto
      // the partial sums in y (the float32 order differs from one pass, as between any two reductions).
      for (let o = 0; o < outer; o++) {
        const wy = this.win(yo, o * inner, inner, 'sumAxis y');
        for (const [m0, mc] of this.split('sumAxis', mid, [inner])) {
          sum(this.win(xo, (o * mid + m0) * inner, mc * inner, 'sumAxis x'), wy, 1, mc, accumulate || m0 > 0);
        }
      }
    }
    this.done();
  }

  argmaxAxis(x: Ref, y: Ref, outer: number, mid: number, inner: number): void {
    const n = this.volume('argmaxAxis', outer, mid, inner);
    if (mid === 0 && outer * inner > 0) throw new MXNetError('argmaxAxis: cannot take argmax over an empty axis');
    const yo = this.at(y, outer * inner, 'argmaxAxis y');
    const xo = this.readable(this.at(x, n, 'argmaxAxis x'), n, [yo.b]);
    this.chunked('argmaxAxis', outer, [[xo, mid * inner], [yo, inner]], ([wx, wy], k) =>
      this.rt.run('argmax_axis', {}, 'uuuuu', [k, mid, inner, wx!.o, wy!.o], [wx!.b, wy!.b], { threads: k * inner }));
    this.done();
  }

  // ---- softmax family ----
  softmax(x: Ref, y: Ref, outer: number, C: number, inner: number, temperature: number, log: boolean): void {
    const n = this.volume('softmax', outer, C, inner);
    const yo = this.at(y, n, 'softmax y');
    const xo = this.readable(this.at(x, n, 'softmax x'), n, [yo.b]);
    this.chunked('softmax', outer, [[xo, C * inner], [yo, C * inner]], ([wx, wy], k) =>
      this.rt.run('softmax', { LOG: log }, 'uuuuuf', [k, C, inner, wx!.o, wy!.o, 1 / temperature], [wx!.b, wy!.b],
        { threads: k * inner }));
    this.done();
  }

  softmaxGrad(y: Ref, dy: Ref, dx: Ref, outer: number, C: number, inner: number, temperature: number, log: boolean): void {
    const n = this.volume('softmaxGrad', outer, C, inner);
    const dxo = this.at(dx, n, 'softmaxGrad dx');
    const yo = this.readable(this.at(y, n, 'softmaxGrad y'), n, [dxo.b]);
    const dyo = this.readable(this.at(dy, n, 'softmaxGrad dy'), n, [dxo.b]);
    this.chunked('softmaxGrad', outer, [[yo, C * inner], [dyo, C * inner], [dxo, C * inner]], ([wy, wdy, wdx], k) =>
      this.rt.run('softmax_grad', { LOG: log }, 'uuuuuuf', [k, C, inner, wy!.o, wdy!.o, wdx!.o, 1 / temperature],
        [wy!.b, wdy!.b, wdx!.b], { threads: k * inner }));
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
      // The valid count spans every row, so the labels are bound whole here (they are far smaller than p).
      factor = this.rt.acquire(4);
      const wl = this.win(lo, 0, rows, 'softmaxOutputGrad label');
      this.rt.run('count_valid', {}, 'uuif', [rows, wl.o, ignore, params.scale], [wl.b, factor], [1]);
    }
    this.chunked('softmaxOutputGrad', outer, [[po, C * inner], [lo, inner], [dxo, C * inner]], ([wp, wl, wdx], k) =>
      this.rt.run('softmax_output_grad', { VALID: params.normalize_valid }, 'uuuuuuiufff',
        [k, C, inner, wp!.o, wl!.o, wdx!.o, ignore, params.use_ignore ? 1 : 0, params.scale, params.smooth_alpha,
          smooth ? Math.fround(params.smooth_alpha) / (C - 1) : 0],
        [wp!.b, wl!.b, factor, wdx!.b], { threads: k * inner }));
    if (params.normalize_valid) this.rt.release(factor);
    this.done();
  }

  // ---- randomness ----
  randomUniform(y: Ref, n: number, low: number, high: number, key: number, counter: number): void {
    checkCount('randomUniform', 'n', n);
    const yo = this.at(y, n, 'randomUniform y');
    // high - low in float32, as the C kernel computes `range`.
    const range = Math.fround(Math.fround(high) - Math.fround(low));
    this.blocks('randomUniform', n, [yo], counter, (n4, [w], ctr) =>
      this.rt.run('random_uniform', {}, 'uuuuff', [n4, w!.o, key >>> 0, ctr, low, range], [w!.b], { threads: Math.ceil(n4 / 4) }));
  }

  randomNormal(y: Ref, n: number, mean: number, std: number, key: number, counter: number): void {
    checkCount('randomNormal', 'n', n);
    const yo = this.at(y, n, 'randomNormal y');
    this.blocks('randomNormal', n, [yo], counter, (n4, [w], ctr) =>
      this.rt.run('random_normal', {}, 'uuuuff', [n4, w!.o, key >>> 0, ctr, mean, std], [w!.b], { threads: Math.ceil(n4 / 4) }));
  }

  dropout(x: Ref, y: Ref, mask: Ref, n: number, keep: number, key: number, counter: number): void {
    checkCount('dropout', 'n', n);
    if (!(keep >= 0 && keep <= 1)) throw new MXNetError(`dropout: keep probability must be in [0, 1], got ${keep}`);
    const yo = this.at(y, n, 'dropout y');
    const mo = this.at(mask, n, 'dropout mask');
    if (yo.b === mo.b) throw new MXNetError('dropout: the output and the mask must be different buffers');
    const xo = this.readable(this.at(x, n, 'dropout x'), n, [yo.b, mo.b]);
    const inv = Math.fround(1 / Math.fround(keep));
    this.blocks('dropout', n, [xo, yo, mo], counter, (n4, [wx, wy, wm], ctr) =>
      this.rt.run('dropout', {}, 'uuuuuuff', [n4, wx!.o, wy!.o, wm!.o, key >>> 0, ctr, keep, inv],
        [wx!.b, wy!.b, wm!.b], { threads: Math.ceil(n4 / 4) }));
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
    this.chunked('sgdUpdate', n, [[go, 1], [wo, 1], [mo, mom ? 1 : 0]], ([wg, ww, wm], k) =>
      this.rt.run('sgd_update', { MOM: mom !== null }, 'uuuufffff',
        [k, ww!.o, wg!.o, wm!.o, p.lr, p.wd, mom ? p.momentum : 0, p.rescale_grad, clip], [wg!.b, ww!.b, wm!.b], { threads: k }));
    this.done();
  }

  /** Release the device (its buffers become invalid). */
  destroy(): void {
    this.rt.destroy();
  }
}
