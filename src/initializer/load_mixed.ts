// mx.init.Load and Mixed (python/mxnet/initializer.py): not Initializer subclasses but callables
// `__call__(name, arr)`. Load copies values from a parameter dict ('arg:'/'aux:' prefixes dropped)
// and falls back to a default; Mixed picks the first initializer whose regex matches the name start.

import { bindArgs, checkKwargs, isPlainObject, MXNetError, pop, sameShape, shapeStr } from '../base.js';
import { getLogger } from '../logging.js';
import { NDArray } from '../ndarray/ndarray.js';
import { load_frombuffer } from '../ndarray/serialize.js';
import { readBytesSync } from '../fsio.js';
import type { Initializer } from './initializer.js';

/** Anything that initialises by name: an Initializer, Load, Mixed, another `__call__` object or a function. */
export type InitializerLike = Initializer | { __call__(name: string, arr: NDArray): void } | ((name: string, arr: NDArray) => void);

export function callInitializer(init: InitializerLike, name: string, arr: NDArray): void {
  if (typeof init === 'function') init(name, arr);
  else init.__call__(name, arr);
}

export class Load {
  readonly param: Record<string, NDArray> = {};
  default_init: InitializerLike | null;
  verbose: boolean;
  /** Arrays decoded from bytes by this Load (freed by dispose()); a given dict stays the caller's. */
  private readonly owned: NDArray[] = [];

  /**
   * Load(param, default_init=None, verbose=False). `param` is a .params file name (read synchronously,
   * as in MXNet: Node and Deno), the bytes of a .params file, or a name → NDArray dict (plain object or
   * Map; e.g. `await mx.nd.load(url)` in browsers).
   */
  constructor(...args: unknown[]) {
    const kw = bindArgs('Load', ['param', 'default_init', 'verbose'], args);
    checkKwargs('Load', kw, ['param', 'default_init', 'verbose']);
    let param = kw.param;
    if (typeof param === 'string') param = readBytesSync(param);
    if (param instanceof Uint8Array || param instanceof ArrayBuffer) {
      const loaded = load_frombuffer(param);
      if (Array.isArray(loaded)) {
        for (const a of loaded) a.dispose();
        throw new MXNetError('Load: the params file holds an unnamed list of arrays; Load needs names');
      }
      this.owned.push(...Object.values(loaded));
      param = loaded;
    }
    const entries = param instanceof Map ? [...param.entries()] : isPlainObject(param) ? Object.entries(param) : null;
    if (!entries) throw new MXNetError('Load: param must be a dict of name → NDArray (a list-style params file has no names)');
    for (const [name, arr] of entries as [string, unknown][]) {
      if (!(arr instanceof NDArray)) throw new MXNetError(`Load: '${name}' is not an NDArray`);
      const key = name.startsWith('arg:') || name.startsWith('aux:') ? name.slice(4) : name;
      this.param[key] = arr;
    }
    this.default_init = (kw.default_init as InitializerLike | null | undefined) ?? null;
    this.verbose = Boolean(pop(kw, 'verbose', false));
  }

  __call__(name: string, arr: NDArray): void {
    const src = this.param[name];
    if (src) {
      if (!sameShape(arr.shape, src.shape)) {
        throw new MXNetError(`Parameter ${name} cannot be initialized from loading. Shape mismatch, target ${shapeStr(arr.shape)} vs loaded ${shapeStr(src.shape)}`);
      }
      arr.set(src);
      if (this.verbose) getLogger().info(`Initialized ${name} by loading`);
      return;
    }
    if (!this.default_init) {
      throw new MXNetError(`Cannot Initialize ${name}. Not found in loaded param and no default Initializer is provided.`);
    }
    callInitializer(this.default_init, name, arr);
    if (this.verbose) getLogger().info(`Initialized ${name} by default`);
  }

  dispose(): void {
    for (const a of this.owned.splice(0)) a.dispose();
  }
}

export class Mixed {
  readonly map: [RegExp, InitializerLike][];

  /** Mixed(patterns, initializers): Python `re.match` semantics — anchored at the start of the name only. */
  constructor(...args: unknown[]) {
    const kw = bindArgs('Mixed', ['patterns', 'initializers'], args);
    checkKwargs('Mixed', kw, ['patterns', 'initializers']);
    const patterns = kw.patterns as string[];
    const inits = kw.initializers as InitializerLike[];
    if (!Array.isArray(patterns) || !Array.isArray(inits) || patterns.length !== inits.length) {
      throw new MXNetError('Mixed: patterns and initializers must be lists of the same length');
    }
    this.map = patterns.map((p, i) => [new RegExp(`^(?:${p})`), inits[i]!]);
  }

  __call__(name: string, arr: NDArray): void {
    for (const [re, init] of this.map) {
      if (re.test(name)) {
        callInitializer(init, name, arr);
        return;
      }
    }
    throw new MXNetError(`Parameter name ${name} did not match any pattern. Consider add a ".*" pattern at the and with default Initializer.`);
  }
}
