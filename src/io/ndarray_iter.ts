// mx.io.NDArrayIter (python/mxnet/io/io.py, MXNet 1.9.1): batches over in-memory arrays with the
// cursor arithmetic of api-semantics §9.2 — 'pad' (wrap to the start, tiling if needed), 'discard',
// and 'roll_over' (the short tail is cached and opens the next epoch's first batch).
//
// Ownership: the iterator owns every array in the batches it returns. A batch stays valid until the
// next call of next()/getdata()/getlabel()/reset()/hard_reset()/dispose(); copy what you keep longer.
// Full in-range batches are zero-copy views of the sources; padded and rolled-over batches are
// assembled by device copies into one reused buffer per source. dispose() frees everything the
// iterator created (converted inputs, shuffled copies, batch buffers, the roll-over cache).

import { bindArgs, checkKwargs, MXNetError, pop } from '../base.js';
import { empty } from '../ndarray/create.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { permutation } from '../random.js';
import { DataBatch } from './data_batch.js';
import { DataDesc } from './data_desc.js';
import { DataIter } from './data_iter.js';
import { initData, type NamedArray } from './init_data.js';

const ARGS = ['data', 'label', 'batch_size', 'shuffle', 'last_batch_handle', 'data_name', 'label_name'] as const;
const HANDLES = ['pad', 'discard', 'roll_over'] as const;
type Group = 'data' | 'label';

export class NDArrayIter extends DataIter {
  readonly shuffle: boolean;
  readonly last_batch_handle: (typeof HANDLES)[number];
  readonly num_data: number;
  cursor: number;
  private readonly sources: Record<Group, NamedArray[]>;
  /** Per source name: the reused [batch_size, ...] buffer for assembled batches. */
  private readonly buffers = new Map<string, NDArray>();
  /** Views handed out in the current batch, released when the next batch of that group is made. */
  private readonly lent: Record<Group, NDArray[]> = { data: [], label: [] };
  /** roll_over: the short tail of the last epoch (views), per group; null when nothing is cached. */
  private readonly cache: Record<Group, NDArray[] | null> = { data: null, label: null };
  private disposed = false;

  /**
   * NDArrayIter(data, label=None, batch_size=1, shuffle=False, last_batch_handle='pad',
   * data_name='data', label_name='softmax_label'). See init_data.ts for the accepted inputs.
   */
  constructor(...args: unknown[]) {
    const kw = bindArgs('NDArrayIter', ARGS, args);
    checkKwargs('NDArrayIter', kw, ARGS);
    const batch_size = pop(kw, 'batch_size', 1);
    if (!Number.isInteger(batch_size) || batch_size < 1) {
      throw new MXNetError(`NDArrayIter: batch_size must be a positive integer, got ${batch_size}`);
    }
    const handle = pop(kw, 'last_batch_handle', 'pad');
    if (!(HANDLES as readonly string[]).includes(handle)) {
      throw new MXNetError(`NDArrayIter: last_batch_handle must be one of ${HANDLES.join(', ')}, got '${handle}'`);
    }
    super(batch_size);
    this.last_batch_handle = handle as (typeof HANDLES)[number];
    this.shuffle = Boolean(pop(kw, 'shuffle', false));
    const data = initData(kw.data, false, pop(kw, 'data_name', 'data'));
    let label: NamedArray[];
    try {
      label = initData(kw.label, true, pop(kw, 'label_name', 'softmax_label'));
    } catch (e) {
      for (const s of data) if (s.owned) s.array.dispose();
      throw e;
    }
    this.sources = { data, label };
    this.num_data = data[0]!.array.shape[0] ?? 0;
    for (const s of [...data, ...label]) {
      if (s.array.ndim === 0 || s.array.shape[0]! < this.num_data) {
        this.disposeSources();
        throw new MXNetError(`NDArrayIter: '${s.name}' has shape [${s.array.shape}] but the first data array '${data[0]!.name}' has ${this.num_data} samples`);
      }
    }
    this.cursor = -batch_size;
    this.reset();
  }

  /** [name, array] pairs of the data, sorted by name (Python's `self.data`). */
  get data(): [string, NDArray][] {
    return this.sources.data.map((s) => [s.name, s.array]);
  }
  get label(): [string, NDArray][] {
    return this.sources.label.map((s) => [s.name, s.array]);
  }

  override get provide_data(): DataDesc[] {
    return this.describe(this.sources.data);
  }
  override get provide_label(): DataDesc[] {
    return this.describe(this.sources.label);
  }

  private describe(sources: readonly NamedArray[]): DataDesc[] {
    return sources.map((s) => new DataDesc(s.name, [this.batch_size, ...s.array.shape.slice(1)], s.array.dtype));
  }

  /** Start over ignoring any rolled-over samples. */
  hard_reset(): void {
    this.checkAlive();
    this.releaseLent();
    if (this.shuffle) this.shuffleData();
    this.cursor = -this.batch_size;
    this.dropCache();
  }

  override reset(): void {
    this.checkAlive();
    this.releaseLent();
    if (this.shuffle) this.shuffleData();
    const n = this.num_data;
    const b = this.batch_size;
    if (this.last_batch_handle === 'roll_over' && n - b < this.cursor && this.cursor < n) {
      // The cached tail (n - cursor samples) opens the next epoch: cursor lands at -(n - cursor) after +b.
      this.cursor = this.cursor - n - b;
    } else {
      this.cursor = -b;
      this.dropCache();
    }
  }

