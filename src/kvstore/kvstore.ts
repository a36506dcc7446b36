// mx.kvstore.KVStore for one process (src/kvstore/kvstore_local.h, comm.h; python/mxnet/kvstore/kvstore.py):
// push sums the per-device values of a key (Reduce) and stores the sum or runs the updater on it;
// pull copies the stored value to every output (Broadcast). 'device' reduces on the first value's device.

import { bindArgs, checkKwargs, MXNetError, sameShape, shapeStr } from '../base.js';
import { type Context, cpu } from '../context.js';
import { copyAsync, NDArray } from '../ndarray/ndarray.js';
import { copyIntoAsync } from '../model/host_copy.js';
import { get_updater, type Optimizer } from '../optimizer/index.js';
import { groupByKey, type Key, keyArrays, type KeyArrays } from './key_value.js';

/** `updater(key, recv, local)`: update the stored `local` in place from the summed `recv`. */
export type KVUpdater = (key: Key, recv: NDArray, local: NDArray) => void;

/**
 * init / push / pull / pushpull / broadcast return Promises (a gpu value may need an asynchronous
 * read-back); calls on one store run in call order even when not awaited, like MXNet's engine queue.
 */
export class KVStore {
  /** The type string as created, lower-cased (`kv.type` in Python). */
  readonly type: string;
  /** The updater set by set_optimizer / _set_updater (Python's `_updater`), or null. */
  _updater: KVUpdater | null = null;
  private readonly stored = new Map<Key, NDArray>();
  /** Per-key reduction buffers, kept between pushes like CommCPU/CommDevice merge buffers. */
  private readonly merged = new Map<Key, NDArray>();
  private keyKind: 'number' | 'string' | null = null;
  /** The previous operation: every call runs after it, so un-awaited calls still run in call order. */
  private tail: Promise<void> = Promise.resolve();
  /** 'device' in the type: reduce where the values live, not on the cpu. */
  private readonly onDevice: boolean;

  /** @internal use mx.kv.create(name) */
  constructor(type: string) {
    this.type = type;
    this.onDevice = type.includes('device');
  }

  get rank(): number {
    return 0;
  }

  get num_workers(): number {
    return 1;
  }

  /** is_capable(capability): 'optimizer' is supported; anything else is an error, as in MXNet. */
  is_capable(capability: string): boolean {
    if (String(capability).toLowerCase() === 'optimizer') return true;
    throw new MXNetError(`Unknown capability: ${capability}`);
  }

  /** init(key(s), value(s)): store a copy of each value; a key may be initialised only once. */
  async init(...args: unknown[]): Promise<void> {
    const kw = this.args('init', ['key', 'value'], args);
    const pairs = this.checkKinds(keyArrays(kw.key, kw.value, 'init'));
    const seen = new Set<Key>();
    for (const [key, arrays] of pairs) {
      if (this.stored.has(key) || seen.has(key) || arrays.length !== 1) throw new MXNetError(`kvstore.init: duplicate init of key ${JSON.stringify(key)}`);
      seen.add(key);
    }
    return this.enqueue(() => this.initPairs(pairs));
  }

  /**
   * push(key(s), value(s), priority=0): the values of a key are summed; with an updater
   * `updater(key, sum, stored)` runs, otherwise the sum replaces the stored value.
   * `priority` is accepted for compatibility: operations on one store run in call order.
   */
  async push(...args: unknown[]): Promise<void> {
    const kw = this.args('push', ['key', 'value', 'priority'], args);
    const pairs = this.checkKinds(keyArrays(kw.key, kw.value, 'push'));
    return this.enqueue(() => this.pushPairs(pairs));
  }

  /** pull(key(s), out=array(s), priority=0): copy the stored value into every output array. */
  async pull(...args: unknown[]): Promise<void> {
    const kw = this.args('pull', ['key', 'out', 'priority', 'ignore_sparse'], args);
    const pairs = this.checkKinds(keyArrays(kw.key, kw.out, 'pull', 'out'));
    return this.enqueue(() => this.pullPairs(pairs));
  }

  /** pushpull(key(s), value(s), out=None, priority=0): push, then pull into `out` (default: `value`). */
  async pushpull(...args: unknown[]): Promise<void> {
    const kw = this.args('pushpull', ['key', 'value', 'out', 'priority'], args);
    const values = this.checkKinds(keyArrays(kw.key, kw.value, 'pushpull'));
    const outs = kw.out === undefined || kw.out === null ? values : this.checkKinds(keyArrays(kw.key, kw.out, 'pushpull', 'out'));
    return this.enqueue(async () => {
      await this.pushPairs(values);
      await this.pullPairs(outs);
    });
  }

