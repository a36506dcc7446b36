// mx.kv mirrors of MXNet's tests/python/unittest/test_kvstore.py (single/list pairs, init, aggregator over
// fake devices cpu(0..3), updater `local += recv`, key kinds, invalid pulls, get_type) and of the nightly
// kvstore test with the `test` optimizer (pulled value = init + k·n·rescale_grad).
import { beforeAll, describe, expect, it } from 'vitest';
import * as mx from '../../src/index.js';

const shape = [4, 4];
const keys = [5, 7, 11];
const strKeys = ['b', 'c', 'd'];

async function initKv(name = 'local'): Promise<mx.kvstore.KVStore> {
  const kv = mx.kv.create(name);
  await kv.init(3, mx.nd.zeros(shape));
  await kv.init(keys, keys.map(() => mx.nd.zeros(shape)));
  return kv;
}

async function initKvWithStr(name = 'local'): Promise<mx.kvstore.KVStore> {
  const kv = mx.kv.create(name);
  await kv.init('a', mx.nd.zeros(shape));
  await kv.init(strKeys, strKeys.map(() => mx.nd.zeros(shape)));
  return kv;
}

/** check_diff_to_scalar: every element equals x exactly. */
async function expectAll(a: mx.NDArray, x: number): Promise<void> {
  const v = await a.asnumpy();
  expect(v.length).toBe(16);
  for (const e of v) expect(e).toBe(x);
}

const devs = [0, 1, 2, 3].map((i) => mx.cpu(i));

beforeAll(async () => { await mx.ready(); });

describe.each(['local', 'device'])("kvstore '%s'", (type) => {
  it('single key-value pair push & pull (int and str keys)', async () => {
    for (const [kv, key] of [[await initKv(type), 3], [await initKvWithStr(type), 'a']] as const) {
      await kv.push(key, mx.nd.ones(shape));
      const val = mx.nd.empty(shape);
      await kv.pull(key, { out: val });
      await expectAll(val, 1);
    }
  });

  it('init stores a copy that pull returns', async () => {
    for (const key of [3, 'a']) {
      const kv = mx.kv.create(type);
      const v = mx.nd.ones(shape).mul(4);
      await kv.init(key, v);
      v.set(0); // the store holds a copy, not the caller's array
      const a = mx.nd.zeros(shape);
      await kv.pull(key, { out: a });
      await expectAll(a, 4);
    }
  });

  it('list key-value pairs push & pull', async () => {
    for (const [kv, ks] of [[await initKv(type), keys], [await initKvWithStr(type), strKeys]] as const) {
      await kv.push(ks, ks.map(() => mx.nd.ones(shape).mul(4)));
      const val = ks.map(() => mx.nd.empty(shape));
      await kv.pull(ks, { out: val });
      for (const v of val) await expectAll(v, 4);
    }
  });

  it('aggregator: values from 4 fake devices cpu(0..3) are summed', async () => {
    for (const [kv, key, ks] of [[await initKv(type), 3, keys], [await initKvWithStr(type), 'a', strKeys]] as const) {
      const vals = devs.map((d) => mx.nd.ones(shape, d));
      await kv.push(key, vals);
      await kv.pull(key, { out: vals });
      for (const v of vals) await expectAll(v, 4);
      vals.forEach((v, i) => expect(v.context.equals(devs[i]!)).toBe(true));

      const list = ks.map(() => devs.map((d) => mx.nd.ones(shape, d).mul(2)));
      await kv.push(ks, list);
      await kv.pull(ks, { out: list });
      for (const vv of list) for (const v of vv) await expectAll(v, 8);
    }
  });

  it('updater local += recv: 4 devices then 4 pushes of 4 devices give 4 and 16', async () => {
    for (const [kv, key, ks] of [[await initKv(type), 3, keys], [await initKvWithStr(type), 'a', strKeys]] as const) {
      const seenKeys: unknown[] = [];
      kv._set_updater((k, recv, local) => {
        seenKeys.push(k);
        local.iadd(recv.as_in_context(local.context));
      });
      const vals = devs.map((d) => mx.nd.ones(shape, d));
      await kv.push(key, vals);
      await kv.pull(key, { out: vals });
      for (const v of vals) await expectAll(v, 4);

      const list = ks.map(() => devs.map((d) => mx.nd.ones(shape, d)));
      for (let i = 0; i < 4; i++) await kv.push(ks, list);
      await kv.pull(ks, { out: list });
      for (const vv of list) for (const v of vv) await expectAll(v, 16);
      // The updater gets the keys as given: ints stay numbers, strings stay strings.
      expect(seenKeys.every((k) => typeof k === typeof key)).toBe(true);
      expect(seenKeys.length).toBe(1 + 4 * ks.length);
    }
  });

  it("set_optimizer('test'): pull gives init + k·n·rescale_grad", async () => {
    const rate = 2;
    const n = 3;
    for (const k of [1, 3]) {
      const kv = mx.kv.create(type);
      const init = mx.nd.array([1, 2, 3, 4, 5, 6], { shape: [2, 3] });
      await kv.init('w', init);
      kv.set_optimizer(mx.optimizer.create('test', { rescale_grad: rate }));
      for (let i = 0; i < k; i++) await kv.push('w', [0, 1, 2].slice(0, n).map((d) => mx.nd.ones([2, 3], mx.cpu(d))));
      const out = mx.nd.zeros([2, 3], mx.cpu(1));
      await kv.pull('w', { out });
      const got = await out.asnumpy();
      [1, 2, 3, 4, 5, 6].forEach((v, i) => expect(got[i]).toBe(v + k * n * rate));
    }
  });

  it('pushpull sums into value (default) or into out; broadcast = init then pull', async () => {
    const kv = await initKvWithStr(type);
    const vals = devs.map((d, i) => mx.nd.full(shape, i + 1, d));
    await kv.pushpull('a', vals);
    for (const v of vals) await expectAll(v, 10);
    const outs = [mx.nd.zeros(shape), mx.nd.zeros(shape, mx.cpu(2))];
    await kv.pushpull('b', [mx.nd.ones(shape), mx.nd.ones(shape, mx.cpu(1))], { out: outs });
    for (const o of outs) await expectAll(o, 2);
    const bo = devs.map((d) => mx.nd.zeros(shape, d));
    await kv.broadcast('z', mx.nd.full(shape, 7), { out: bo });
    for (const o of bo) await expectAll(o, 7);
    await expect(kv.broadcast('z', mx.nd.ones(shape), { out: bo })).rejects.toThrow(/duplicate init of key "z"/);
  });

  it('un-awaited calls still run in call order', async () => {
    const kv = mx.kv.create(type);
    void kv.init(9, mx.nd.zeros(shape));
    void kv.push(9, [mx.nd.ones(shape), mx.nd.ones(shape, mx.cpu(1))]);
    const out = mx.nd.empty(shape);
    await kv.pull(9, out);
    await expectAll(out, 2);
  });
});

