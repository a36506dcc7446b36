// NDArrayIter against api-semantics §9.2 and MXNet's test_io.py::test_NDArrayIter: batch counts for
// pad / discard / roll_over, exact batch contents from a plain-JS model of the cursor rules, the
// roll-over cache, the tiling corner case, shuffling that keeps data and labels aligned, named inputs,
// and that dispose() returns every buffer the iterator allocated.
import { beforeAll, describe, expect, it } from 'vitest';
import { MXNetError } from '../../src/base.js';
import { backendFor } from '../../src/backends/registry.js';
import { initWasmBackend } from '../../src/backends/wasm/init.js';
import { cpu } from '../../src/context.js';
import { DataBatch, DataDesc, NDArrayIter } from '../../src/io/index.js';
import { array } from '../../src/ndarray/create.js';
import type { NDArray } from '../../src/ndarray/ndarray.js';
import { seed } from '../../src/random.js';

beforeAll(async () => {
  await initWasmBackend();
});

const live = () => backendFor(cpu()).stats().buffers;

/** n samples of shape (2, 2); sample i holds 4i, 4i+1, 4i+2, 4i+3 — so every value names its sample. */
function samples(n: number): NDArray {
  return array(Float32Array.from({ length: n * 4 }, (_, k) => k), { shape: [n, 2, 2] });
}
function labels(n: number): NDArray {
  return array(Float32Array.from({ length: n }, (_, i) => i));
}
/** The sample ids held by a data batch (value / 4 of each sample's first element). */
function ids(a: NDArray): number[] {
  const v = a._dataSync();
  const row = a.size / a.shape[0]!;
  return Array.from({ length: a.shape[0]! }, (_, r) => v[r * row]! / 4);
}
const range = (a: number, b: number) => Array.from({ length: b - a }, (_, i) => a + i);

/** Collect [sample ids, label values, pad] of the remaining batches of an epoch. */
function epoch(it: NDArrayIter): { ids: number[]; label: number[]; pad: number }[] {
  const out: { ids: number[]; label: number[]; pad: number }[] = [];
  for (let b = it.next(); b !== null; b = it.next()) {
    const l = b.label?.[0];
    out.push({ ids: ids(b.data[0]!), label: l ? Array.from(l._dataSync()) : [], pad: b.pad! });
  }
  return out;
}

describe('NDArrayIter last_batch_handle (N=1000, B=128)', () => {
  it("'pad' gives ceil(N/B) = 8 batches; the last wraps to the start with pad 24", () => {
    const x = samples(1000), y = labels(1000);
    const it = new NDArrayIter(x, y, 128, { last_batch_handle: 'pad' });
    for (let rep = 0; rep < 2; rep++) {
      const batches = epoch(it);
      expect(batches.length).toBe(8);
      for (let k = 0; k < 7; k++) {
        expect(batches[k]!.ids).toEqual(range(128 * k, 128 * (k + 1)));
        expect(batches[k]!.label).toEqual(range(128 * k, 128 * (k + 1)));
        expect(batches[k]!.pad).toBe(0);
      }
      expect(batches[7]!.ids).toEqual([...range(896, 1000), ...range(0, 24)]);
      expect(batches[7]!.label).toEqual([...range(896, 1000), ...range(0, 24)]);
      expect(batches[7]!.pad).toBe(24);
      it.reset();
    }
    it.dispose();
    x.dispose();
    y.dispose();
  });

  it("'discard' gives floor(N/B) = 7 full batches every epoch", () => {
    const x = samples(1000);
    const it = new NDArrayIter(x, { batch_size: 128, last_batch_handle: 'discard' });
    for (let rep = 0; rep < 3; rep++) {
      const got = epoch(it).length;
      expect(got).toBe(7);
      it.reset();
    }
    it.dispose();
    x.dispose();
  });

  it("'roll_over': 7 batches, then the cached tail opens the next epoch (= the 8th 'pad' batch)", () => {
    const x = samples(1000), y = labels(1000);
    const it = new NDArrayIter(x, y, 128, false, 'roll_over');
    const first = epoch(it);
    expect(first.length).toBe(7);
    it.reset();
    const second = epoch(it);
    // floor((1000 + 104) / 128) = 8, leaving (1104 mod 128) = 80 samples for the next epoch.
    expect(second.length).toBe(8);
    expect(second[0]!.ids).toEqual([...range(896, 1000), ...range(0, 24)]);
    expect(second[0]!.label).toEqual([...range(896, 1000), ...range(0, 24)]);
    expect(second[0]!.pad).toBe(104);
    expect(second[1]!.ids).toEqual(range(24, 152));
    expect(second[7]!.ids).toEqual(range(920 - 128, 920));
    it.reset();
    const third = epoch(it);
    expect(third.length).toBe(Math.floor((1000 + 80) / 128));
    expect(third[0]!.ids).toEqual([...range(920, 1000), ...range(0, 48)]);
    expect(third[0]!.pad).toBe(80);
    it.dispose();
    x.dispose();
    y.dispose();
  });

  it('hard_reset forgets the rolled-over samples', () => {
    const x = samples(1000);
    const it = new NDArrayIter(x, { batch_size: 128, last_batch_handle: 'roll_over' });
    expect(epoch(it).length).toBe(7);
    it.hard_reset();
    const again = epoch(it);
    expect(again.length).toBe(7);
    expect(again[0]!.ids).toEqual(range(0, 128));
    it.dispose();
    x.dispose();
  });
});

