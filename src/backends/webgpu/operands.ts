// Operand handling shared by the WebGPU backend and its kernel families: Ref checks (like the wasm
// backend's), temp copies for inputs that share the output's buffer (WebGPU forbids binding one buffer
// read-only and writable in one dispatch), and placeholder buffers for absent optional operands.

import { MXNetError } from '../../base.js';
import type { DType } from '../../dtype.js';
import type { Backend, DeviceBuffer, Ref } from '../backend.js';
import { checkCount } from '../wasm/backend.js';
import type { GpuRuntime } from './runtime.js';

export const ELEM_BYTES = 4;

export class WebGpuBuffer implements DeviceBuffer {
  disposed = false;
  constructor(readonly backend: Backend, readonly gpu: GPUBuffer, readonly length: number, readonly dtype: DType) {}
}

/** A checked operand: the GPU buffer and the element offset into it. */
export interface Operand { b: GPUBuffer; o: number }

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
