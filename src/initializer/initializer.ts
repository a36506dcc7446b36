// mx.init.Initializer (python/mxnet/initializer.py, 1.9.1): the two dispatch paths of §5.2 — the
// attribute-aware InitDesc path (Module) and the legacy name-suffix path FeedForward uses — the
// base-class defaults (bias 0, gamma 1, beta 0), dumps(), and the registry behind mx.init.create.

import { MXNetError, type Kwargs } from '../base.js';
import { NDArray } from '../ndarray/ndarray.js';
import { Registry, type Ctor } from '../registry.js';
import { pyJsonDumps } from './dumps.js';
import { fillBilinear, fillLocBias } from './fill.js';
import { InitDesc } from './init_desc.js';

export type Desc = string | InitDesc;

export class Initializer {
  /** Constructor keywords in constructor order (what dumps() writes). */
  protected _kwargs: Kwargs;

  /** Initializer(**kwargs) */
  constructor(kwargs: Kwargs = {}) {
    this._kwargs = { ...kwargs };
  }

  /** `'["uniform", {"scale": 0.07}]'`: lower-cased class name and constructor keywords, as Python's json.dumps. */
  dumps(): string {
    return pyJsonDumps([this.constructor.name.toLowerCase(), this._kwargs]);
  }

  /**
   * Initialise `arr` for parameter `desc`. A plain string name takes the legacy path (FeedForward):
   * prefix/suffix rules with bias before weight. An InitDesc takes the attribute path: its
   * `__init__` attribute wins, then weight/bias/gamma/beta/min/max suffixes.
   */
  __call__(desc: Desc, arr: NDArray): void {
    if (!(desc instanceof InitDesc)) {
      this._legacy_init(desc, arr);
      return;
    }
    if (desc.global_init === null) desc.global_init = this;
    const init = desc.attrs.__init__ ?? '';
    if (init) {
      create(init)._init_weight(desc, arr);
    } else if (desc.endsWith('weight')) {
      this._init_weight(desc, arr);
    } else if (desc.endsWith('bias')) {
      this._init_bias(desc, arr);
    } else if (desc.endsWith('gamma')) {
      this._init_gamma(desc, arr);
    } else if (desc.endsWith('beta')) {
      this._init_beta(desc, arr);
    } else if (desc.endsWith('min')) {
      this._init_zero(desc, arr);
    } else if (desc.endsWith('max')) {
      this._init_one(desc, arr);
    } else {
      this._init_default(desc, arr);
    }
  }

  /** The legacy dispatch table, first match wins (api-semantics §5.2). */
  protected _legacy_init(name: string, arr: NDArray): void {
    if (typeof name !== 'string') throw new MXNetError(`initializer: name must be string, got ${typeof name}`);
    if (!(arr instanceof NDArray)) throw new MXNetError(`initializer: arr for '${name}' must be NDArray`);
    if (name.startsWith('upsampling')) this._init_bilinear(name, arr);
    else if (name.startsWith('stn_loc') && name.endsWith('weight')) this._init_zero(name, arr);
    else if (name.startsWith('stn_loc') && name.endsWith('bias')) this._init_loc_bias(name, arr);
    else if (name.endsWith('bias')) this._init_bias(name, arr);
    else if (name.endsWith('gamma')) this._init_gamma(name, arr);
    else if (name.endsWith('beta')) this._init_beta(name, arr);
    else if (name.endsWith('weight')) this._init_weight(name, arr);
    else if (name.endsWith('moving_mean')) this._init_zero(name, arr);
    else if (name.endsWith('moving_var')) this._init_one(name, arr);
    else if (name.endsWith('moving_inv_var')) this._init_zero(name, arr);
    else if (name.endsWith('moving_avg')) this._init_zero(name, arr);
    else if (name.endsWith('min')) this._init_zero(name, arr);
    else if (name.endsWith('max')) this._init_one(name, arr);
    else this._init_default(name, arr);
  }

  protected _init_bilinear(desc: Desc, arr: NDArray): void {
    fillBilinear(String(desc), arr);
  }

  protected _init_loc_bias(desc: Desc, arr: NDArray): void {
    fillLocBias(String(desc), arr);
  }

  protected _init_zero(_desc: Desc, arr: NDArray): void {
    arr.set(0);
  }

  protected _init_one(_desc: Desc, arr: NDArray): void {
    arr.set(1);
  }

  protected _init_bias(_desc: Desc, arr: NDArray): void {
    arr.set(0);
  }

  protected _init_gamma(_desc: Desc, arr: NDArray): void {
    arr.set(1);
  }

  protected _init_beta(_desc: Desc, arr: NDArray): void {
    arr.set(0);
  }

  /** Subclasses define how weights are drawn; public because a Variable's `__init__` calls it directly. */
  _init_weight(desc: Desc, _arr: NDArray): void {
    throw new MXNetError(`${this.constructor.name} cannot initialize weight '${String(desc)}': _init_weight must be overridden`);
  }

  protected _init_default(desc: Desc, _arr: NDArray): void {
    throw new MXNetError(
      `Unknown initialization pattern for ${String(desc)}. Default initialization is now limited to ` +
      '"weight", "bias", "gamma" (1.0), and "beta" (0.0).' +
      'Please use mx.sym.Variable(init=mx.init.*) to set initialization pattern',
    );
  }
}

const registry = new Registry<Initializer>('initializer', Initializer);

/** mx.init.register(klass): make a custom initializer creatable by its lower-cased class name. */
export function register<C extends Ctor<Initializer>>(klass: C): C {
  return registry.register(klass);
}

/** mx.init.alias(*names)(klass) */
export function alias(...names: string[]): <C extends Ctor<Initializer>>(klass: C) => C {
  return (klass) => registry.alias(klass, ...names);
}

/** mx.init.create: an instance, a name (case-insensitive), a kwargs dict, or '["name", {kwargs}]'. */
export function create(...args: unknown[]): Initializer {
  return registry.create(...args);
}