describe('NDArrayIter corner cases', () => {
  it('N=10, B=205 with pad: the data tiled 20 times plus samples 0-4', () => {
    const x = samples(10);
    const it = new NDArrayIter(x, { batch_size: 205 });
    const batches = epoch(it);
    expect(batches.length).toBe(1);
    const expected = [...Array.from({ length: 20 }, () => range(0, 10)).flat(), ...range(0, 5)];
    expect(batches[0]!.ids).toEqual(expected);
    expect(batches[0]!.pad).toBe(195);
    it.dispose();
    x.dispose();
  });

  it('a partial last batch with roll_over and B > N still cycles through the data', () => {
    const x = samples(10);
    const it = new NDArrayIter(x, { batch_size: 16, last_batch_handle: 'roll_over' });
    expect(epoch(it).length).toBe(0);
    it.reset();
    const b = epoch(it);
    expect(b.length).toBe(1);
    expect(b[0]!.ids).toEqual([...range(0, 10), ...range(0, 6)]);
    expect(b[0]!.pad).toBe(10);
    it.dispose();
    x.dispose();
  });

  it('getpad and cursor follow the Python arithmetic', () => {
    const x = samples(10);
    const it = new NDArrayIter(x, { batch_size: 4 });
    expect(it.cursor).toBe(-4);
    const pads: number[] = [];
    for (let b = it.next(); b; b = it.next()) pads.push(it.getpad());
    expect(pads).toEqual([0, 0, 2]);
    it.dispose();
    x.dispose();
  });
});