  /** broadcast(key(s), value(s), out, priority=0): init with `value`, then pull into `out`. */
  async broadcast(...args: unknown[]): Promise<void> {
    const kw = this.args('broadcast', ['key', 'value', 'out', 'priority'], args);
    const outs = this.checkKinds(keyArrays(kw.key, kw.out, 'broadcast', 'out'));
    await this.init(kw.key, kw.value);
    return this.enqueue(() => this.pullPairs(outs));
  }

  /** set_optimizer(optimizer): for a local store, updates run here through get_updater(optimizer). */
  set_optimizer(optimizer: Optimizer): void {
    this._set_updater(get_updater(optimizer));
  }

  /** _set_updater(updater): `updater(key, recv, stored)` runs on every push. */
  _set_updater(updater: KVUpdater): void {
    this._updater = updater;
  }

  /** Free the stored values and reduction buffers (mxjs: JavaScript has no destructor to do it). */
  dispose(): void {
    for (const a of [...this.stored.values(), ...this.merged.values()]) a.dispose();
    this.stored.clear();
    this.merged.clear();
  }

  private args(fn: string, names: readonly string[], args: readonly unknown[]): Record<string, unknown> {
    const kw = bindArgs(`kvstore.${fn}`, names, args);
    checkKwargs(`kvstore.${fn}`, kw, names);
    return kw;
  }

  private enqueue(op: () => Promise<void>): Promise<void> {
    const run = this.tail.then(op);
    this.tail = run.catch(() => undefined);
    return run;
  }

  /** A store takes either int or string keys (kvstore.cc keeps them apart); mixing is an error. */
  private checkKinds(pairs: KeyArrays[]): KeyArrays[] {
    for (const [key] of pairs) {
      const kind = typeof key as 'number' | 'string';
      this.keyKind ??= kind;
      if (kind !== this.keyKind) {
        throw new MXNetError(`kvstore: key ${JSON.stringify(key)} is a ${kind === 'number' ? 'int' : 'string'}, but this store uses ${this.keyKind === 'number' ? 'int' : 'string'} keys (a kvstore accepts either int or str keys, not both)`);
      }
    }
    return pairs;
  }

  private storedValue(key: Key, fn: string, arrays: readonly NDArray[]): NDArray {
    const stored = this.stored.get(key);
    if (!stored) throw new MXNetError(`kvstore.${fn}: key ${JSON.stringify(key)} has not been inited`);
    for (const a of arrays) {
      if (!sameShape(a.shape, stored.shape)) {
        throw new MXNetError(`kvstore.${fn}: key ${JSON.stringify(key)} holds shape ${shapeStr(stored.shape)}, got an array of shape ${shapeStr(a.shape)}`);
      }
    }
    return stored;
  }

  private async initPairs(pairs: readonly KeyArrays[]): Promise<void> {
    for (const [key, [value]] of pairs) {
      // Stored on the cpu (MXNet: the pinned context); a 'device' store moves it on its first update.
      const copy = NDArray._empty(value!.shape, cpu(), value!.dtype);
      this.stored.set(key, copy);
      await copyIntoAsync(value!, copy);
    }
  }

  private async pushPairs(pairs: readonly KeyArrays[]): Promise<void> {
    for (const [key, arrays] of groupByKey(pairs)) {
      let stored = this.storedValue(key, 'push', arrays);
      const sum = await this.reduce(key, arrays);
      if (!sum.context.equals(stored.context)) {
        // kvstore_local.h: the weight follows the merged gradient onto the device that reduced it.
        const moved = await copyAsync(stored, sum.context);
        stored.dispose();
        stored = moved;
        this.stored.set(key, moved);
      }
      if (this._updater) this._updater(key, sum, stored);
      else if (sum !== stored) sum.copyto(stored);
    }
  }

  /** Sum of the arrays on the cpu ('local') or on the first array's device ('device'). */
  private async reduce(key: Key, arrays: readonly NDArray[]): Promise<NDArray> {
    const first = arrays[0]!;
    const ctx: Context = this.onDevice ? first.context : cpu();
    // Comm::Reduce hands a single value on the reduction device over as it is, without a copy.
    if (arrays.length === 1 && first.context.equals(ctx)) return first;
    let buf = this.merged.get(key);
    if (!buf || !buf.context.equals(ctx) || buf.dtype !== first.dtype) {
      buf?.dispose();
      buf = NDArray._empty(first.shape, ctx, first.dtype);
      this.merged.set(key, buf);
    }
    await copyIntoAsync(first, buf);
    for (const a of arrays.slice(1)) {
      if (a.context.equals(ctx)) {
        buf.iadd(a);
        continue;
      }
      const moved = await copyAsync(a, ctx);
      buf.iadd(moved);
      moved.dispose();
    }
    return buf;
  }

  private async pullPairs(pairs: readonly KeyArrays[]): Promise<void> {
    for (const [key, outs] of pairs) {
      const stored = this.storedValue(key, 'pull', outs);
      for (const out of outs) await copyIntoAsync(stored, out);
    }
  }
}
