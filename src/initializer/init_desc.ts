// mx.init.InitDesc (python/mxnet/initializer.py): a parameter name carrying the variable's attributes
// (from Symbol.attr_dict) and the global initializer. Python subclasses str; here toString() is the name.

import { bindArgs, checkKwargs, MXNetError } from '../base.js';

/** What an initializer needs from its owner: a `__call__(desc, arr)` (see initializer.ts). */
export interface GlobalInit {
  __call__(desc: string | InitDesc, arr: import('../ndarray/ndarray.js').NDArray): void;
}

export class InitDesc {
  readonly name: string;
  readonly attrs: Record<string, string>;
  global_init: GlobalInit | null;

  /** InitDesc(name, attrs=None, global_init=None); a trailing object is keywords: `new InitDesc(n, {attrs})`. */
  constructor(...args: unknown[]) {
    const kw = bindArgs('InitDesc', ['name', 'attrs', 'global_init'], args);
    checkKwargs('InitDesc', kw, ['name', 'attrs', 'global_init']);
    if (typeof kw.name !== 'string') throw new MXNetError(`InitDesc: name must be a string, got ${typeof kw.name}`);
    this.name = kw.name;
    this.attrs = { ...((kw.attrs as Record<string, string> | null | undefined) ?? {}) };
    this.global_init = (kw.global_init as GlobalInit | null | undefined) ?? null;
  }

  endsWith(suffix: string): boolean {
    return this.name.endsWith(suffix);
  }

  toString(): string {
    return this.name;
  }
}
