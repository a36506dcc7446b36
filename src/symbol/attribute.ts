// mx.AttrScope and MXNet's "hidden key" rules: the user-facing keys ctx_group, lr_mult, wd_mult,
// force_mirroring and mirror_stage are stored as `__ctx_group__` etc. (src/c_api/c_api_symbolic.cc).

import { MXNetError } from '../base.js';
import { withScope } from './scope.js';

export const HIDDEN_KEYS: readonly string[] = ['ctx_group', 'lr_mult', 'wd_mult', 'force_mirroring', 'mirror_stage'];

function deprecated(key: string, hidden: string, value: string): MXNetError {
  const arg = key.slice(0, key.length - hidden.length - 1);
  return new MXNetError(`setting variable attributes with ${key} is deprecated. please instead use ` +
    `w = Variable('${arg}', {${hidden}: ${value}}) and pass ${arg}=w to the operator`);
}

/**
 * A keyword given to an operator (MXSymbolCreateAtomicSymbol): a key that starts with a hidden key
 * becomes `__key__`; one that merely ends with it (`weight_lr_mult`) is the deprecated per-input form.
 */
export function opAttrKey(key: string, value: string): string {
  for (const k of HIDDEN_KEYS) {
    const pos = key.lastIndexOf(k);
    if (pos === 0) return `__${key}__`;
    if (pos > 0 && pos + k.length === key.length) throw deprecated(key, k, value);
  }
  return key;
}

/** An attribute set on a symbol (MXSymbolSetAttr): only an exact hidden key is wrapped. */
export function setAttrKey(key: string, value: string): string {
  for (const k of HIDDEN_KEYS) {
    const pos = key.lastIndexOf(k);
    if (pos === 0 && key.length === k.length) return `__${key}__`;
    if (pos > 0 && pos + k.length === key.length) throw deprecated(key, k, value);
  }
  return key;
}

/** `__lr_mult__` → `lr_mult` for the wrapped hidden keys, which MXNet lists under both names. */
export function unwrappedHiddenKey(key: string): string | undefined {
  const inner = key.slice(2, -2);
  return key.length > 4 && key.startsWith('__') && key.endsWith('__') && HIDDEN_KEYS.includes(inner) ? inner : undefined;
}

export function checkStrings(attrs: Readonly<Record<string, unknown>>, what: string): Record<string, string> {
  for (const [k, v] of Object.entries(attrs)) {
    if (typeof v !== 'string') throw new MXNetError(`${what}: attribute '${k}' must be a string, got ${typeof v}`);
  }
  return { ...(attrs as Record<string, string>) };
}

/**
 * mx.AttrScope(**attrs): string attributes attached to every symbol created while it is current;
 * an inner scope inherits and overrides the outer one (python/mxnet/attribute.py).
 */
export class AttrScope {
  private static cur: AttrScope = new AttrScope();
  private attrs: Record<string, string>;
  private old: AttrScope | null = null;

  constructor(attrs: Readonly<Record<string, unknown>> = {}) {
    this.attrs = checkStrings(attrs, 'AttrScope');
  }

  static get current(): AttrScope {
    return AttrScope.cur;
  }

  /**
   * The scope's attributes updated with `attr` (which wins), as a fresh object. Values of `attr` are
   * not checked here: operators stringify them, Variable insists on strings (as in Python).
   */
  get(attr?: Readonly<Record<string, unknown>> | null): Record<string, unknown> {
    return { ...this.attrs, ...(attr ?? {}) };
  }

  __enter__(): this {
    this.old = AttrScope.cur;
    this.attrs = { ...this.old.attrs, ...this.attrs };
    AttrScope.cur = this;
    return this;
  }

  __exit__(): void {
    if (this.old === null) return;
    AttrScope.cur = this.old;
    this.old = null;
  }

  /** Run `fn` inside this scope (Python's `with mx.AttrScope(...):`); synchronous bodies only. */
  with<T>(fn: () => T): T {
    return withScope(this, fn);
  }
}
