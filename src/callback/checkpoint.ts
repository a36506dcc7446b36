// mx.callback.do_checkpoint (python/mxnet/callback.py): an epoch-end callback that saves
// `prefix-symbol.json` and `prefix-%04d.params` every `period` epochs (epoch numbers are 1-based).

import type { NDArray } from '../ndarray/ndarray.js';
import { save_checkpoint } from '../model/checkpoint.js';
import type { Symbol } from '../symbol/symbol.js';

export type EpochEndCallback = (iter_no: number, sym: Symbol | null, arg: Record<string, NDArray>,
  aux: Record<string, NDArray>) => Promise<void> | undefined;

/** do_checkpoint(prefix, period=1): returns the save promise on checkpoint epochs (fit awaits it). */
export function do_checkpoint(prefix: string, period = 1): EpochEndCallback {
  const every = Math.trunc(Math.max(1, period));
  return (iter_no, sym, arg, aux) => {
    if ((iter_no + 1) % every !== 0) return undefined;
    return save_checkpoint(prefix, iter_no + 1, sym, arg, aux);
  };
}
