// mx.symbol.Variable / var and Group (python/mxnet/symbol/symbol.py): a variable stores only what
// was given, as hidden attrs (__shape__, __lr_mult__, __wd_mult__, __dtype__, __init__, __storage_type__).

import { MXNetError, bindArgs, isPlainObject, pop } from '../base.js';
import { dtypeInfo, isDType } from '../dtype.js';
import { formatParam } from '../ops/params.js';
import { AttrScope, checkStrings, setAttrKey } from './attribute.js';
import { createVariableNode } from './compose.js';
import { Symbol } from './symbol.js';

const STORAGE_TYPE_IDS: Record<string, number> = { default: 0, row_sparse: 1, csr: 2 };
const VARIABLE_PARAMS = ['name', 'attr', 'shape', 'lr_mult', 'wd_mult', 'dtype', 'init', 'stype'];

/** An initializer as Python's `init.dumps()` (JSON text), or that text itself. */
function initString(init: unknown): string {
  if (typeof init === 'string') return init;
  const dumps = (init as { dumps?: unknown } | null)?.dumps;
  if (typeof dumps === 'function') return String(dumps.call(init));
  throw new MXNetError(`Variable: init must be an initializer (with dumps()) or its JSON string, got ${typeof init}`);
}

/**
 * `Variable(name, {attr, shape, lr_mult, wd_mult, dtype, init, stype, __x__: value})`; attributes of
 * the current AttrScope are added, `attr` may carry hidden keys (`{ctx_group: 'dev1'}`).
 */
export function Variable(...args: unknown[]): Symbol {
  const kw = bindArgs('Variable', VARIABLE_PARAMS, args);
  const name = pop<unknown>(kw, 'name', undefined);
  if (typeof name !== 'string') throw new MXNetError(`Variable: expect a string for variable name, got ${typeof name}`);
  const given = pop<unknown>(kw, 'attr', null);
  if (given !== null && !isPlainObject(given)) throw new MXNetError(`Variable '${name}': attr must be an object of strings`);
  const attr = checkStrings(AttrScope.current.get(given as Record<string, unknown> | null), `Variable '${name}'`);

  const shape = pop<unknown>(kw, 'shape', null);
  if (shape !== null) attr.__shape__ = formatParam(shape);
  const lr = pop<unknown>(kw, 'lr_mult', null);
  if (lr !== null) attr.__lr_mult__ = formatParam(lr);
  const wd = pop<unknown>(kw, 'wd_mult', null);
  if (wd !== null) attr.__wd_mult__ = formatParam(wd);
  const dtype = pop<unknown>(kw, 'dtype', null);
  if (dtype !== null) {
    if (!isDType(dtype)) throw new MXNetError(`Variable '${name}': unknown dtype ${JSON.stringify(dtype)}`);
    attr.__dtype__ = String(dtypeInfo(dtype).flag);
  }
  const init = pop<unknown>(kw, 'init', null);
  if (init !== null) attr.__init__ = initString(init);
  const stype = pop<unknown>(kw, 'stype', null);
  if (stype !== null) {
    const id = STORAGE_TYPE_IDS[String(stype)];
    if (id === undefined) throw new MXNetError(`Variable '${name}': unknown stype '${String(stype)}' (default, row_sparse, csr)`);
    attr.__storage_type__ = String(id);
  }
  for (const [k, v] of Object.entries(kw)) {
    if (v === undefined) continue;
    if (!(k.startsWith('__') && k.endsWith('__') && k.length > 4)) {
      throw new MXNetError(`Variable '${name}': attribute name=${k} is not supported; additional attributes must start and end with double underscores, e.g. __yourattr__`);
    }
    attr[k] = formatParam(v);
  }
  const attrs: Record<string, string> = {};
  for (const [k, v] of Object.entries(attr)) attrs[setAttrKey(k, v)] = v;
  return new Symbol([{ node: createVariableNode(name, attrs), index: 0, version: 0 }]);
}

/** Group(symbols): one symbol whose outputs are all outputs of `symbols`, in order. */
export function Group(symbols: readonly Symbol[]): Symbol {
  if (!Array.isArray(symbols) || symbols.length === 0 || !symbols.every((s) => s instanceof Symbol)) {
    throw new MXNetError('Group: expected a non-empty list of symbols as input');
  }
  return new Symbol(symbols.flatMap((s) => s.heads));
}
