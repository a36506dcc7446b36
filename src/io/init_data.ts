// io/utils._init_data: turn NDArrayIter's `data` / `label` argument into a name-sorted list of
// (name, NDArray). One array → [default_name]; a list of several → `_0_<name>`, `_1_<name>`, …;
// a dict (plain object or Map) → its entries sorted by key. Non-NDArray values become float32 arrays.

import { isPlainObject, MXNetError } from '../base.js';
import { array } from '../ndarray/create.js';
import { NDArray } from '../ndarray/ndarray.js';

/** One array-like input: an NDArray, a nested number array, or a 1-D typed array. */
export type ArraySource = NDArray | ArrayLike<number> | readonly unknown[];

/**
 * What NDArrayIter accepts for `data` and `label`: one array, a list of NDArrays / typed arrays, or a
 * dict of arrays (a `Map`, or a plain object — pass a dict as `{data: {...}}` when it is the only
 * argument, since a trailing plain object is the keyword object). An N-D typed array must be wrapped
 * first: `mx.nd.array(f32, {shape})`. A JS array is a *list of inputs* only when every element is an
 * NDArray or a typed array; otherwise it is one nested number array (numpy's `np.array(list)`).
 */
export type IterInput = ArraySource | readonly (NDArray | ArrayLike<number>)[] | Record<string, ArraySource> | Map<string, ArraySource>;

export interface NamedArray {
  name: string;
  array: NDArray;
  /** True when the iterator created the array (converted input or shuffled copy) and must free it. */
  owned: boolean;
}

function isListOfInputs(v: readonly unknown[]): boolean {
  return v.length > 0 && v.every((e) => e instanceof NDArray || ArrayBuffer.isView(e));
}

function convert(name: string, v: unknown): NamedArray {
  if (v instanceof NDArray) return { name, array: v, owned: false };
  if (ArrayBuffer.isView(v) || Array.isArray(v) || typeof v === 'number') {
    return { name, array: array(v), owned: true };
  }
  throw new MXNetError(`NDArrayIter: invalid type '${describe(v)}' for ${name}, should be an NDArray, a nested number array or a typed array`);
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  return typeof v === 'object' ? ((v as object).constructor?.name ?? 'object') : typeof v;
}

export function initData(data: unknown, allowEmpty: boolean, defaultName: string): NamedArray[] {
  if (data === null || data === undefined) {
    if (!allowEmpty) throw new MXNetError('NDArrayIter: data must be given');
    return [];
  }
  let entries: [string, unknown][];
  if (data instanceof NDArray || ArrayBuffer.isView(data)) {
    entries = [[defaultName, data]];
  } else if (Array.isArray(data)) {
    if (data.length === 0) {
      if (!allowEmpty) throw new MXNetError('NDArrayIter: data must not be an empty list');
      return [];
    }
    if (!isListOfInputs(data)) entries = [[defaultName, data]];
    else if (data.length === 1) entries = [[defaultName, data[0]]];
    else entries = data.map((d, i) => [`_${i}_${defaultName}`, d]);
  } else if (data instanceof Map) {
    entries = [...data.entries()].map(([k, v]) => [String(k), v]);
  } else if (isPlainObject(data)) {
    entries = Object.entries(data);
  } else {
    throw new MXNetError('NDArrayIter: input must be an NDArray, a nested number array, a typed array, a list of them or a dict with them as values');
  }
  const out: NamedArray[] = [];
  try {
    for (const [k, v] of entries) out.push(convert(k, v));
  } catch (e) {
    for (const a of out) if (a.owned) a.array.dispose();
    throw e;
  }
  // Python's sorted() on str keys: code-point order.
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}
