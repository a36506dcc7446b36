// mx.io.DataBatch (python/mxnet/io/io.py): the lists of data and label arrays of one batch, the
// number of padded samples at its end, and optional descriptors; str() as MXNet prints it.

import { bindArgs, checkKwargs, MXNetError, shapeStr } from '../base.js';
import type { NDArray } from '../ndarray/ndarray.js';
import type { DataDesc } from './data_desc.js';

const ARGS = ['data', 'label', 'pad', 'index', 'bucket_key', 'provide_data', 'provide_label'] as const;

export class DataBatch {
  data: NDArray[];
  label: NDArray[] | null;
  pad: number | null;
  index: Int32Array | number[] | null;
  bucket_key: unknown;
  provide_data: DataDesc[] | null;
  provide_label: DataDesc[] | null;

  /** DataBatch(data, label=None, pad=None, index=None, bucket_key=None, provide_data=None, provide_label=None) */
  constructor(...args: unknown[]) {
    const kw = bindArgs('DataBatch', ARGS, args);
    checkKwargs('DataBatch', kw, ARGS);
    if (kw.data !== undefined && kw.data !== null && !Array.isArray(kw.data)) {
      throw new MXNetError('DataBatch: Data must be list of NDArrays');
    }
    if (kw.label !== undefined && kw.label !== null && !Array.isArray(kw.label)) {
      throw new MXNetError('DataBatch: Label must be list of NDArrays');
    }
    this.data = (kw.data as NDArray[] | undefined) ?? [];
    this.label = (kw.label as NDArray[] | undefined) ?? null;
    this.pad = (kw.pad as number | undefined) ?? null;
    this.index = (kw.index as Int32Array | number[] | undefined) ?? null;
    this.bucket_key = kw.bucket_key ?? null;
    this.provide_data = (kw.provide_data as DataDesc[] | undefined) ?? null;
    this.provide_label = (kw.provide_label as DataDesc[] | undefined) ?? null;
  }

  /** `DataBatch: data shapes: [(2, 3)] label shapes: None` */
  toString(): string {
    const shapes = (arrs: readonly NDArray[]) => `[${arrs.map((a) => shapeStr(a.shape)).join(', ')}]`;
    const labels = this.label && this.label.length > 0 ? shapes(this.label) : 'None';
    return `${this.constructor.name}: data shapes: ${shapes(this.data)} label shapes: ${labels}`;
  }
}
