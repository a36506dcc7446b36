// The cpu Backend: device memory is malloc'd blocks of the wasm heap, kernels are the C++ core's
// exports. Every Ref and length is checked here first, because a bad pointer inside wasm would
// silently corrupt the heap instead of failing.

import { MXNetError } from '../../base.js';
import type { DType } from '../../dtype.js';
import type {
  Backend, BinaryOp, DeviceBuffer, Ref, ScalarOp, SGDParams, SoftmaxOutputGradParams, UnaryGradOp, UnaryOp,
} from '../backend.js';
import type { MxjsExports } from './exports.js';
import { binaryCode, scalarCode, unaryCode, unaryGradCode } from './opcodes.js';
import { WasmCnnKernels } from './cnn.js';
import { WasmOptimKernels } from './optim.js';
import { WasmCheckKernels } from './check.js';
import { WasmFusionKernels } from './fusion.js';

/** Every element is stored as a float32 (4 bytes) whatever the dtype tag: the kernels compute in float32. */
const ELEM_BYTES = 4;
const MAX_BYTES = 2 ** 32 - 2 ** 16;
/** Multiply-adds from which a GEMM is split across threads (kParallelWork in core/kernels/gemm_blocks.h). */
const HEAVY_GEMM = 1 << 19;
/** Index scratch blocks up to this size are kept for reuse between takeRows calls. */
const SCRATCH_KEEP_BYTES = 1 << 20;

class WasmBuffer implements DeviceBuffer {
  disposed = false;
  constructor(readonly backend: WasmBackend, readonly ptr: number, readonly length: number, readonly dtype: DType) {}
}

export function checkCount(what: string, name: string, v: number): void {
  if (!Number.isInteger(v) || v < 0) throw new MXNetError(`${what}: ${name} must be a non-negative integer, got ${v}`);
}

/** An error label of a kernel operand ("relu x"), joined only when an error is thrown. */
function label(what: string, part: string | undefined): string {
  return part === undefined ? what : `${what} ${part}`;
}

function code<T extends string>(table: ReadonlyMap<T, number>, what: string, op: T): number {
  const c = table.get(op);
  if (c === undefined) throw new MXNetError(`${what}: unknown op '${op}'; known: ${[...table.keys()].join(', ')}`);
  return c;
}

export class WasmBackend implements Backend {
  readonly name = 'wasm';
  readonly cnn: WasmCnnKernels = new WasmCnnKernels(this);
  readonly optim: WasmOptimKernels = new WasmOptimKernels(this);
  readonly check: WasmCheckKernels = new WasmCheckKernels(this);
  readonly fusion: WasmFusionKernels = new WasmFusionKernels(this);
  private liveBuffers = 0;
  private liveBytes = 0;
  private heapBuffer: ArrayBuffer | undefined;
  private heap = new Float32Array(0);
  private scratchPtr = 0;
  private scratchBytes = 0;
  /** @internal Called before a kernel large enough for several threads (the pool starts its workers then). */
  onHeavyKernel: (() => void) | undefined;

  /** @internal kernel families (src/backends/wasm/<family>.ts) call the exports directly */
  constructor(readonly ex: MxjsExports) {}

  // ---- memory ----
  alloc(length: number, dtype: DType = 'float32'): DeviceBuffer {
    checkCount('alloc', 'length', length);
    const bytes = Math.max(1, length) * ELEM_BYTES;
    if (bytes > MAX_BYTES) throw new MXNetError(`alloc: ${length} elements exceed the 4 GiB WebAssembly address space`);
    const ptr = this.ex.mx_malloc(bytes) >>> 0;
    if (ptr === 0) throw new MXNetError(`alloc: out of WebAssembly memory allocating ${bytes} bytes (${length} elements)`);
    this.liveBuffers++;
    this.liveBytes += bytes;
    return new WasmBuffer(this, ptr, length, dtype);
  }

  free(buf: DeviceBuffer): void {
    const b = this.own(buf, 'free');
    this.ex.mx_free(b.ptr);
    b.disposed = true;
    this.liveBuffers--;
    this.liveBytes -= Math.max(1, b.length) * ELEM_BYTES;
  }

  upload(dst: Ref, src: ArrayLike<number> & { readonly length: number }): void {
    const p = this.addr(dst, src.length, 'upload');
    this.f32().set(src, p >>> 2);
  }

  /** @internal Write int32 kernel arguments (shapes, strides) at byte address `ptr` of the heap. */
  writeInts(ptr: number, values: Int32Array): void {
    new Int32Array(this.ex.memory.buffer, ptr, values.length).set(values);
  }

  readonly downloadSync = (src: Ref, n: number): Float32Array => {
    checkCount('download', 'n', n);
    const p = this.addr(src, n, 'download') >>> 2;
    return this.f32().slice(p, p + n);
  };

