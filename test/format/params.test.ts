// The .params codec against the spec's worked example, hand-built records of every version, the
// real fixtures (walked independently) and corrupt files.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MXNetError } from '../../src/base.js';
import { decodeParams, encodeParams } from '../../src/format/params.js';
import {
  Bytes, FIXTURES, float32At, header, PARAMS_FIXTURES, V1, V2, V2_FIXTURES, V3, v2Record, walkFloat32Params,
} from './params_bytes.js';

const fixture = (f: string) => new Uint8Array(readFileSync(FIXTURES + f));
const f32 = (a: { data: Uint8Array }) => Array.from(new Float32Array(a.data.buffer, a.data.byteOffset, a.data.length / 4));

/** checkpoint-format.md §A.7, typed from the hex dump. */
const WORKED_EXAMPLE = [
  '12 01 00 00 00 00 00 00 00 00 00 00 00 00 00 00', '02 00 00 00 00 00 00 00',
  'c9 fa 93 f9', '00 00 00 00', '02 00 00 00', '02 00 00 00 00 00 00 00 03 00 00 00 00 00 00 00',
  '01 00 00 00 00 00 00 00', '00 00 00 00',
  '00 00 00 3f 00 00 80 bf 00 00 00 40 00 00 00 00 00 00 80 3f 00 00 40 40',
  'c9 fa 93 f9 00 00 00 00 01 00 00 00 02 00 00 00 00 00 00 00', '01 00 00 00 00 00 00 00 00 00 00 00',
  '00 00 80 3f 00 00 80 3f', '02 00 00 00 00 00 00 00',
];

function workedExample(): Uint8Array {
  const head = WORKED_EXAMPLE.join(' ').split(' ').map((h) => parseInt(h, 16));
  return new Bytes().raw(head).str('arg:fc1_weight').str('aux:bn_moving_var').build();
}

