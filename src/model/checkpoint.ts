// mx.model.save_checkpoint / load_checkpoint / load_params (python/mxnet/model.py): `prefix-symbol.json`
// plus `prefix-%04d.params` holding `arg:` entries then `aux:` entries, written atomically.

import { MXNetError } from '../base.js';
import { cpu } from '../context.js';
import { getLogger } from '../logging.js';
import { copyAsync, type NDArray } from '../ndarray/ndarray.js';
import { type Loaded, load as ndLoad, save as ndSave } from '../ndarray/serialize.js';
import { load as symLoad } from '../symbol/load.js';
import type { Symbol } from '../symbol/symbol.js';

export type ParamDict = Record<string, NDArray>;

/** `prefix-0007.params`: %04d is a minimum width (epoch 12345 keeps five digits). */
export function paramsFileName(prefix: string, epoch: number): string {
  return `${prefix}-${String(epoch).padStart(4, '0')}.params`;
}

export async function save_checkpoint(prefix: string, epoch: number, symbol: Symbol | null,
  arg_params: ParamDict, aux_params: ParamDict, _remove_amp_cast = true): Promise<void> {
  if (symbol) await symbol.save(`${prefix}-symbol.json`);
  const fname = paramsFileName(prefix, epoch);
  await withCheckpointDict(arg_params, aux_params, (saveDict) => ndSave(fname, saveDict));
  getLogger().info(`Saved checkpoint to "${fname}"`);
}

/**
 * @internal Run `use` on the `arg:`/`aux:`-named dict a checkpoint stores (arrays on other devices
 * copied to the host first), then dispose those temporary copies.
 */
export async function withCheckpointDict<T>(arg_params: ParamDict, aux_params: ParamDict,
  use: (saveDict: ParamDict) => Promise<T>): Promise<T> {
  const saveDict: ParamDict = {};
  const copies: NDArray[] = [];
  // gpu arrays are read back asynchronously (copyAsync); cpu arrays are saved as they are.
  const onCpu = async (v: NDArray) => {
    if (v.context.isCpu) return v;
    const c = await copyAsync(v, cpu());
    copies.push(c);
    return c;
  };
  try {
    for (const [k, v] of Object.entries(arg_params)) saveDict[`arg:${k}`] = await onCpu(v);
    for (const [k, v] of Object.entries(aux_params)) saveDict[`aux:${k}`] = await onCpu(v);
    return await use(saveDict);
  } finally {
    for (const c of copies) c.dispose();
  }
}

/** Split `arg:`/`aux:` keys at the first ':'; other prefixes are ignored as in MXNet. */
export async function load_params(prefix: string, epoch: number): Promise<[ParamDict, ParamDict]> {
  const fname = paramsFileName(prefix, epoch);
  return splitCheckpointParams(await ndLoad(fname), fname);
}

/** @internal The `arg:` and `aux:` dicts of a loaded `.params` file (`fname` names it in errors). */
export function splitCheckpointParams(saved: Loaded, fname: string): [ParamDict, ParamDict] {
  if (Array.isArray(saved)) {
    if (saved.length === 0) return emptyWithWarning(fname);
    for (const a of saved) a.dispose();
    throw new MXNetError(`${fname} holds an unnamed list of arrays, not a checkpoint (expected arg:/aux: names)`);
  }
  const names = Object.keys(saved);
  if (names.length === 0) return emptyWithWarning(fname);
  const arg: ParamDict = {};
  const aux: ParamDict = {};
  for (const key of names) {
    const colon = key.indexOf(':');
    if (colon < 0) {
      for (const a of Object.values(saved)) a.dispose();
      throw new MXNetError(`${fname}: array name '${key}' has no 'arg:' or 'aux:' prefix`);
    }
    const kind = key.slice(0, colon);
    const name = key.slice(colon + 1);
    if (kind === 'arg') arg[name] = saved[key]!;
    else if (kind === 'aux') aux[name] = saved[key]!;
    else saved[key]!.dispose();
  }
  return [arg, aux];
}

function emptyWithWarning(fname: string): [ParamDict, ParamDict] {
  getLogger().warning(`Params file '${fname}' is empty`);
  return [{}, {}];
}

/** Returns `[symbol, arg_params, aux_params]` (Python's tuple). */
export async function load_checkpoint(prefix: string, epoch: number): Promise<[Symbol, ParamDict, ParamDict]> {
  const symbol = await symLoad(`${prefix}-symbol.json`);
  const [arg, aux] = await load_params(prefix, epoch);
  return [symbol, arg, aux];
}
