// mx.nd.NDArray: a shaped view (offset + shape) of reference-counted device storage on one context.
// Arithmetic goes through the owning backend's kernels; nothing here loops over elements in JS.

import { MXNetError, prod, sameShape, shapeStr } from '../base.js';
import { Context, current_context } from '../context.js';
import type { DType } from '../dtype.js';
import type { Backend, BinaryOp, DeviceBuffer, Ref, ScalarOp, UnaryOp } from '../backends/backend.js';
import { backendFor } from '../backends/registry.js';

/** Shared storage; views (reshape, slices along axis 0) hold a reference each. */
class Storage {
  refs = 1;
  constructor(readonly buf: DeviceBuffer) {}
  retain(): this {
    this.refs++;
    return this;
  }
  release(): void {
    if (--this.refs === 0) this.buf.backend.free(this.buf);
  }
}

export type Shape = number[];

export class NDArray {
  readonly shape: Shape;
  readonly dtype: DType;
  readonly context: Context;
  /** @internal */ readonly _storage: Storage;
  /** @internal offset in elements into the storage */ readonly _off: number;
  private _disposed = false;
  /** The Ref handed to kernels, made once: forward passes read it for every operand of every op. */
  private _refCache: Ref | undefined;

  /** @internal use mx.nd.array / zeros / empty to create arrays */
  constructor(storage: Storage, off: number, shape: Shape, dtype: DType, ctx: Context) {
    this._storage = storage;
    this._off = off;
    this.shape = shape;
    this.dtype = dtype;
    this.context = ctx;
  }

  /** @internal allocate uninitialised storage */
  static _empty(shape: readonly number[], ctx: Context = current_context(), dtype: DType = 'float32'): NDArray {
    for (const d of shape) {
      if (!Number.isInteger(d) || d < 0) throw new MXNetError(`invalid shape ${shapeStr(shape)}: dims must be non-negative integers`);
    }
    const backend = backendFor(ctx);
    const buf = backend.alloc(Math.max(1, prod(shape)), dtype);
    return new NDArray(new Storage(buf), 0, [...shape], dtype, ctx);
  }

  get size(): number {
    return prod(this.shape);
  }
  get ndim(): number {
    return this.shape.length;
  }
  get disposed(): boolean {
    return this._disposed;
  }
  /** @internal */
  get backend(): Backend {
    return this._storage.buf.backend;
  }
  /** @internal the kernel-level reference to this array's first element */
  get ref(): Ref {
    if (this._disposed) throw new MXNetError(`NDArray ${shapeStr(this.shape)} used after dispose()`);
    return (this._refCache ??= { buf: this._storage.buf, off: this._off });
  }

  /** Copy the contents to the host as a typed array (row-major). */
  async asnumpy(): Promise<Float32Array> {
    return this.backend.download(this.ref, this.size);
  }

  /** @internal synchronous read-back, only on backends that can (cpu/wasm). */
  _dataSync(): Float32Array {
    const f = this.backend.downloadSync;
    if (!f) throw new MXNetError(`synchronous read of an NDArray on ${this.context} is not possible; use await asnumpy()`);
    return f(this.ref, this.size);
  }

  /** A scalar value from a one-element array (Python's asscalar). */
  async asscalar(): Promise<number> {
    if (this.size !== 1) throw new MXNetError(`asscalar() needs an array of size 1, got shape ${shapeStr(this.shape)}`);
    return (await this.asnumpy())[0]!;
  }

  /** Release device memory now; using the array afterwards is an error. Safe to call twice. */
  dispose(): void {
    if (this._disposed) return;
    this._disposed = true;
    this._storage.release();
  }

  /** Copy into another array (same shape) or onto another context (a new array). */
  copyto(other: NDArray | Context): NDArray {
    if (other instanceof Context) {
      const out = NDArray._empty(this.shape, other, this.dtype);
      copyInto(out, this);
      return out;
    }
    if (!sameShape(other.shape, this.shape)) {
      throw new MXNetError(`copyto: shape mismatch, source ${shapeStr(this.shape)} vs target ${shapeStr(other.shape)}`);
    }
    copyInto(other, this);
    return other;
  }

  as_in_context(ctx: Context): NDArray {
    return this.context.equals(ctx) ? this : this.copyto(ctx);
  }

  copy(): NDArray {
    return this.copyto(this.context);
  }

  /** A view with a new shape sharing this array's memory (MXNet's special codes 0 and -1 accepted). */
  reshape(...shape: (number | readonly number[])[]): NDArray {
    const spec = (shape.length === 1 && Array.isArray(shape[0]) ? shape[0] : shape) as readonly number[];
    const out = resolveReshape(this.shape, spec);
    if (prod(out) !== this.size) {
      throw new MXNetError(`cannot reshape array of shape ${shapeStr(this.shape)} into ${shapeStr(out)}`);
    }
    return new NDArray(this._storage.retain(), this._off, out, this.dtype, this.context);
  }

  /** Rows [begin, end) along axis 0 as a view sharing memory (Python's arr[begin:end]). */
  slice(begin: number, end: number): NDArray {
    const n = this.shape[0] ?? 0;
    if (!(begin >= 0 && end <= n && begin <= end)) {
      throw new MXNetError(`slice [${begin}:${end}] out of range for axis 0 of size ${n}`);
    }
    const row = this.size / Math.max(1, n);
    return new NDArray(this._storage.retain(), this._off + begin * row, [end - begin, ...this.shape.slice(1)], this.dtype, this.context);
  }