describe('NDArrayIter inputs and descriptors', () => {
  it('provide_data / provide_label replace the batch axis by batch_size', () => {
    const x = samples(20), y = array(Float32Array.from({ length: 20 }, (_, i) => i % 3), { shape: [20, 1] });
    const it = new NDArrayIter(x, y, 8);
    expect(it.provide_data.map(String)).toEqual(['DataDesc[data,(8, 2, 2),float32,NCHW]']);
    expect(it.provide_label.map((d) => [d.name, [...d.shape]])).toEqual([['softmax_label', [8, 1]]]);
    expect(it.provide_data[0]).toBeInstanceOf(DataDesc);
    it.dispose();
    x.dispose();
    y.dispose();
  });

  it('a list of several inputs is named _0_data, _1_data; a dict is sorted by key', () => {
    const a = samples(6), b = labels(6);
    const list = new NDArrayIter([a, b], { batch_size: 3, data_name: 'data' });
    expect(list.provide_data.map((d) => d.name)).toEqual(['_0_data', '_1_data']);
    const batch = list.next()!;
    expect(ids(batch.data[0]!)).toEqual([0, 1, 2]);
    expect(Array.from(batch.data[1]!._dataSync())).toEqual([0, 1, 2]);
    expect(batch.label).toEqual([]);
    expect(list.provide_label).toEqual([]);
    list.dispose();

    const dict = new NDArrayIter(new Map([['zeta', a], ['alpha', b]]), { label: { lb: b, la: a }, batch_size: 2 });
    expect(dict.provide_data.map((d) => d.name)).toEqual(['alpha', 'zeta']);
    expect(dict.provide_label.map((d) => d.name)).toEqual(['la', 'lb']);
    dict.dispose();
    const asKeyword = new NDArrayIter({ data: { d2: a, d1: b }, batch_size: 2 });
    expect(asKeyword.provide_data.map((d) => d.name)).toEqual(['d1', 'd2']);
    asKeyword.dispose();
    a.dispose();
    b.dispose();
  });

  it('nested number arrays are converted to float32 and freed by dispose()', () => {
    const before = live();
    const it = new NDArrayIter([[1, 2], [3, 4], [5, 6]], [0, 1, 0], 2);
    const b = it.next()!;
    expect(Array.from(b.data[0]!._dataSync())).toEqual([1, 2, 3, 4]);
    expect(Array.from(b.label![0]!._dataSync())).toEqual([0, 1]);
    expect(b.data[0]!.dtype).toBe('float32');
    it.dispose();
    expect(live()).toBe(before);
  });

  it('bad arguments raise MXNetError naming the problem', () => {
    const x = samples(4), short = labels(3);
    expect(() => new NDArrayIter(x, { last_batch_handle: 'wrap' })).toThrow(/last_batch_handle must be one of pad, discard, roll_over/);
    expect(() => new NDArrayIter(x, { batch_size: 0 })).toThrow(MXNetError);
    expect(() => new NDArrayIter(x, short)).toThrow(/softmax_label.*4 samples/);
    expect(() => new NDArrayIter(x, { batchsize: 2 })).toThrow(/unexpected keyword argument 'batchsize'/);
    expect(() => new NDArrayIter(null)).toThrow(/data must be given/);
    expect(() => new NDArrayIter(x, { label: 'abc' })).toThrow(/input must be an NDArray/);
    x.dispose();
    short.dispose();
  });

  it('is a JS iterable and async iterable over the remaining batches', async () => {
    const x = samples(10);
    const it = new NDArrayIter(x, { batch_size: 3 });
    let n = 0;
    for (const b of it) {
      expect(b).toBeInstanceOf(DataBatch);
      n++;
    }
    expect(n).toBe(4);
    it.reset();
    let m = 0;
    for await (const b of it) m += b.data[0]!.shape[0]!;
    expect(m).toBe(12);
    it.dispose();
    x.dispose();
  });
});

describe('NDArrayIter shuffle', () => {
  it('one permutation reorders data and labels together, every epoch a new one', () => {
    seed(7);
    const n = 100;
    const x = samples(n), y = labels(n);
    const it = new NDArrayIter(x, y, 10, true);
    const orders: number[][] = [];
    for (let rep = 0; rep < 2; rep++) {
      const batches = epoch(it);
      const order = batches.flatMap((b) => b.ids);
      for (const b of batches) expect(b.label).toEqual(b.ids);
      expect([...order].sort((p, q) => p - q)).toEqual(range(0, n));
      expect(order).not.toEqual(range(0, n));
      orders.push(order);
      it.reset();
    }
    expect(orders[1]).not.toEqual(orders[0]);
    // The caller's arrays are untouched: shuffling works on the iterator's own copies.
    expect(ids(x)).toEqual(range(0, n));
    it.dispose();
    x.dispose();
    y.dispose();
  });

  it('roll_over with shuffle keeps pairs aligned across the epoch boundary', () => {
    seed(11);
    const x = samples(25), y = labels(25);
    const it = new NDArrayIter(x, y, 10, true, 'roll_over');
    const e1 = epoch(it);
    it.reset();
    const e2 = epoch(it);
    expect(e1.length).toBe(2);
    expect(e2.length).toBe(3);
    for (const b of [...e1, ...e2]) expect(b.label).toEqual(b.ids);
    // The first batch of epoch 2 starts with the 5 samples epoch 1 did not return.
    const seen1 = new Set(e1.flatMap((b) => b.ids));
    expect(e2[0]!.ids.slice(0, 5).every((i) => !seen1.has(i))).toBe(true);
    expect(e2[0]!.pad).toBe(5);
    it.dispose();
    x.dispose();
    y.dispose();
  });
});

describe('NDArrayIter memory', () => {
  it('dispose() frees shuffled copies, batch buffers and the roll-over cache', () => {
    const x = samples(50), y = labels(50);
    const before = live();
    const it = new NDArrayIter(x, y, 16, true, 'roll_over');
    epoch(it);
    it.reset();
    epoch(it);
    it.dispose();
    expect(live()).toBe(before);
    expect(() => it.next()).toThrow(/after dispose/);
    x.dispose();
    y.dispose();
  });
});
