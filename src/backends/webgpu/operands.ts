// Operand handling shared by the WebGPU backend and its kernel families: Ref checks (like the wasm
// backend's), temp copies for inputs that share the output's buffer (WebGPU forbids binding one buffer
// read-only and writable in one dispatch), placeholder buffers for absent optional operands, and the
// windows that let a kernel run as several dispatches when a tensor exceeds one storage binding.

import { MXNetError } from '../../base.js';
import type { DType } from '../../dtype.js';
import type { Backend, DeviceBuffer, Ref } from '../backend.js';
import { checkCount } from '../wasm/backend.js';
import type { Binding, GpuRuntime } from './runtime.js';

export const ELEM_BYTES = 4;

export class WebGpuBuffer implements DeviceBuffer {
  disposed = false;
  constructor(readonly backend: Backend, readonly gpu: GPUBuffer, readonly length: number, readonly dtype: DType) {}
}

/** A checked operand: the GPU buffer and the element offset into it. */
export interface Operand { b: GPUBuffer; o: number }

/** An operand bound as a window of its buffer: the binding and the element offset inside the window. */
export interface Win { b: Binding; o: number }

export abstract class WebGpuOperands {
  /** Temps handed out by `readable` during one kernel call, released when it has been recorded. */
  private temps: GPUBuffer[] = [];
  private readonly unused: GPUBuffer[] = [];

  constructor(readonly rt: GpuRuntime) {}

  abstract readonly name: string;

  protected own(buf: DeviceBuffer, what: string): WebGpuBuffer {
    if (!(buf instanceof WebGpuBuffer) || buf.backend !== (this as unknown as Backend)) {
      throw new MXNetError(`${what}: the buffer belongs to the '${buf.backend?.name}' backend, not ${this.name}`);
    }
    if (buf.disposed) throw new MXNetError(`${what}: the buffer was already freed`);
    return buf;
  }

  /** @internal Check that `n` elements from `ref` lie inside its live buffer (kernel families use it). */
  at(ref: Ref, n: number, what: string): Operand {
    this.rt.check(what);
    const b = this.own(ref.buf, what);
    const off = ref.off;
    if (!Number.isInteger(off) || off < 0 || off + n > b.length) {
      throw new MXNetError(`${what}: elements [${off}, ${off + n}) are outside the buffer of length ${b.length}`);
    }
    return { b: b.gpu, o: off };
  }

  /** @internal */
  at2d(ref: Ref, rows: number, cols: number, ld: number, what: string): Operand {
    checkCount(what, 'rows', rows);
    checkCount(what, 'cols', cols);
    if (!Number.isInteger(ld) || ld < cols) {
      throw new MXNetError(`${what}: leading dimension ${ld} must be an integer >= the ${cols} columns`);
    }
    return this.at(ref, rows === 0 || cols === 0 ? 0 : (rows - 1) * ld + cols, what);
  }

  protected volume(what: string, outer: number, mid: number, inner: number): number {
    checkCount(what, 'outer', outer);
    checkCount(what, 'mid', mid);
    checkCount(what, 'inner', inner);
    return outer * mid * inner;
  }

  /** @internal `src` itself, or a temp copy of its `n` elements when it shares a buffer with an output. */
  readable(src: Operand, n: number, outputs: readonly GPUBuffer[]): Operand {
    if (!outputs.includes(src.b)) return src;
    const t = this.rt.acquire(Math.max(1, n) * ELEM_BYTES);
    this.rt.copy(src.b, src.o * ELEM_BYTES, t, 0, n * ELEM_BYTES);
    this.temps.push(t);
    return { b: t, o: 0 };
  }

