// mx.nd.save / load / load_frombuffer on the wasm backend: round trips (list, dict, single, zero-size),
// every real .params fixture checked against an independent DataView walk, byte-identical re-save,
// dtype conversion on load and dtype-preserving save, and corrupt files.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MXNetError } from '../../src/base.js';
import type { Backend } from '../../src/backends/backend.js';
import { initWasmBackend } from '../../src/backends/wasm/init.js';
import { cpu } from '../../src/context.js';
import { decodeParams } from '../../src/format/params.js';
import { array, empty } from '../../src/ndarray/create.js';
import type { NDArray } from '../../src/ndarray/ndarray.js';
import { load, load_frombuffer, save } from '../../src/ndarray/serialize.js';
import { Bytes, FIXTURES, float32At, header, PARAMS_FIXTURES, V3, v2Record, walkFloat32Params } from './params_bytes.js';

let backend: Backend;
let dir: string;
beforeAll(async () => {
  backend = await initWasmBackend();
  dir = mkdtempSync(join(tmpdir(), 'mxjs-serialize-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Deterministic pseudo-random float32 values (a small LCG; the test needs variety, not quality). */
function values(n: number, seed: number): Float32Array {
  const out = new Float32Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    out[i] = (s / 2 ** 32 - 0.5) * 20;
  }
  return out;
}

function make(shape: number[], seed: number): NDArray {
  return array(values(shape.reduce((a, b) => a * b, 1), seed), { shape });
}

const disposeAll = (x: NDArray[] | Record<string, NDArray>) => Object.values(x).forEach((a) => a.dispose());

async function expectMXNetError(p: Promise<unknown>, pattern: RegExp): Promise<void> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(MXNetError);
  expect((err as Error).message).toMatch(pattern);
}

function expectThrowsMXNetError(fn: () => unknown, pattern: RegExp): void {
  expect(fn).toThrow(MXNetError);
  expect(fn).toThrow(pattern);
}

describe('save → load round trips', () => {
  const shapes = [[5], [3, 4], [2, 3, 4], [2, 1, 3, 2]];

  it('a list comes back as a list with exact values', async () => {
    const before = backend.stats().buffers;
    const arrays = shapes.map((s, i) => make(s, i + 1));
    const f = join(dir, 'list.params');
    await save(f, arrays);
    const loaded = await load(f);
    expect(Array.isArray(loaded)).toBe(true);
    const list = loaded as NDArray[];
    expect(list.map((a) => a.shape)).toEqual(shapes);
    list.forEach((a, i) => {
      expect(a.dtype).toBe('float32');
      expect(a.context.toString()).toBe('cpu(0)');
      expect(a._dataSync()).toEqual(arrays[i]!._dataSync());
    });
    disposeAll(list);
    disposeAll(arrays);
    expect(backend.stats().buffers).toBe(before);
  });

  it('a dict keeps its insertion order (even integer-like and __proto__ keys)', async () => {
    const dict: Record<string, NDArray> = {};
    const keys = ['ndarray xx 2', 'ndarray xx 0', 'arg:w', '__proto__', 'z', 'é'];
    keys.forEach((k, i) => Object.defineProperty(dict, k, { value: make(shapes[i % 4]!, 10 + i), enumerable: true }));
    const f = join(dir, 'dict.params');
    await save(f, dict);
    expect(decodeParams(new Uint8Array(readFileSync(f)), f).names).toEqual(keys);
    const loaded = (await load(pathToFileURL(f))) as Record<string, NDArray>;
    expect(Array.isArray(loaded)).toBe(false);
    expect(Object.keys(loaded)).toEqual(keys);
    for (const k of keys) expect(loaded[k]!._dataSync()).toEqual(dict[k]!._dataSync());
    disposeAll(loaded);
    disposeAll(dict);
  });

  it('a single NDArray is saved as a one-element list (K = 0)', async () => {
    const a = make([2, 2], 99);
    const f = join(dir, 'single.params');
    await save({ fname: f, data: a });
    const raw = decodeParams(new Uint8Array(readFileSync(f)), f);
    expect(raw.names).toBeNull();
    const loaded = load_frombuffer(readFileSync(f)) as NDArray[];
    expect(loaded.length).toBe(1);
    expect(loaded[0]!._dataSync()).toEqual(a._dataSync());
    disposeAll(loaded);
    a.dispose();
  });

  it('zero-size shapes round-trip', async () => {
    const zs = [[2, 0, 1], [0], [0, 4], [3, 0, 0, 0], [0, 5, 0]];
    const f = join(dir, 'zero.params');
    const arrays = zs.map((s) => empty(s));
    await save(f, arrays);
    const loaded = (await load(f)) as NDArray[];
    expect(loaded.map((a) => a.shape)).toEqual(zs);
    disposeAll(loaded);
    disposeAll(arrays);
  });

  it('an empty list and an empty dict', async () => {
    const f = join(dir, 'empty.params');
    await save(f, []);
    expect(await load(f)).toEqual([]);
    await save(f, {});
    // K = 0 = N: the file cannot tell an empty dict from an empty list; Python returns a list too.
    expect(await load(f)).toEqual([]);
  });
});

describe('real checkpoints', () => {
  it.each(PARAMS_FIXTURES)('%s: names, shapes and values match an independent walk', async (f) => {
    const bytes = new Uint8Array(readFileSync(FIXTURES + f));
    const { records } = walkFloat32Params(bytes);
    const loaded = (await load(FIXTURES + f)) as Record<string, NDArray>;
    expect(Object.keys(loaded)).toEqual(records.map((r) => r.name));
    for (const r of records) {
      const a = loaded[r.name!]!;
      expect(a.shape).toEqual(r.shape);
      const n = a.size;
      const got = a._dataSync();
      expect(Array.from(got.subarray(0, 4))).toEqual(float32At(bytes, r.dataOffset, Math.min(4, n)));
      expect(got[n - 1]).toBe(float32At(bytes, r.dataOffset + 4 * (n - 1), 1)[0]);
    }
    disposeAll(loaded);
  });

  it('cifar_resnet20_v1: mx.nd.load then mx.nd.save gives the identical file', async () => {
    const src = FIXTURES + 'cifar_resnet20_v1/cifar_resnet20_v1-0000.params';
    const loaded = await load(src);
    const out = join(dir, 'cifar-again.params');
    await save(out, loaded);
    expect(Buffer.compare(readFileSync(out), readFileSync(src))).toBe(0);
    disposeAll(loaded);
  });
});

describe('dtypes', () => {
  /** float32 value of a 16-bit pattern, computed through DataView (independent of the library's tables). */
  const bf16 = (h: number) => {
    const dv = new DataView(new ArrayBuffer(4));
    dv.setUint32(0, h << 16);
    return dv.getFloat32(0);
  };
  const u16bytes = (xs: number[]) => new Uint8Array(new Uint16Array(xs).buffer);

  it('non-float32 records load as float32 NDArrays with converted values', () => {
    const halfBits = [0x3c00, 0xc000, 0x7bff, 0x0001, 0x03ff, 0x0400, 0x3555, 0x7c00, 0xfc00, 0x8000, 0x7e00];
    const halfValues = [1, -2, 65504, 2 ** -24, 1023 * 2 ** -24, 2 ** -14, 0.333251953125, Infinity, -Infinity, -0, NaN];
    const bfBits = [0x3f80, 0xc0a0, 0x4049, 0x7f80, 0x0001, 0xff80];
    const cases: [number, ArrayLike<number>, Uint8Array, number[]][] = [
      [1, [2], new Uint8Array(new Float64Array([0.1, -3]).buffer), [Math.fround(0.1), -3]],
      [4, [3], new Uint8Array(new Int32Array([-7, 16777217, 2 ** 31 - 1]).buffer), [-7, 16777216, 2 ** 31]],
      [3, [4], new Uint8Array([0, 1, 200, 255]), [0, 1, 200, 255]],
      [5, [3], new Uint8Array(new Int8Array([-128, -1, 127]).buffer), [-128, -1, 127]],
      [7, [2], new Uint8Array([0, 1]), [0, 1]],
      [8, [2], new Uint8Array(new Int16Array([-32768, 1234]).buffer), [-32768, 1234]],
      [9, [2], u16bytes([65535, 7]), [65535, 7]],
      [10, [2], new Uint8Array(new Uint32Array([4294967295, 5]).buffer), [4294967296, 5]],
      [2, [halfBits.length], u16bytes(halfBits), halfValues],
      [12, [bfBits.length], u16bytes(bfBits), bfBits.map(bf16)],
    ];
    const b = header(cases.length);
    for (const [flag, shape, data] of cases) v2Record(b, Array.from(shape), flag, data);
    const loaded = load_frombuffer(b.u64(0).build()) as NDArray[];
    loaded.forEach((a, i) => {
      expect(a.dtype).toBe('float32');
      expect(Array.from(a._dataSync())).toEqual(cases[i]![3]);
    });
    expect(bf16(0x4049)).toBe(3.140625); // the reference itself
    expect(Object.is(loaded[8]!._dataSync()[9], -0)).toBe(true);
    disposeAll(loaded);
  });

  it('saving keeps each array\'s dtype tag and converts the values', async () => {
    const tagged = (dtype: 'int32' | 'uint8' | 'float64' | 'bool' | 'int8', xs: number[]) => {
      const a = empty([xs.length], cpu(), dtype);
      a.backend.upload(a.ref, xs);
      return a;
    };
    const arrays = {
      i: tagged('int32', [1, -2, 300000]), u: tagged('uint8', [0, 7, 255]), d: tagged('float64', [0.5, -1.25]),
      b: tagged('bool', [1, 0, 1]), s: tagged('int8', [-5, 6]),
    };
    const f = join(dir, 'dtypes.params');
    await save(f, arrays);
    const bytes = new Uint8Array(readFileSync(f));
    const raw = decodeParams(bytes, f);
    expect(raw.arrays.map((r) => r.dtype)).toEqual(['int32', 'uint8', 'float64', 'bool', 'int8']);
    const dv = (r: { data: Uint8Array }) => new DataView(r.data.buffer, r.data.byteOffset, r.data.length);
    const [i, u, d, bo, s] = raw.arrays as [typeof raw.arrays[0], typeof raw.arrays[0], typeof raw.arrays[0], typeof raw.arrays[0], typeof raw.arrays[0]];
    expect([0, 1, 2].map((k) => dv(i).getInt32(4 * k, true))).toEqual([1, -2, 300000]);
    expect(Array.from(u.data)).toEqual([0, 7, 255]);
    expect([0, 1].map((k) => dv(d).getFloat64(8 * k, true))).toEqual([0.5, -1.25]);
    expect(Array.from(bo.data)).toEqual([1, 0, 1]);
    expect([0, 1].map((k) => dv(s).getInt8(k))).toEqual([-5, 6]);
    disposeAll(arrays);
  });

  it('refuses int64, none arrays and saving float16; loads V3 scalars and GPU arrays onto the CPU', async () => {
    const before = backend.stats().buffers;
    const two = v2Record(header(2), [1], 0, [0, 0, 128, 63]);
    expectThrowsMXNetError(() => load_frombuffer(v2Record(two, [1], 6, new Uint8Array(8)).u64(0).build()), /<buffer>: array #1 has dtype int64/);
    expect(backend.stats().buffers).toBe(before); // nothing was allocated for array #0 either
    expectThrowsMXNetError(() => load_frombuffer(header(1).u32(0).u64(1).str('w').build()), /array 'w' is a none NDArray/);
    const h = empty([2], cpu(), 'float16');
    await expectMXNetError(save(join(dir, 'h.params'), [h]), /dtype float16, which mxjs cannot write/);
    h.dispose();
    const b = v2Record(header(2), [], 0, new Uint8Array(new Float32Array([4.5]).buffer), { magic: V3 });
    v2Record(b, [2], 0, new Uint8Array(new Float32Array([1, 2]).buffer), { ctx: [2, 3] });
    const [scalar, fromGpu] = load_frombuffer(b.u64(0).build().buffer as ArrayBuffer) as NDArray[];
    expect(scalar!.shape).toEqual([]);
    expect(Array.from(scalar!._dataSync())).toEqual([4.5]);
    expect(fromGpu!.context.toString()).toBe('cpu(0)');
    expect(Array.from(fromGpu!._dataSync())).toEqual([1, 2]);
    scalar!.dispose();
    fromGpu!.dispose();
    expect(backend.stats().buffers).toBe(before);
  });
});

describe('bad input', () => {
  it('corrupt files fail quickly with MXNetError naming the file', async () => {
    const good = readFileSync(FIXTURES + 'go_test_attr/go_test-0001.params');
    const f = join(dir, 'corrupt.params');
    for (const cut of [0, 7, 23, 27, 40, 100, good.length - 1]) {
      writeFileSync(f, good.subarray(0, cut));
      await expectMXNetError(load(f), new RegExp(`${f}: truncated file`));
    }
    const wrong = Buffer.from(good);
    wrong[1] = 0x02;
    writeFileSync(f, wrong);
    await expectMXNetError(load(f), new RegExp(`${f}: invalid NDArray file format`));
    writeFileSync(f, new Bytes().u64(0x112).u64(0).u64(2n ** 60n).build());
    await expectMXNetError(load(f), new RegExp(`${f}: truncated file: array count N is 1152921504606846976`));
    writeFileSync(f, v2Record(header(1), [2 ** 40, 2 ** 20], 0, []).build());
    await expectMXNetError(load(f), new RegExp(`${f}: truncated file: float32 array of shape \\(1099511627776, 1048576\\)`));
    await expectMXNetError(load(join(dir, 'absent.params')), /cannot read .*absent\.params/);
  });

  it('save rejects what Python rejects', async () => {
    const f = join(dir, 'never.params');
    await expectMXNetError(save(f, [make([1], 1), 3 as unknown as NDArray]), /entry #1 is not an NDArray/);
    await expectMXNetError(save(f, 'x' as unknown as NDArray), /data must be an NDArray, a list of NDArrays or a dict/);
    const a = make([1], 2);
    a.dispose();
    await expectMXNetError(save(f, { w: a }), /used after dispose/);
    expect(() => readFileSync(f)).toThrow();
    expectThrowsMXNetError(() => load_frombuffer('abc' as unknown as Uint8Array), /buf must be a Uint8Array or an ArrayBuffer/);
    await expectMXNetError(save({ fname: f, data: [], mode: 'w' } as never), /unexpected keyword argument 'mode'/);
  });
});