describe('kvstore errors and properties', () => {
  it('pull or push before init, duplicate init, shape mismatches', async () => {
    const kv = mx.kv.create();
    await expect(kv.pull(3, { out: mx.nd.zeros(shape) })).rejects.toThrow(/key 3 has not been inited/);
    await expect(kv.push(3, mx.nd.zeros(shape))).rejects.toThrow(/key 3 has not been inited/);
    await kv.init(3, mx.nd.zeros(shape));
    await expect(kv.init(3, mx.nd.zeros(shape))).rejects.toThrow(/duplicate init of key 3/);
    await expect(kv.init(4, [mx.nd.zeros(shape), mx.nd.zeros(shape)])).rejects.toThrow(/duplicate init of key 4/);
    await expect(kv.push(3, mx.nd.zeros([2, 2]))).rejects.toThrow(/key 3 holds shape \(4, 4\), got an array of shape \(2, 2\)/);
    await expect(kv.pull(3, { out: mx.nd.zeros([5]) })).rejects.toThrow(/\(5,\)/);
    await expect(kv.pull(3)).rejects.toThrow(/no out given/);
    await expect(kv.push([3, 4], [mx.nd.zeros(shape)])).rejects.toThrow(/2 keys but 1 values/);
    await expect(kv.push(3, [1, 2] as never)).rejects.toThrow(/must be an NDArray or a list of NDArrays/);
    await expect(kv.push(1.5, mx.nd.zeros(shape))).rejects.toThrow(/unexpected type for keys/);
    await expect(kv.push(3, mx.nd.zeros(shape), { prio: 1 })).rejects.toThrow(/unexpected keyword argument 'prio'/);
    // The store still works after failed calls.
    await kv.push(3, mx.nd.ones(shape));
    const out = mx.nd.empty(shape);
    await kv.pull(3, { out });
    await expectAll(out, 1);
  });

  it('a store accepts either int or str keys (test_invalid_pull key types)', async () => {
    const intKv = await initKv();
    const strKv = await initKvWithStr();
    for (const [kv, key, list] of [[intKv, 'a', strKeys], [strKv, 3, keys]] as const) {
      const v = mx.nd.ones(shape).mul(2);
      await expect(kv.init(key, v)).rejects.toThrow(/either int or str keys/);
      await expect(kv.push(key, v)).rejects.toThrow(/either int or str keys/);
      await expect(kv.pull(key, { out: v })).rejects.toThrow(/either int or str keys/);
      await expect(kv.push(list, list.map(() => v))).rejects.toThrow(/either int or str keys/);
    }
    await expect(mx.kv.create().init([1, 'x'], [mx.nd.ones(shape), mx.nd.ones(shape)])).rejects.toThrow(/inconsistent types of keys/);
  });

  it('type, rank, num_workers, is_capable; dist and unknown types', () => {
    expect(mx.kv.create().type).toBe('local');
    expect(mx.kv.create('local_allreduce_cpu').type).toBe('local_allreduce_cpu');
    expect(mx.kv.create('Device').type).toBe('device');
    const kv = mx.kv.create('local');
    expect(kv.rank).toBe(0);
    expect(kv.num_workers).toBe(1);
    expect(kv.is_capable('optimizer')).toBe(true);
    expect(kv.is_capable('OPTIMIZER')).toBe(true);
    expect(() => kv.is_capable('compression')).toThrow(/Unknown capability: compression/);
    for (const t of ['dist_sync', 'dist_async', 'dist_device_sync']) {
      expect(() => mx.kv.create(t)).toThrow(new RegExp(`distributed kvstore '${t}' is not supported yet; use 'local' or 'device'`));
    }
    expect(() => mx.kv.create('nccl')).toThrow(/'nccl'.*use 'local' or 'device'/);
    expect(() => mx.kv.create(3 as never)).toThrow(/name must be a string/);
    expect(mx.kvstore.create).toBe(mx.kv.create);
  });

  it("set_optimizer('sgd') updates the stored weight with the summed gradient (docstring example)", async () => {
    const kv = mx.kv.create();
    await kv.init(3, mx.nd.zeros([2, 2]));
    kv.set_optimizer(mx.optimizer.create('sgd', { learning_rate: 0.01 }));
    await kv.push(3, [mx.nd.ones([2, 2]), mx.nd.ones([2, 2], mx.cpu(1))]);
    const w = mx.nd.zeros([2, 2]);
    await kv.pull(3, { out: w });
    for (const e of await w.asnumpy()) expect(e).toBeCloseTo(-0.02, 7);
  });
});