  override iter_next(): boolean {
    this.checkAlive();
    this.cursor += this.batch_size;
    return this.cursor < this.num_data;
  }

  override next(): DataBatch | null {
    if (!this.iter_next()) return null;
    const data = this.getdata();
    const label = this.getlabel();
    if (data[0]!.shape[0] !== this.batch_size) {
      // Short tail (discard / roll_over): keep it for the next epoch instead of returning it.
      this.dropCache();
      this.cache.data = this.takeLent('data');
      this.cache.label = this.takeLent('label');
      return null;
    }
    return new DataBatch(data, { label, pad: this.getpad(), index: null });
  }

  override getdata(): NDArray[] {
    return this.batchify('data');
  }

  override getlabel(): NDArray[] {
    return this.batchify('label');
  }

  override getpad(): number {
    const n = this.num_data;
    const b = this.batch_size;
    if (this.last_batch_handle === 'pad' && this.cursor + b > n) return this.cursor + b - n;
    if (this.last_batch_handle === 'roll_over' && -b < this.cursor && this.cursor < 0) return -this.cursor;
    return 0;
  }

  /** Free every array the iterator created; the iterator cannot be used afterwards. */
  dispose(): void {
    if (this.disposed) return;
    this.releaseLent();
    this.dropCache();
    for (const buf of this.buffers.values()) buf.dispose();
    this.buffers.clear();
    this.disposeSources();
    this.disposed = true;
  }

  private batchify(group: Group): NDArray[] {
    this.checkAlive();
    const n = this.num_data;
    const b = this.batch_size;
    const c = this.cursor;
    if (c >= n) throw new MXNetError('NDArrayIter: DataIter needs reset.');
    this.releaseGroup(group);
    const sources = this.sources[group];
    if (this.last_batch_handle === 'roll_over' && -b < c && c < 0) {
      const cached = this.cache[group];
      if (!cached) {
        throw new MXNetError('NDArrayIter: roll_over expects the cached tail of the previous epoch; call next() until it returns null before reset()');
      }
      this.cache[group] = null;
      const out = sources.map((s, i) => {
        const buf = this.buffer(s);
        const tail = cached[i]!;
        copyRows(buf, 0, tail, 0, tail.shape[0]!);
        copyRows(buf, tail.shape[0]!, s.array, 0, c + b);
        return buf;
      });
      for (const v of cached) v.dispose();
      return out;
    }
    if (this.last_batch_handle === 'pad' && c + b > n) {
      // Samples [c, n) then samples from the start, repeated as often as needed to fill the batch.
      return sources.map((s) => {
        const buf = this.buffer(s);
        copyRows(buf, 0, s.array, c, n - c);
        for (let filled = n - c; filled < b; filled += Math.min(n, b - filled)) {
          copyRows(buf, filled, s.array, 0, Math.min(n, b - filled));
        }
        return buf;
      });
    }
    const end = Math.min(c + b, n);
    const views = sources.map((s) => s.array.slice(c, end));
    this.lent[group] = views;
    return views;
  }

  /** numpy.random.shuffle of the sample order, applied physically to every source with one permutation. */
  private shuffleData(): void {
    const perm = permutation(this.num_data);
    for (const s of [...this.sources.data, ...this.sources.label]) {
      const src = s.array;
      const shuffled = empty([this.num_data, ...src.shape.slice(1)], src.context, src.dtype);
      src.backend.takeRows(shuffled.ref, src.ref, perm, rowLength(src));
      if (s.owned) src.dispose();
      s.array = shuffled;
      s.owned = true;
    }
  }

  private buffer(s: NamedArray): NDArray {
    let buf = this.buffers.get(s.name);
    if (!buf) {
      buf = empty([this.batch_size, ...s.array.shape.slice(1)], s.array.context, s.array.dtype);
      this.buffers.set(s.name, buf);
    }
    return buf;
  }

  private takeLent(group: Group): NDArray[] {
    const views = this.lent[group];
    this.lent[group] = [];
    return views;
  }

  private releaseGroup(group: Group): void {
    for (const v of this.takeLent(group)) v.dispose();
  }

  private releaseLent(): void {
    this.releaseGroup('data');
    this.releaseGroup('label');
  }

  private dropCache(): void {
    for (const g of ['data', 'label'] as const) {
      for (const v of this.cache[g] ?? []) v.dispose();
      this.cache[g] = null;
    }
  }

  private disposeSources(): void {
    for (const s of [...this.sources.data, ...this.sources.label]) if (s.owned) s.array.dispose();
  }

  private checkAlive(): void {
    if (this.disposed) throw new MXNetError('NDArrayIter used after dispose()');
  }
}

function rowLength(a: NDArray): number {
  return a.shape.slice(1).reduce((p, d) => p * d, 1);
}

/** Copy `rows` consecutive samples from src[srcRow…] into dst[dstRow…] (rows are contiguous). */
function copyRows(dst: NDArray, dstRow: number, src: NDArray, srcRow: number, rows: number): void {
  if (rows <= 0) return;
  const len = rowLength(dst);
  const d = dst.ref;
  const s = src.ref;
  if (!dst.context.equals(src.context)) throw new MXNetError(`NDArrayIter: cannot copy rows from ${src.context} to ${dst.context}`);
  dst.backend.copy({ buf: d.buf, off: d.off + dstRow * len }, { buf: s.buf, off: s.off + srcRow * len }, rows * len);
}
