// DataDesc as MXNet's (name, shape) namedtuple with dtype/layout, and DataBatch's str() format
// (test_io.py::test_DataBatch): `DataBatch: data shapes: [(2, 3)] label shapes: None`.
import { beforeAll, describe, expect, it } from 'vitest';
import { initWasmBackend } from '../../src/backends/wasm/init.js';
import { DataBatch, DataDesc, DataIter } from '../../src/io/index.js';
import { zeros } from '../../src/ndarray/create.js';

beforeAll(async () => {
  await initWasmBackend();
});

describe('DataDesc', () => {
  it('behaves as a [name, shape] pair with dtype and layout defaults', () => {
    const d = new DataDesc('data', [128, 784]);
    expect(d[0]).toBe('data');
    expect(d[1]).toEqual([128, 784]);
    const [name, shape] = d;
    expect(name).toBe('data');
    expect(shape).toEqual([128, 784]);
    expect(d.length).toBe(2);
    expect(d.dtype).toBe('float32');
    expect(d.layout).toBe('NCHW');
    expect(String(d)).toBe('DataDesc[data,(128, 784),float32,NCHW]');
    const k = new DataDesc({ name: 'seq', shape: [4, 10, 3], layout: 'TNC', dtype: 'int32' });
    expect([k.dtype, k.layout]).toEqual(['int32', 'TNC']);
    expect(DataDesc.from(['x', [3]]).shape).toEqual([3]);
  });

  it('get_batch_axis is the position of N (0 without a layout)', () => {
    expect(DataDesc.get_batch_axis('NCHW')).toBe(0);
    expect(DataDesc.get_batch_axis('TNC')).toBe(1);
    expect(DataDesc.get_batch_axis(null)).toBe(0);
    expect(DataDesc.get_batch_axis('CHW')).toBe(-1);
  });

  it('get_list pairs shapes with optional dtypes', () => {
    const l = DataDesc.get_list([['a', [1, 2]], ['b', [3]]], [['b', 'int32'], ['a', 'float32']]);
    expect(l.map((d) => [d.name, d.dtype])).toEqual([['a', 'float32'], ['b', 'int32']]);
  });

  it('rejects a bad shape or dtype', () => {
    expect(() => new DataDesc('x', [2, -1])).toThrow(/shape must be a list of non-negative integers/);
    expect(() => new DataDesc('x', [2], 'float99')).toThrow(/unknown dtype float99/);
  });
});

describe('DataBatch', () => {
  it('prints shapes like MXNet', () => {
    const d = zeros([2, 3]);
    const l = zeros([2]);
    expect(String(new DataBatch([d]))).toBe('DataBatch: data shapes: [(2, 3)] label shapes: None');
    expect(String(new DataBatch([d, d], { label: [l] }))).toBe('DataBatch: data shapes: [(2, 3), (2, 3)] label shapes: [(2,)]');
    const b = new DataBatch([d], [l], 1);
    expect([b.pad, b.index, b.bucket_key]).toEqual([1, null, null]);
    d.dispose();
    l.dispose();
  });

  it('requires lists', () => {
    const d = zeros([2]);
    expect(() => new DataBatch(d)).toThrow(/Data must be list of NDArrays/);
    expect(() => new DataBatch([d], { label: d })).toThrow(/Label must be list of NDArrays/);
    d.dispose();
  });
});

describe('DataIter base', () => {
  it('next() builds a DataBatch from iter_next/getdata/getlabel/getpad until iter_next is false', () => {
    class Three extends DataIter {
      i = 0;
      readonly arr = zeros([2, 1]);
      override iter_next(): boolean {
        return this.i++ < 3;
      }
      override getdata() {
        return [this.arr];
      }
      override getpad(): number {
        return this.i === 3 ? 1 : 0;
      }
    }
    const it = new Three(2);
    expect(it.batch_size).toBe(2);
    const pads = [...it].map((b) => b.pad);
    expect(pads).toEqual([0, 0, 1]);
    expect(it.next()).toBeNull();
    it.arr.dispose();
  });
});