  download(src: Ref, n: number): Promise<Float32Array> {
    try {
      return Promise.resolve(this.downloadSync(src, n));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  stats(): { buffers: number; bytes: number } {
    return { buffers: this.liveBuffers, bytes: this.liveBytes };
  }

  // ---- data movement ----
  copy(dst: Ref, src: Ref, n: number): void {
    checkCount('copy', 'n', n);
    this.ex.mx_copy(this.addr(dst, n, 'copy dst'), this.addr(src, n, 'copy src'), n);
  }

  copyFrom(dst: Ref, src: Ref, n: number): boolean {
    const other = src.buf.backend;
    if (!(other instanceof WasmBackend) || other.ex.memory !== this.ex.memory) return false;
    checkCount('copy', 'n', n);
    const s = other.addr(src, n, 'copy src'), d = this.addr(dst, n, 'copy dst');
    other.hostAccess();
    this.hostAccess();
    new Uint8Array(this.ex.memory.buffer).copyWithin(d, s, s + n * ELEM_BYTES);
    return true;
  }

  /** @internal Called before this thread touches the heap directly; a backend whose kernels run elsewhere waits for them. */
  hostAccess(): void {}

  fill(dst: Ref, n: number, value: number): void {
    checkCount('fill', 'n', n);
    this.ex.mx_fill(this.addr(dst, n, 'fill'), n, value);
  }

  copy2d(dst: Ref, dstLd: number, src: Ref, srcLd: number, rows: number, cols: number): void {
    const d = this.addr2d(dst, rows, cols, dstLd, 'copy2d dst');
    const s = this.addr2d(src, rows, cols, srcLd, 'copy2d src');
    this.ex.mx_copy2d(d, dstLd, s, srcLd, rows, cols);
  }

  takeRows(dst: Ref, src: Ref, idx: Int32Array, rowLen: number): void {
    checkCount('takeRows', 'rowLen', rowLen);
    const n = idx.length;
    const d = this.addr(dst, n * rowLen, 'takeRows dst');
    const s = this.addr(src, 0, 'takeRows src');
    if (n === 0 || rowLen === 0) return;
    const srcRows = Math.floor((src.buf.length - src.off) / rowLen);
    const ip = this.scratch(n * 4);
    new Int32Array(this.ex.memory.buffer, ip, n).set(idx);
    const bad = this.ex.mx_take_rows(d, s, ip, n, rowLen, srcRows);
    // A huge index list (e.g. a float16 checkpoint decoded through a lookup table) must not pin memory.
    if (this.scratchBytes > SCRATCH_KEEP_BYTES) this.releaseScratch();
    if (bad >= 0) {
      throw new MXNetError(`takeRows: index ${idx[bad]} at position ${bad} is out of range [0, ${srcRows})`);
    }
  }

  // ---- GEMM ----
  gemm(transA: boolean, transB: boolean, M: number, N: number, K: number, alpha: number,
    A: Ref, lda: number, B: Ref, ldb: number, beta: number, C: Ref, ldc: number): void {
    checkCount('gemm', 'M', M);
    checkCount('gemm', 'N', N);
    checkCount('gemm', 'K', K);
    const a = this.addr2d(A, transA ? K : M, transA ? M : K, lda, 'gemm A');
    const b = this.addr2d(B, transB ? N : K, transB ? K : N, ldb, 'gemm B');
    const c = this.addr2d(C, M, N, ldc, 'gemm C');
    if (M === 0 || N === 0) return;
    if (this.onHeavyKernel && M * N * K >= HEAVY_GEMM) this.onHeavyKernel();
    this.ex.mx_gemm(transA ? 1 : 0, transB ? 1 : 0, M, N, K, alpha, a, lda, b, ldb, beta, c, ldc);
  }

  // ---- element-wise ----
  unary(op: UnaryOp, x: Ref, y: Ref, n: number): void {
    const c = code(unaryCode, 'unary', op);
    if (!Number.isInteger(n) || n < 0) checkCount(`unary ${op}`, 'n', n);
    this.ex.mx_unary(c, this.addr(x, n, op, 'x'), this.addr(y, n, op, 'y'), n);
  }

  unaryGrad(op: UnaryGradOp, x: Ref, y: Ref, dy: Ref, dx: Ref, n: number): void {
    const c = code(unaryGradCode, 'unaryGrad', op);
    checkCount(`unaryGrad ${op}`, 'n', n);
    // Only the operand the gradient reads must be valid; the other may be any Ref of the right size.
    const readsY = op === 'relu' || op === 'sigmoid' || op === 'tanh';
    const xp = readsY ? 0 : this.addr(x, n, `${op} grad x`);
    const yp = readsY ? this.addr(y, n, `${op} grad y`) : 0;
    this.ex.mx_unary_grad(c, xp, yp, this.addr(dy, n, `${op} grad dy`), this.addr(dx, n, `${op} grad dx`), n);
  }

  binary(op: BinaryOp, a: Ref, b: Ref, y: Ref, n: number): void {
    const c = code(binaryCode, 'binary', op);
    if (!Number.isInteger(n) || n < 0) checkCount(`binary ${op}`, 'n', n);
    this.ex.mx_binary(c, this.addr(a, n, op, 'a'), this.addr(b, n, op, 'b'), this.addr(y, n, op, 'y'), n);
  }

  scalar(op: ScalarOp, x: Ref, s: number, y: Ref, n: number): void {
    const c = code(scalarCode, 'scalar', op);
    if (!Number.isInteger(n) || n < 0) checkCount(`scalar ${op}`, 'n', n);
    this.ex.mx_scalar(c, this.addr(x, n, `scalar ${op}`, 'x'), s, this.addr(y, n, `scalar ${op}`, 'y'), n);
  }

  axpby(alpha: number, x: Ref, beta: number, y: Ref, n: number): void {
    checkCount('axpby', 'n', n);
    this.ex.mx_axpby(alpha, this.addr(x, n, 'axpby x'), beta, this.addr(y, n, 'axpby y'), n);
  }

  biasAdd(x: Ref, b: Ref, y: Ref, outer: number, C: number, inner: number): void {
    const n = this.volume('biasAdd', outer, C, inner);
    this.ex.mx_bias_add(this.addr(x, n, 'biasAdd x'), this.addr(b, C, 'biasAdd bias'), this.addr(y, n, 'biasAdd y'),
      outer, C, inner);
  }

  clip(x: Ref, y: Ref, n: number, lo: number, hi: number): void {
    checkCount('clip', 'n', n);
    this.ex.mx_clip(this.addr(x, n, 'clip x'), this.addr(y, n, 'clip y'), n, lo, hi);
  }

  // ---- reductions ----
  sumAxis(x: Ref, y: Ref, outer: number, mid: number, inner: number, accumulate: boolean): void {
    const n = this.volume('sumAxis', outer, mid, inner);
    this.ex.mx_sum_axis(this.addr(x, n, 'sumAxis x'), this.addr(y, outer * inner, 'sumAxis y'), outer, mid, inner,
      accumulate ? 1 : 0);
  }

  argmaxAxis(x: Ref, y: Ref, outer: number, mid: number, inner: number): void {
    const n = this.volume('argmaxAxis', outer, mid, inner);
    if (mid === 0 && outer * inner > 0) throw new MXNetError('argmaxAxis: cannot take argmax over an empty axis');
    this.ex.mx_argmax_axis(this.addr(x, n, 'argmaxAxis x'), this.addr(y, outer * inner, 'argmaxAxis y'), outer, mid,
      inner);
  }

  // ---- softmax family ----
  softmax(x: Ref, y: Ref, outer: number, C: number, inner: number, temperature: number, log: boolean): void {
    const n = this.volume('softmax', outer, C, inner);
    this.ex.mx_softmax(this.addr(x, n, 'softmax x'), this.addr(y, n, 'softmax y'), outer, C, inner, temperature,
      log ? 1 : 0);
  }

  softmaxGrad(y: Ref, dy: Ref, dx: Ref, outer: number, C: number, inner: number, temperature: number,
    log: boolean): void {
    const n = this.volume('softmaxGrad', outer, C, inner);
    this.ex.mx_softmax_grad(this.addr(y, n, 'softmaxGrad y'), this.addr(dy, n, 'softmaxGrad dy'),
      this.addr(dx, n, 'softmaxGrad dx'), outer, C, inner, temperature, log ? 1 : 0);
  }

  softmaxOutputGrad(p: Ref, label: Ref, dx: Ref, outer: number, C: number, inner: number,
    params: SoftmaxOutputGradParams): void {
    const n = this.volume('softmaxOutputGrad', outer, C, inner);
    this.ex.mx_softmax_output_grad(this.addr(p, n, 'softmaxOutputGrad p'),
      this.addr(label, outer * inner, 'softmaxOutputGrad label'), this.addr(dx, n, 'softmaxOutputGrad dx'),
      outer, C, inner, params.scale, params.ignore_label, params.use_ignore ? 1 : 0, params.smooth_alpha,
      params.normalize_valid ? 1 : 0);
  }

  // ---- randomness ----
  randomUniform(y: Ref, n: number, low: number, high: number, key: number, counter: number): void {
    checkCount('randomUniform', 'n', n);
    this.ex.mx_random_uniform(this.addr(y, n, 'randomUniform y'), n, low, high, key >>> 0, counter >>> 0);
  }

  randomNormal(y: Ref, n: number, mean: number, std: number, key: number, counter: number): void {
    checkCount('randomNormal', 'n', n);
    this.ex.mx_random_normal(this.addr(y, n, 'randomNormal y'), n, mean, std, key >>> 0, counter >>> 0);
  }

  dropout(x: Ref, y: Ref, mask: Ref, n: number, keep: number, key: number, counter: number): void {
    checkCount('dropout', 'n', n);
    // keep = 0 (p = 1) is allowed: no u < 0 exists, so mask and output are all zero.
    if (!(keep >= 0 && keep <= 1)) throw new MXNetError(`dropout: keep probability must be in [0, 1], got ${keep}`);
    this.ex.mx_dropout(this.addr(x, n, 'dropout x'), this.addr(y, n, 'dropout y'), this.addr(mask, n, 'dropout mask'),
      n, keep, key >>> 0, counter >>> 0);
  }

  // ---- optimizers ----
  sgdUpdate(w: Ref, g: Ref, mom: Ref | null, n: number, p: SGDParams): void {
    checkCount('sgdUpdate', 'n', n);
    const clip = p.clip_gradient > 0 && Number.isFinite(p.clip_gradient) ? p.clip_gradient : -1;
    this.ex.mx_sgd_update(this.addr(w, n, 'sgdUpdate weight'), this.addr(g, n, 'sgdUpdate grad'),
      mom ? this.addr(mom, n, 'sgdUpdate mom') : 0, n, p.lr, p.wd, mom ? p.momentum : 0, p.rescale_grad, clip);
  }

  // ---- helpers ----

  /** The heap as float32, re-created whenever memory has grown (growth detaches the old buffer). */
  private f32(): Float32Array {
    const buf = this.ex.memory.buffer;
    if (buf !== this.heapBuffer) {
      this.heapBuffer = buf;
      this.heap = new Float32Array(buf);
    }
    return this.heap;
  }

  private own(buf: DeviceBuffer, what: string): WasmBuffer {
    if (!(buf instanceof WasmBuffer) || buf.backend !== this) {
      throw new MXNetError(`${what}: the buffer belongs to the '${buf.backend?.name}' backend, not this wasm backend`);
    }
    if (buf.disposed) throw new MXNetError(`${what}: the buffer was already freed`);
    return buf;
  }

  /** Byte address of `ref` after checking that `n` elements from it lie inside its live buffer. */
  /** @internal */
  addr(ref: Ref, n: number, what: string, part?: string): number {
    const buf = ref.buf;
    // The common case first, without building the label: per-op strings would be garbage on every call.
    if (!(buf instanceof WasmBuffer) || buf.backend !== this || buf.disposed) this.own(buf, label(what, part));
    const b = buf as WasmBuffer;
    const off = ref.off;
    if (!Number.isInteger(off) || off < 0 || off + n > b.length) {
      throw new MXNetError(`${label(what, part)}: elements [${off}, ${off + n}) are outside the buffer of length ${b.length}`);
    }
    return b.ptr + off * ELEM_BYTES;
  }

  /** Like addr() for a rows×cols matrix with leading dimension ld. */
  /** @internal */
  addr2d(ref: Ref, rows: number, cols: number, ld: number, what: string): number {
    checkCount(what, 'rows', rows);
    checkCount(what, 'cols', cols);
    if (!Number.isInteger(ld) || ld < cols) {
      throw new MXNetError(`${what}: leading dimension ${ld} must be an integer >= the ${cols} columns`);
    }
    const extent = rows === 0 || cols === 0 ? 0 : (rows - 1) * ld + cols;
    return this.addr(ref, extent, what);
  }

  /** @internal */
  volume(what: string, outer: number, mid: number, inner: number): number {
    checkCount(what, 'outer', outer);
    checkCount(what, 'mid', mid);
    checkCount(what, 'inner', inner);
    return outer * mid * inner;
  }

  /** A reusable block for host-side index arrays; grown on demand, never handed out. */
  private scratch(bytes: number): number {
    if (bytes > this.scratchBytes) {
      this.releaseScratch();
      const size = Math.max(bytes, 2 * this.scratchBytes, 1024);
      this.scratchPtr = this.ex.mx_malloc(size) >>> 0;
      if (this.scratchPtr === 0) {
        this.scratchBytes = 0;
        throw new MXNetError(`takeRows: out of WebAssembly memory for ${bytes} bytes of indices`);
      }
      this.scratchBytes = size;
    }
    return this.scratchPtr;
  }

  private releaseScratch(): void {
    if (this.scratchPtr) this.ex.mx_free(this.scratchPtr);
    this.scratchPtr = 0;
    this.scratchBytes = 0;
  }
}
