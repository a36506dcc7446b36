// mx.io.DataIter (python/mxnet/io/io.py): the iterator protocol every data source follows. Python's
// StopIteration becomes `next()` returning null; the iterator is also a JS iterable / async iterable.

import { bindArgs, checkKwargs } from '../base.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { DataBatch } from './data_batch.js';
import type { DataDesc } from './data_desc.js';

export class DataIter implements Iterable<DataBatch>, AsyncIterable<DataBatch> {
  batch_size: number;
  private _provide_data: DataDesc[] = [];
  private _provide_label: DataDesc[] = [];

  /** DataIter(batch_size=0) */
  constructor(...args: unknown[]) {
    const kw = bindArgs('DataIter', ['batch_size'], args);
    checkKwargs('DataIter', kw, ['batch_size']);
    this.batch_size = (kw.batch_size as number | undefined) ?? 0;
  }

  /** Descriptors of the data arrays of every batch (subclasses compute or assign them). */
  get provide_data(): DataDesc[] {
    return this._provide_data;
  }
  set provide_data(v: DataDesc[]) {
    this._provide_data = v;
  }
  get provide_label(): DataDesc[] {
    return this._provide_label;
  }
  set provide_label(v: DataDesc[]) {
    this._provide_label = v;
  }

  /** Go back to the beginning of the data. */
  reset(): void {}

  /** The next batch, or null at the end of the data (Python raises StopIteration). */
  next(): DataBatch | null {
    if (!this.iter_next()) return null;
    return new DataBatch(this.getdata(), { label: this.getlabel(), pad: this.getpad(), index: this.getindex() });
  }

  /** Move to the next batch; false at the end. */
  iter_next(): boolean {
    return false;
  }

  getdata(): NDArray[] {
    return [];
  }

  getlabel(): NDArray[] {
    return [];
  }

  getindex(): Int32Array | number[] | null {
    return null;
  }

  /** Number of padding samples at the end of the current batch. */
  getpad(): number {
    return 0;
  }

  /** `for (const batch of it)` walks the remaining batches; like Python it does not reset first. */
  [Symbol.iterator](): Iterator<DataBatch> {
    return { next: () => step(this.next()) };
  }

  [Symbol.asyncIterator](): AsyncIterator<DataBatch> {
    return { next: async () => step(this.next()) };
  }
}

function step(batch: DataBatch | null): IteratorResult<DataBatch> {
  return batch === null ? { value: undefined, done: true } : { value: batch, done: false };
}
