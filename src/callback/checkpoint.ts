// mx.callback.do_checkpoint (python/mxnet/callback.py): an epoch-end callback that saves
// `prefix-symbol.json` and `prefix-%04d.params` every `period` epochs (epoch numbers are 1-based).
// With {save_optimizer_states: true} (Module's module_checkpoint option) it also writes
// `prefix-%04d.states` from the training state FeedForward.fit passes as a fifth argument.

import { bindArgs, checkKwargs, MXNetError, pop } from '../base.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { save_checkpoint } from '../model/checkpoint.js';
import type { TrainingState } from '../model/training_state.js';
import type { Symbol } from '../symbol/symbol.js';

export type EpochEndCallback = (iter_no: number, sym: Symbol | null, arg: Record<string, NDArray>,
  aux: Record<string, NDArray>, training?: TrainingState) => Promise<void> | undefined;

/** do_checkpoint(prefix, period=1, {save_optimizer_states: false}): returns the save promise on checkpoint epochs (fit awaits it). */
export function do_checkpoint(...args: unknown[]): EpochEndCallback {
  const kw = bindArgs('do_checkpoint', ['prefix', 'period'], args);
  checkKwargs('do_checkpoint', kw, ['prefix', 'period', 'save_optimizer_states']);
  const prefix = kw.prefix as string;
  const every = Math.trunc(Math.max(1, pop(kw, 'period', 1)));
  const withStates = Boolean(pop(kw, 'save_optimizer_states', false));
  return (iter_no, sym, arg, aux, training) => {
    if ((iter_no + 1) % every !== 0) return undefined;
    if (withStates && !training) {
      throw new MXNetError('do_checkpoint: save_optimizer_states needs the training state FeedForward.fit passes to epoch-end callbacks');
    }
    return (async () => {
      await save_checkpoint(prefix, iter_no + 1, sym, arg, aux);
      if (withStates) await training!.save(prefix, iter_no + 1);
    })();
  };
}
