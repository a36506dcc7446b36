// FeedForward._init_iter / _init_eval_iter: turn X (+ y) into a DataIter. Arrays train with
// NDArrayIter(shuffle, roll_over) and predict with NDArrayIter(pad); a DataIter is used as given.
// Unlike MXNet, the label array feeds the symbol's own label input (e.g. `sm_label`), not always
// `softmax_label`, so a network whose output is not named `softmax` still trains from arrays.

import { MXNetError, shapeStr } from '../base.js';
import { DataIter, NDArrayIter } from '../io/index.js';
import { array, zeros } from '../ndarray/create.js';
import { NDArray } from '../ndarray/ndarray.js';

/** What FeedForward accepts for X / y: an NDArray, nested numbers, or a typed array with its shape. */
export type ArrayInput = NDArray | number[] | number[][] | ArrayLike<number> | { data: ArrayLike<number>; shape: number[] };

export function toNDArray(v: ArrayInput, what: string): NDArray {
  if (v instanceof NDArray) return v;
  if (typeof v === 'object' && v !== null && 'data' in v && 'shape' in v && !ArrayBuffer.isView(v)) {
    return array(v.data, { shape: v.shape });
  }
  if (Array.isArray(v) || ArrayBuffer.isView(v)) return array(v);
  throw new MXNetError(`${what} must be an NDArray, a nested number array, a typed array or {data, shape}`);
}

/** The label input of `argNames`: the one argument ending in `label`, else MXNet's default name. */
export function labelNameOf(argNames: readonly string[]): string {
  const labels = argNames.filter((n) => n.endsWith('label'));
  return labels.length === 1 ? labels[0]! : 'softmax_label';
}

export function initIter(X: ArrayInput | DataIter, y: ArrayInput | null | undefined, is_train: boolean,
  batchSize: number, labelName: string): { iter: DataIter; owned: NDArray[] } {
  if (X instanceof DataIter) return { iter: X, owned: [] };
  const owned: NDArray[] = [];
  const x = toNDArray(X as ArrayInput, 'X');
  if (x !== X) owned.push(x);
  const n = x.shape[0] ?? 0;
  let label: NDArray;
  if (y === null || y === undefined) {
    if (is_train) throw new MXNetError('y must be specified when X is an array');
    label = zeros([n]);
    owned.push(label);
  } else {
    label = toNDArray(y, 'y');
    if (label !== y) owned.push(label);
  }
  if (label.shape[0] !== n) {
    throw new MXNetError(`The numbers of data points and labels not equal: X ${shapeStr(x.shape)} vs y ${shapeStr(label.shape)}`);
  }
  if (label.ndim === 2 && label.shape[1] === 1) {
    const flat = label.reshape([n]);
    owned.push(flat);
    label = flat;
  }
  if (label.ndim !== 1) throw new MXNetError(`Label must be 1D or 2D (with 2nd dimension being 1), got ${shapeStr(label.shape)}`);
  const batch_size = Math.min(n, batchSize);
  const iter = is_train
    ? new NDArrayIter(x, { label, batch_size, shuffle: true, last_batch_handle: 'roll_over', label_name: labelName })
    : new NDArrayIter(x, { label, batch_size, shuffle: false, label_name: labelName });
  return { iter, owned };
}

/** eval_data: a DataIter, or `[data, label]` which goes through initIter with is_train = true (as MXNet). */
export function initEvalIter(eval_data: unknown, batchSize: number, labelName: string): { iter: DataIter | null; owned: NDArray[] } {
  if (eval_data === null || eval_data === undefined) return { iter: null, owned: [] };
  if (eval_data instanceof DataIter) return { iter: eval_data, owned: [] };
  if (Array.isArray(eval_data) && eval_data.length === 2) {
    const [d, l] = eval_data as [unknown, unknown];
    if (d instanceof DataIter) return { iter: d, owned: [] };
    return initIter(d as ArrayInput, l as ArrayInput, true, batchSize, labelName);
  }
  throw new MXNetError('eval_data must be a DataIter or a [data, label] pair');
}
