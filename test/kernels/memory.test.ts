// Backend memory management and validation: alloc/free accounting (no leaks), upload/download
// round trips across heap growth, takeRows gathers, and MXNetError on misuse.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { MXNetError } from '../../src/base.js';
import type { WasmBackend } from '../../src/backends/wasm/backend.js';
import { initWasmBackend } from '../../src/backends/wasm/init.js';
import { backendFor } from '../../src/backends/registry.js';
import { cpu } from '../../src/context.js';
import { Scratch } from './device.js';
import { randomArray } from './reference.js';

let b: WasmBackend;
let s: Scratch;
beforeAll(async () => {
  b = await initWasmBackend();
  s = new Scratch(b);
});
afterEach(() => s.freeAll());

describe('wasm backend memory', () => {
  it('is registered for cpu contexts and initialises once', async () => {
    expect(backendFor(cpu())).toBe(b);
    expect(await initWasmBackend()).toBe(b);
    expect(b.name).toBe('wasm');
  });

  it('stats() returns to the starting point after repeated alloc/free (no leaks)', () => {
    const start = b.stats();
    for (let round = 0; round < 50; round++) {
      const bufs = [1, 7, 1000, 4096, 65536].map((n) => b.alloc(n));
      expect(b.stats().buffers).toBe(start.buffers + 5);
      expect(b.stats().bytes).toBe(start.bytes + 4 * (1 + 7 + 1000 + 4096 + 65536));
      for (const buf of bufs) b.free(buf);
    }
    expect(b.stats()).toEqual(start);
  });

  it('keeps data intact across heap growth (views are re-created)', async () => {
    const data = randomArray(1000, 3);
    const r = s.put(data);
    const big = b.alloc(40 * 1024 * 1024); // 160 MB: forces memory.grow
    b.fill({ buf: big, off: 0 }, 10, 1);
    expect(Array.from(s.get(r, 1000))).toEqual(Array.from(data));
    expect(Array.from(await b.download({ buf: big, off: 2 }, 3))).toEqual([1, 1, 1]);
    b.free(big);
  });

  it('downloadSync returns a copy, upload accepts plain arrays and typed arrays', () => {
    const r = s.put([1, 2, 3]);
    const got = s.get(r, 3);
    got[0] = 99;
    expect(Array.from(s.get(r, 3))).toEqual([1, 2, 3]);
    b.upload(r, Int32Array.from([4, 5, 6]));
    expect(Array.from(s.get(r, 3))).toEqual([4, 5, 6]);
  });

  it('takeRows gathers rows by host indices, repeated and in any order', () => {
    const src = s.put([0, 1, 10, 11, 20, 21, 30, 31]); // 4 rows of 2
    const dst = s.out(10);
    b.takeRows(dst, src, Int32Array.from([3, 0, 3, 2, 1]), 2);
    expect(Array.from(s.get(dst, 10))).toEqual([30, 31, 0, 1, 30, 31, 20, 21, 10, 11]);
    const many = Int32Array.from({ length: 5000 }, (_, i) => i % 4); // grows the index scratch block
    const dst2 = s.out(10000);
    b.takeRows(dst2, src, many, 2);
    const want = Array.from(many).flatMap((r) => [10 * r, 10 * r + 1]);
    expect(Array.from(s.get(dst2, 10000))).toEqual(want);
    // > 1 MiB of indices: the scratch block is released afterwards and re-allocated next time
    const table = s.put(Array.from({ length: 256 }, (_, i) => i / 2));
    const huge = Int32Array.from({ length: 300_000 }, (_, i) => (i * 7) % 256);
    const dst3 = s.out(huge.length);
    for (let rep = 0; rep < 2; rep++) {
      b.takeRows(dst3, table, huge, 1);
      expect(s.get(dst3, huge.length).every((v, i) => v === huge[i]! / 2)).toBe(true);
    }
  });

  it('takeRows rejects an out-of-range index and writes nothing', () => {
    const src = s.put([0, 1, 10, 11]);
    const dst = s.put([7, 7, 7, 7]);
    expect(() => b.takeRows(dst, src, Int32Array.from([1, 2]), 2)).toThrow(/index 2 at position 1 is out of range \[0, 2\)/);
    expect(() => b.takeRows(dst, src, Int32Array.from([-1]), 2)).toThrow(MXNetError);
    expect(Array.from(s.get(dst, 4))).toEqual([7, 7, 7, 7]);
  });

  it('rejects freed buffers, double free, foreign buffers and bad offsets with MXNetError', () => {
    const buf = b.alloc(4);
    b.free(buf);
    expect(buf.disposed).toBe(true);
    expect(() => b.free(buf)).toThrow(/already freed/);
    expect(() => b.fill({ buf, off: 0 }, 1, 0)).toThrow(/already freed/);
    const foreign = { backend: { name: 'webgpu' }, length: 4, dtype: 'float32', disposed: false } as never;
    expect(() => b.fill({ buf: foreign, off: 0 }, 1, 0)).toThrow(/'webgpu' backend/);
    const r = s.out(4);
    expect(() => b.upload({ buf: r.buf, off: 2 }, [1, 2, 3])).toThrow(/elements \[2, 5\) are outside the buffer of length 4/);
    expect(() => b.fill({ buf: r.buf, off: 1.5 }, 1, 0)).toThrow(MXNetError);
    expect(() => b.alloc(-1)).toThrow(/non-negative integer/);
    expect(() => b.alloc(2 ** 31)).toThrow(/4 GiB/);
  });
});
