// kvstore/base.py `_ctype_key_value`: how `(key, value)` arguments flatten into (key, arrays) pairs —
// one key with one array or a list (one per device), or a list of keys with one such entry each.

import { MXNetError } from '../base.js';
import { NDArray } from '../ndarray/ndarray.js';

/** A kvstore key: an int or a string (one kind per store). */
export type Key = number | string;

/** A value argument: one array, a list of per-device arrays, or (with a list of keys) a list of those. */
export type Values = NDArray | readonly NDArray[] | readonly (NDArray | readonly NDArray[])[];

/** One key and its arrays in call order. */
export type KeyArrays = [Key, NDArray[]];

function checkKey(key: unknown, fn: string): Key {
  if (typeof key === 'string') return key;
  if (typeof key === 'number' && Number.isInteger(key)) return key;
  throw new MXNetError(`kvstore.${fn}: unexpected type for keys: ${JSON.stringify(key)} (keys are ints or strings)`);
}

function arraysOf(key: Key, value: unknown, fn: string, what: string): NDArray[] {
  const list = value instanceof NDArray ? [value] : Array.isArray(value) ? value : null;
  if (list === null || !list.every((v) => v instanceof NDArray)) {
    throw new MXNetError(`kvstore.${fn}: the ${what} of key ${JSON.stringify(key)} must be an NDArray or a list of NDArrays`);
  }
  return list as NDArray[];
}

/** Flatten `(key(s), value(s))` into pairs; every key of one call must be of the same kind. */
export function keyArrays(keys: unknown, values: unknown, fn: string, what = 'value'): KeyArrays[] {
  if (values === undefined || values === null) throw new MXNetError(`kvstore.${fn}: no ${what} given`);
  if (!Array.isArray(keys)) {
    const key = checkKey(keys, fn);
    return [[key, arraysOf(key, values, fn, what)]];
  }
  if (!Array.isArray(values) || values.length !== keys.length) {
    const n = Array.isArray(values) ? values.length : 1;
    throw new MXNetError(`kvstore.${fn}: ${keys.length} keys but ${n} ${what}s (give one ${what} or list per key)`);
  }
  const pairs = keys.map((k, i): KeyArrays => {
    const key = checkKey(k, fn);
    return [key, arraysOf(key, values[i], fn, what)];
  });
  if (new Set(pairs.map(([k]) => typeof k)).size > 1) {
    throw new MXNetError(`kvstore.${fn}: inconsistent types of keys detected (${JSON.stringify(keys)})`);
  }
  return pairs;
}

/** Gather the arrays of a key that appears several times in one call (kvstore_local.h GroupKVPairs). */
export function groupByKey(pairs: readonly KeyArrays[]): KeyArrays[] {
  const grouped = new Map<Key, NDArray[]>();
  for (const [key, arrays] of pairs) grouped.set(key, [...(grouped.get(key) ?? []), ...arrays]);
  return [...grouped];
}
