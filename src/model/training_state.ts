// What exact resume needs besides the parameters (MXNet's save_optimizer_states / load_optimizer_states,
// extended): the Updater's states and update counters, the random streams at the end of the last
// epoch's training pass, and where the data iterators' shuffle stream began — written to and read from
// `prefix-%04d.states` (src/format/states.ts).

import { MXNetError, sameShape, shapeStr } from '../base.js';
import { fileExists, readBytes, writeBytesAtomic } from '../fsio.js';
import { decodeStates, encodeStates, type SavedTrainingStates, type StateTree } from '../format/states.js';
import { getLogger } from '../logging.js';
import { array } from '../ndarray/create.js';
import { NDArray } from '../ndarray/ndarray.js';
import type { Index, OptState, Updater } from '../optimizer/index.js';
import * as random from '../random.js';

/** `prefix-0007.states`, next to `prefix-0007.params`. */
export function statesFileName(prefix: string, epoch: number): string {
  return `${prefix}-${String(epoch).padStart(4, '0')}.states`;
}

/** The stream the data iterators' shuffles started from: random.getState() at the start of a fit. */
export interface StreamOrigin {
  epoch: number;
  rng: number[];
}

/**
 * One fit's live training state. fit() passes it to epoch-end callbacks as a fifth argument (after
 * Python's four), which is how do_checkpoint(..., {save_optimizer_states: true}) reaches it.
 */
export class TrainingState {
  /** random.getState() when the last finished epoch's training pass ended (its iterator just reset). */
  private rngAtEpochEnd: number[] | null = null;
  private epochsDone: number;

  constructor(readonly updater: Updater, readonly origin: StreamOrigin) {
    this.epochsDone = origin.epoch;
  }

  /** @internal called by the training loop after the data iterator's reset that ends epoch `epoch`. */
  markEpochEnd(epoch: number): void {
    this.rngAtEpochEnd = random.getState();
    this.epochsDone = epoch + 1;
  }

  /** The states on the host, ready to encode. */
  async snapshot(): Promise<SavedTrainingStates> {
    const { tables, num_update } = this.updater._get_update_counters();
    const states: [Index, StateTree][] = [];
    for (const [k, s] of this.updater.states) states.push([k, await toTree(s)]);
    return {
      epoch: this.epochsDone, num_update,
      counters: [...tables].map(([device_id, t]) => ({ device_id, counts: [...t] })),
      states, rng: this.rngAtEpochEnd ?? random.getState(), origin: this.origin,
    };
  }

  /** Write `prefix-%04d.states` atomically. */
  async save(prefix: string, epoch: number): Promise<void> {
    const fname = statesFileName(prefix, epoch);
    await writeBytesAtomic(fname, encodeStates(await this.snapshot()));
    getLogger().info(`Saved optimizer state to "${fname}"`);
  }

  dispose(): void {
    this.updater.dispose();
  }
}

async function toTree(s: OptState): Promise<StateTree> {
  if (s instanceof NDArray) return { shape: [...s.shape], data: await s.asnumpy() };
  if (Array.isArray(s)) {
    const out: StateTree[] = [];
    for (const c of s) out.push(await toTree(c));
    return out;
  }
  return null;
}

/** A loaded `.states` file and its name (for messages). */
export interface LoadedStates extends SavedTrainingStates {
  source: string;
}

export async function loadStates(prefix: string, epoch: number): Promise<LoadedStates> {
  const fname = statesFileName(prefix, epoch);
  if (!(await fileExists(fname))) {
    throw new MXNetError(`load_optimizer_states: ${fname} does not exist (save with {save_optimizer_states: true})`);
  }
  return { ...decodeStates(await readBytes(fname), fname), source: fname };
}

/**
 * Load saved states into a fresh Updater: every state array must have the shape of the weight it
 * belongs to (`shapeOf(index)`), so a states file from another network fails here, naming both.
 */
export function applyStates(updater: Updater, saved: LoadedStates, shapeOf: (index: Index) => readonly number[] | undefined): void {
  const temps: NDArray[] = [];
  const build = (t: StateTree, index: Index, want: readonly number[]): OptState => {
    if (t === null) return null;
    if (Array.isArray(t)) return t.map((c) => build(c, index, want));
    if (!sameShape(t.shape, want)) {
      throw new MXNetError(`${saved.source}: the state of parameter ${index} has shape ${shapeStr(t.shape)}, the weight ${shapeStr(want)}`);
    }
    const a = array(t.data, { shape: t.shape });
    temps.push(a);
    return a;
  };
  try {
    const states = new Map<Index, OptState>();
    for (const [index, tree] of saved.states) {
      const want = shapeOf(index);
      if (!want) throw new MXNetError(`${saved.source}: optimizer state for parameter index ${index}, which this model does not have`);
      states.set(index, build(tree, index, want));
    }
    updater.set_states({ states });
  } finally {
    // set_states keeps copies of its own.
    for (const a of temps) a.dispose();
  }
  const tables = new Map(saved.counters.map((t) => [t.device_id, new Map(t.counts)]));
  updater._set_update_counters(tables, saved.num_update);
}

/** Restore the checkpoint's random streams, warning when a replay did not arrive at the same host state. */
export function restoreRandom(saved: SavedTrainingStates, replayed: boolean): void {
  if (replayed) {
    const now = random.getState();
    if (now.slice(2).some((w, i) => w !== saved.rng[i + 2])) {
      getLogger().warning('resume: replaying the data iterator did not reproduce the checkpoint\'s random state; '
        + 'the data order after resuming may differ (was the iterator created the same way?)');
    }
  }
  random.setState(saved.rng);
}
