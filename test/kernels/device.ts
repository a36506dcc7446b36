// Test helpers for driving a Backend directly: upload host data, allocate outputs, read back, and
// free everything a test allocated (so leak checks see a clean slate).

import { afterAll, beforeAll } from 'vitest';
import type { Backend, DeviceBuffer, Ref } from '../../src/backends/backend.js';
import { get_num_threads, set_num_threads } from '../../src/engine.js';

export class Scratch {
  private bufs: DeviceBuffer[] = [];
  constructor(readonly b: Backend) {}

  /** A fresh buffer of n elements (filled with NaN so unwritten outputs show up). */
  out(n: number, off = 0): Ref {
    const buf = this.b.alloc(n + off);
    this.bufs.push(buf);
    const ref = { buf, off };
    if (n + off > 0) this.b.fill({ buf, off: 0 }, n + off, NaN);
    return ref;
  }

  /** Upload data into a new buffer, optionally at an element offset. */
  put(data: ArrayLike<number>, off = 0): Ref {
    const ref = this.out(data.length, off);
    this.b.upload(ref, data);
    return ref;
  }

  get(ref: Ref, n: number): Float32Array {
    return this.b.downloadSync!(ref, n);
  }

  freeAll(): void {
    for (const buf of this.bufs) this.b.free(buf);
    this.bufs = [];
  }
}

/** Hooks that give a test file the thread count back that it started with (for files that change it). */
export function keepThreadCount(): void {
  let initial = 1;
  beforeAll(() => { initial = get_num_threads(); });
  afterAll(() => { set_num_threads(initial); });
}