  /**
   * @internal The window of `op` that holds its elements [start, start + count): the binding starts at the
   * aligned byte offset at or below them (the shader gets the remainder as its element offset).
   */
  win(op: Operand, start: number, count: number, what: string): Win {
    // Nothing is read through an empty window: bind the buffer's start (its end may lie past the last byte).
    if (count === 0) return { b: { buffer: op.b, offset: 0, size: Math.min(op.b.size, this.rt.maxBindingBytes) }, o: 0 };
    const first = (op.o + start) * ELEM_BYTES;
    const offset = Math.floor(first / this.rt.bindingAlign) * this.rt.bindingAlign;
    const size = Math.min(op.b.size - offset, this.rt.maxBindingBytes);
    if (first - offset + count * ELEM_BYTES > size) {
      throw new MXNetError(`${what}: ${count} elements (${count * ELEM_BYTES} bytes) do not fit this WebGPU device's largest storage binding (${this.rt.maxBindingBytes} bytes), and this kernel cannot split them`);
    }
    return { b: { buffer: op.b, offset, size }, o: (first - offset) / ELEM_BYTES };
  }

  /** @internal Elements a window is sure to hold wherever they start (the offset alignment costs up to one unit). */
  bindingElems(): number {
    return Math.floor(this.rt.maxBindingBytes / ELEM_BYTES) - (this.rt.bindingAlign / ELEM_BYTES - 1);
  }

  /**
   * @internal Split `units` (elements, rows, 4-element random blocks …) into runs small enough that each
   * operand's share — `perUnit[i]` elements per unit — fits one binding wherever it starts.
   * Returns [first unit, unit count] pairs; a single run whenever everything fits (the usual case), and
   * with `once` one empty run for 0 units (reductions that must still write their zero result).
   */
  split(what: string, units: number, perUnit: readonly number[], once = false): [number, number][] {
    if (units === 0 && once) return [[0, 0]];
    const cap = this.bindingElems();
    const most = Math.min(...perUnit.map((p) => (p > 0 ? Math.floor(cap / p) : Infinity)));
    if (most < 1) {
      throw new MXNetError(`${what}: one indivisible part of ${Math.max(...perUnit)} elements exceeds this WebGPU device's largest storage binding (${this.rt.maxBindingBytes} bytes)`);
    }
    const chunk = Math.min(units, most);
    const runs: [number, number][] = [];
    for (let s = 0; s < units; s += chunk) runs.push([s, Math.min(chunk, units - s)]);
    return runs;
  }

  /**
   * @internal Run `body` once per run of `units` (see split), each operand windowed to its share:
   * `parts` pairs an operand with its elements per unit.
   */
  chunked(what: string, units: number, parts: readonly (readonly [Operand, number])[],
    body: (w: Win[], count: number, start: number) => void, once = false): void {
    for (const [s, c] of this.split(what, units, parts.map((p) => p[1]), once)) {
      body(parts.map(([op, per]) => this.win(op, s * per, c * per, what)), c, s);
    }
  }

  /**
   * @internal Run a Philox kernel over `n` elements in runs of whole 4-element blocks: block b of a run that
   * starts at block s reads counter + s + b (mod 2^32), exactly the stream of one dispatch over all n.
   */
  blocks(what: string, n: number, ops: readonly Operand[], counter: number,
    body: (count: number, w: Win[], counter: number) => void): void {
    for (const [s, k] of this.split(what, Math.ceil(n / 4), ops.map(() => 4))) {
      const count = Math.min(4 * k, n - 4 * s);
      body(count, ops.map((o) => this.win(o, 4 * s, count, what)), (counter + s) >>> 0);
    }
  }

  /** @internal Return this call's temps to the pool (later commands reuse them only after this one, in order). */
  done(): void {
    for (const t of this.temps) this.rt.release(t);
    this.temps = [];
  }

  /**
   * @internal A bound-but-unused storage buffer for an absent optional operand (momentum, the 'valid'
   * factor); `slot` gives distinct buffers when one dispatch has several (writable bindings must differ).
   */
  unusedOperand(slot = 0): Operand {
    while (this.unused.length <= slot) this.unused.push(this.rt.acquire(4));
    return { b: this.unused[slot]!, o: 0 };
  }
}