function expectError(bytes: Uint8Array, pattern: RegExp, source = 'bad.params'): MXNetError {
  let err: unknown;
  try {
    decodeParams(bytes, source);
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(MXNetError);
  const msg = (err as Error).message;
  expect(msg).toContain(source);
  expect(msg).toMatch(/byte offset \d+/);
  expect(msg).toMatch(pattern);
  return err as MXNetError;
}

describe('decodeParams / encodeParams: worked example (§A.7)', () => {
  it('decodes names, shapes, dtype, context and values', () => {
    const { names, arrays } = decodeParams(workedExample(), 'example.params');
    expect(names).toEqual(['arg:fc1_weight', 'aux:bn_moving_var']);
    expect(arrays.map((a) => [a.version, a.dtype, a.shape, a.ctx, a.none])).toEqual([
      ['V2', 'float32', [2, 3], { dev_type: 1, dev_id: 0 }, false],
      ['V2', 'float32', [2], { dev_type: 1, dev_id: 0 }, false],
    ]);
    expect(f32(arrays[0]!)).toEqual([0.5, -1, 2, 0, 1, 3]);
    expect(f32(arrays[1]!)).toEqual([1, 1]);
  });

  it('encodes the same bytes, whose length matches the spec formula', () => {
    const bytes = workedExample();
    const { names, arrays } = decodeParams(bytes, 'example.params');
    expect(encodeParams(names, arrays)).toEqual(bytes);
    const formula = 24 + (4 + 4 + 4 + 16 + 12 + 24) + (4 + 4 + 4 + 8 + 12 + 8) + 8 + (8 + 14) + (8 + 17);
    expect(bytes.length).toBe(formula);
  });

  it('payloads are copied into aligned buffers of their own, even from an odd offset', () => {
    const bytes = workedExample();
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    const { arrays } = decodeParams(shifted.subarray(1), 'example.params');
    for (const a of arrays) {
      expect(a.data.byteOffset).toBe(0);
      expect(a.data.buffer).not.toBe(shifted.buffer);
    }
    expect(f32(arrays[0]!)).toEqual([0.5, -1, 2, 0, 1, 3]);
  });
});

describe('real checkpoints', () => {
  it.each(V2_FIXTURES)('%s: decode then encode gives the identical bytes', (f) => {
    const bytes = fixture(f);
    const { names, arrays } = decodeParams(bytes, f);
    const again = encodeParams(names, arrays);
    expect(again.length).toBe(bytes.length);
    expect(Buffer.compare(Buffer.from(again), Buffer.from(bytes))).toBe(0);
  });

  it('cifar_resnet20_v1 keeps its interleaved arg:/aux: order', () => {
    const { names } = decodeParams(fixture(V2_FIXTURES[0]!), 'cifar');
    const kinds = names!.map((n) => n.split(':')[0]);
    // Not all arg: first — a writer that regrouped them would break byte equality.
    expect(kinds.indexOf('aux')).toBeLessThan(kinds.lastIndexOf('arg'));
  });

  it.each(PARAMS_FIXTURES)('%s: names, shapes and values agree with an independent walk', (f) => {
    const bytes = fixture(f);
    const walked = walkFloat32Params(bytes);
    expect(walked.end).toBe(bytes.length);
    const { names, arrays } = decodeParams(bytes, f);
    expect(names).toEqual(walked.records.map((r) => r.name));
    expect(arrays.map((a) => a.shape)).toEqual(walked.records.map((r) => r.shape));
    const version = f.startsWith('cifar') || f.startsWith('insightface') ? 'V2' : 'V0';
    arrays.forEach((a, i) => {
      expect(a.version).toBe(version);
      expect(a.dtype).toBe('float32');
      const rec = walked.records[i]!;
      const n = a.shape.reduce((x, y) => x * y, 1);
      expect(a.data.length).toBe(4 * n);
      expect(f32(a).slice(0, 5)).toEqual(float32At(bytes, rec.dataOffset, Math.min(5, n)));
      expect(f32(a)[n - 1]).toBe(float32At(bytes, rec.dataOffset + 4 * (n - 1), 1)[0]);
    });
  });
});

describe('record versions', () => {
  it('V0 (shape32) and V1 (shape64, no stype) records, without names', () => {
    const b = header(2);
    b.u32(2).u32(1).u32(3).i32(1).i32(0).i32(0).f32(1, 2, 3); // V0: ndim 2, dims (1, 3)
    b.u32(V1).i32(1).i64(2).i32(2).i32(1).i32(0).f32(4, 5); // V1 on gpu(1)
    const { names, arrays } = decodeParams(b.u64(0).build(), 'v01.params');
    expect(names).toBeNull();
    expect(arrays.map((a) => [a.version, a.shape, a.ctx])).toEqual([
      ['V0', [1, 3], { dev_type: 1, dev_id: 0 }], ['V1', [2], { dev_type: 2, dev_id: 1 }],
    ]);
    expect(arrays.map(f32)).toEqual([[1, 2, 3], [4, 5]]);
  });

  it('none arrays in V0, V1, V2 (ndim 0) and V3 (ndim -1) end the record', () => {
    const b = header(5).u32(0).u32(V1).i32(0);
    v2Record(b, [], 0, [], { stype: -1 });
    v2Record(b, null, 0, [], { magic: V3, stype: -1 });
    b.u32(1).u32(1).i32(1).i32(0).i32(0).f32(7); // a normal record after them still parses
    const { arrays } = decodeParams(b.u64(0).build(), 'none.params');
    expect(arrays.map((a) => [a.version, a.none, a.shape, a.ctx])).toEqual([
      ['V0', true, [], null], ['V1', true, [], null], ['V2', true, [], null], ['V3', true, [], null],
      ['V0', false, [1], { dev_type: 1, dev_id: 0 }],
    ]);
    expect(f32(arrays[4]!)).toEqual([7]);
  });

  it('V3 0-d scalars carry one element; zero-size shapes carry none', () => {
    const b = header(3);
    v2Record(b, [], 0, new Uint8Array(new Float32Array([2.5]).buffer), { magic: V3 });
    v2Record(b, [2, 0, 1], 0, []);
    v2Record(b, [0, 5, 0], 0, [], { magic: V3 });
    const { arrays } = decodeParams(b.u64(0).build(), 'v3.params');
    expect(arrays.map((a) => [a.version, a.none, a.shape, a.data.length])).toEqual([
      ['V3', false, [], 4], ['V2', false, [2, 0, 1], 0], ['V3', false, [0, 5, 0], 0],
    ]);
    expect(f32(arrays[0]!)).toEqual([2.5]);
  });

  it('every dtype flag maps to its dtype and element size', () => {
    const table: [number, string, number][] = [
      [0, 'float32', 4], [1, 'float64', 8], [2, 'float16', 2], [3, 'uint8', 1], [4, 'int32', 4], [5, 'int8', 1],
      [6, 'int64', 8], [7, 'bool', 1], [8, 'int16', 2], [9, 'uint16', 2], [10, 'uint32', 4], [11, 'uint64', 8],
      [12, 'bfloat16', 2],
    ];
    const b = header(table.length);
    for (const [flag, , size] of table) v2Record(b, [3], flag, Array.from({ length: 3 * size }, (_, i) => i + flag));
    const { arrays } = decodeParams(b.u64(0).build(), 'dtypes.params');
    arrays.forEach((a, i) => {
      const [flag, dtype, size] = table[i]!;
      expect(a.dtype).toBe(dtype);
      expect(Array.from(a.data)).toEqual(Array.from({ length: 3 * size }, (_, j) => j + flag));
    });
    // And they encode back to the same records.
    const again = encodeParams(null, arrays);
    expect(again).toEqual(b.build());
  });
});

describe('corrupt files fail with MXNetError naming the file and the offset', () => {
  it('every truncation of a valid file', () => {
    const whole = workedExample();
    for (let len = 0; len < whole.length; len++) {
      expectError(whole.subarray(0, len), /truncated file/, 'cut.params');
    }
  });

  it('wrong list magic', () => {
    const bytes = workedExample();
    bytes[0] = 0x13;
    expectError(bytes, /list magic is 0x113, expected 0x112/);
  });

  it('K neither 0 nor N', () => {
    const b = header(1);
    v2Record(b, [1], 0, [0, 0, 0, 0]);
    expectError(b.u64(2).str('a').str('b').build(), /K must be 0 or N = 1, got 2/);
  });

  it('unknown type flag, sparse and unknown storage types, bad ndim', () => {
    expectError(v2Record(header(1), [1], 13, [0]).u64(0).build(), /unknown type flag 13, expected 0..12/);
    expectError(v2Record(header(1), [1], 0, [], { stype: 1 }).u64(0).build(), /row_sparse.*not supported/);
    expectError(v2Record(header(1), [1], 0, [], { stype: 2 }).u64(0).build(), /csr.*not supported/);
    expectError(v2Record(header(1), [1], 0, [], { stype: 7 }).u64(0).build(), /unknown storage type 7/);
    expectError(header(1).u32(V2).i32(0).i32(-1).u64(0).build(), /invalid ndim -1 in a V2 record/);
    expectError(header(1).u32(V3).i32(0).i32(-2).u64(0).build(), /invalid ndim -2/);
    expectError(header(1).u32(V2).i32(0).i32(1).i64(-3).build(), /invalid dim 0: -3/);
  });

  it('the array index appears in record errors', () => {
    const b = header(2);
    v2Record(b, [1], 0, [0, 0, 0, 0]);
    v2Record(b, [1], 99, [0, 0, 0, 0]);
    expectError(b.u64(0).build(), /unknown type flag 99.*array #1 of 2/);
  });

  it('huge declared sizes are refused before any allocation', () => {
    // 24 bytes claiming 2^60 arrays; a record claiming 2^30 × 2^30 floats; a V0 ndim of 2^31.
    expectError(header(2n ** 60n).build(), /array count N is 1152921504606846976/);
    expectError(v2Record(header(1), [2 ** 30, 2 ** 30], 0, []).build(), /needs 4611686018427387904 data bytes/);
    expectError(header(1).u32(0x80000000).build(), /V0 record, ndim 2147483648 \(0x80000000\) needs 8589934592 bytes/);
    expectError(header(1).u32(V2).i32(0).i32(0x7fffffff).build(), /ndim 2147483647 needs/);
    expectError(v2Record(header(1), [1], 0, [1, 2, 3, 4]).u64(1).u64(2n ** 62n).build(), /name length is 4611686018427387904/);
    expectError(v2Record(header(1), [1], 0, [1, 2, 3, 4]).u64(2n ** 61n).build(), /name count K/);
  });

  it('invalid UTF-8 in a name', () => {
    const b = v2Record(header(1), [1], 0, [1, 2, 3, 4]).u64(1).u64(2).u8(0xff, 0xfe);
    expectError(b.build(), /not valid UTF-8/);
  });
});

describe('encodeParams input checks', () => {
  const data = new Uint8Array(8);
  it('refuses 0-d arrays, wrong byte counts, bad shapes and name/array count mismatches', () => {
    expect(() => encodeParams(null, [{ dtype: 'float32', shape: [], data: new Uint8Array(4) }])).toThrow(/0-d/);
    expect(() => encodeParams(['w'], [{ dtype: 'float32', shape: [3], data }])).toThrow(/'w' of float32 shape \(3,\) needs 12 bytes, got 8/);
    expect(() => encodeParams(null, [{ dtype: 'float32', shape: [-2, -1], data }])).toThrow(/invalid shape/);
    expect(() => encodeParams(['a', 'b'], [{ dtype: 'float64', shape: [1], data }])).toThrow(/2 names for 1 arrays/);
  });

  it('writes a list (K = 0) when names is null', () => {
    const bytes = encodeParams(null, [{ dtype: 'float64', shape: [1], data: new Uint8Array(new Float64Array([0.1]).buffer) }]);
    const dv = new DataView(bytes.buffer);
    expect(bytes.length).toBe(24 + 4 + 4 + 4 + 8 + 12 + 8 + 8);
    expect(dv.getInt32(24 + 4 + 4 + 4 + 8 + 8, true)).toBe(1); // float64 type flag
    expect(dv.getFloat64(24 + 4 + 4 + 4 + 8 + 12, true)).toBe(0.1);
    expect(dv.getBigUint64(bytes.length - 8, true)).toBe(0n);
  });
});