  /** Fill with a scalar or copy a same-shaped array / host data in (Python's arr[:] = value). */
  set(value: number | NDArray | ArrayLike<number>): this {
    if (typeof value === 'number') this.backend.fill(this.ref, this.size, value);
    else if (value instanceof NDArray) value.copyto(this);
    else {
      if (value.length !== this.size) throw new MXNetError(`set: expected ${this.size} values for shape ${shapeStr(this.shape)}, got ${value.length}`);
      this.backend.upload(this.ref, value);
    }
    return this;
  }

  // ---- arithmetic (new arrays) ----
  add(o: NDArray | number): NDArray { return binaryOrScalar(this, o, 'add', 'add'); }
  sub(o: NDArray | number): NDArray { return binaryOrScalar(this, o, 'sub', 'sub'); }
  mul(o: NDArray | number): NDArray { return binaryOrScalar(this, o, 'mul', 'mul'); }
  div(o: NDArray | number): NDArray { return binaryOrScalar(this, o, 'div', 'div'); }
  pow(o: NDArray | number): NDArray { return binaryOrScalar(this, o, 'pow', 'pow'); }
  maximum(o: NDArray | number): NDArray { return binaryOrScalar(this, o, 'max', 'max'); }
  minimum(o: NDArray | number): NDArray { return binaryOrScalar(this, o, 'min', 'min'); }
  rsub(s: number): NDArray { return scalarOp(this, s, 'rsub'); }
  rdiv(s: number): NDArray { return scalarOp(this, s, 'rdiv'); }
  neg(): NDArray { return unaryOp(this, 'neg'); }

  // ---- in-place arithmetic (Python's +=, -=, *=, /=) ----
  iadd(o: NDArray | number): this { binaryOrScalar(this, o, 'add', 'add', this); return this; }
  isub(o: NDArray | number): this { binaryOrScalar(this, o, 'sub', 'sub', this); return this; }
  imul(o: NDArray | number): this { binaryOrScalar(this, o, 'mul', 'mul', this); return this; }
  idiv(o: NDArray | number): this { binaryOrScalar(this, o, 'div', 'div', this); return this; }

  toString(): string {
    return `<NDArray ${this.shape.join('x')} @${this.context}>`;
  }
}

/**
 * mx.nd.copyAsync(src, ctx): `src` copied onto `ctx` as a new array. Unlike copyto / as_in_context it
 * also works where the read-back is asynchronous (gpu → cpu, gpu(i) → gpu(j)); elsewhere it is copyto.
 */
export async function copyAsync(src: NDArray, ctx: Context): Promise<NDArray> {
  if (src.backend.downloadSync || backendFor(ctx) === src.backend) return src.copyto(ctx);
  const host = await src.asnumpy();
  const out = NDArray._empty(src.shape, ctx, src.dtype);
  out.backend.upload(out.ref, host);
  return out;
}

function copyInto(dst: NDArray, src: NDArray): void {
  if (dst.backend === src.backend) {
    dst.backend.copy(dst.ref, src.ref, src.size);
    return;
  }
  if (dst.backend.copyFrom?.(dst.ref, src.ref, src.size)) return;
  const sync = src.backend.downloadSync;
  if (!sync) {
    throw new MXNetError(`copy from ${src.context} to ${dst.context} needs an asynchronous read-back; use await mx.nd.copyAsync(src, ctx)`);
  }
  dst.backend.upload(dst.ref, sync(src.ref, src.size));
}

/** Python-style reshape codes for NDArray.reshape: 0 copies a dim, a single -1 is inferred. */
function resolveReshape(src: readonly number[], spec: readonly number[]): Shape {
  const out = spec.map((d, i) => (d === 0 ? (src[i] ?? 0) : d));
  const unknown = out.indexOf(-1);
  if (unknown >= 0) {
    const known = prod(out.filter((_, i) => i !== unknown));
    out[unknown] = known === 0 ? 0 : prod(src) / known;
  }
  return out;
}

/** @internal */
export function unaryOp(x: NDArray, op: UnaryOp, out?: NDArray): NDArray {
  const y = out ?? NDArray._empty(x.shape, x.context, x.dtype);
  x.backend.unary(op, x.ref, y.ref, x.size);
  return y;
}

/** @internal */
export function scalarOp(x: NDArray, s: number, op: ScalarOp, out?: NDArray): NDArray {
  const y = out ?? NDArray._empty(x.shape, x.context, x.dtype);
  x.backend.scalar(op, x.ref, s, y.ref, x.size);
  return y;
}

function binaryOrScalar(a: NDArray, b: NDArray | number, op: BinaryOp, sop: ScalarOp, out?: NDArray): NDArray {
  if (typeof b === 'number') return scalarOp(a, b, sop, out);
  if (!sameShape(a.shape, b.shape)) {
    throw new MXNetError(`${op}: shapes ${shapeStr(a.shape)} and ${shapeStr(b.shape)} differ (use mx.nd.broadcast_${op} to broadcast)`);
  }
  if (!a.context.equals(b.context)) throw new MXNetError(`${op}: arrays on ${a.context} and ${b.context}; copy one with as_in_context first`);
  const y = out ?? NDArray._empty(a.shape, a.context, a.dtype);
  a.backend.binary(op, a.ref, b.ref, y.ref, a.size);
  return y;
}
