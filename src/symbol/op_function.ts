// The operator functions of mx.symbol (`FullyConnected(data, {num_hidden, name})`), behaving like
// the functions python/mxnet/symbol/register.py generates: inputs as Symbols (positional or by name),
// every other keyword stored as its Python str(), AttrScope merged in, hidden keys wrapped, num_args
// filled for variable-input ops, default names from the NameManager.

import { MXNetError, isPlainObject, type Kwargs } from '../base.js';
import { formatParam } from '../ops/params.js';
import { getOp } from '../ops/registry.js';
import { AttrScope, opAttrKey } from './attribute.js';
import { composeInputs, createOpNode, visibleOutputs } from './compose.js';
import type { Entry } from './graph.js';
import { NameManager } from './name.js';
import { Symbol } from './symbol.js';

export type OpFunction = (...args: unknown[]) => Symbol;

/** The function `mx.symbol.<callName>`; an alias names its nodes after itself (`Softmax` → `softmax0`). */
export function makeOpFunction(callName: string): OpFunction {
  const fn = (...args: unknown[]): Symbol => invokeOp(callName, callName.toLowerCase(), args);
  Object.defineProperty(fn, 'name', { value: callName });
  return fn;
}

function singleOutput(s: Symbol, what: string, where: string): Entry {
  if (s.length !== 1) {
    throw new MXNetError(`${where}: ${what} is a group of ${s.length} outputs (${s.list_outputs().join(', ')}); a single output is required`);
  }
  return s.heads[0]!;
}

/**
 * Create one node of op `opName` (canonical name or alias) named `name` or `<hint><n>`.
 * `args`: input Symbols positionally, then optionally one trailing keyword object.
 */
export function invokeOp(opName: string, hint: string, args: readonly unknown[]): Symbol {
  const def = getOp(opName);
  const last = args[args.length - 1];
  const hasKw = args.length > 0 && isPlainObject(last);
  const positional = (hasKw ? args.slice(0, -1) : args) as unknown[];
  const kw: Kwargs = hasKw ? { ...(last as Kwargs) } : {};
  const fn = `${opName}()`;
  positional.forEach((a, i) => {
    if (!(a instanceof Symbol)) {
      throw new MXNetError(`${fn}: positional argument ${i} must be a Symbol (an input); give parameters in the trailing object, got ${typeof a}`);
    }
  });
  const inputs = [...(positional as Symbol[])];

  const name = kw.name;
  const attr = kw.attr;
  delete kw.name;
  delete kw.attr;
  if (name !== undefined && name !== null && typeof name !== 'string') throw new MXNetError(`${fn}: name must be a string, got ${typeof name}`);
  if (attr !== undefined && attr !== null && !isPlainObject(attr)) throw new MXNetError(`${fn}: attr must be an object of strings`);
  // Variable-input ops take their inputs as Python's *data / *args; here also as an array under that name.
  if (def.variadic) {
    for (const key of ['data', 'args']) {
      const v = kw[key];
      if (Array.isArray(v) && v.every((s) => s instanceof Symbol)) {
        inputs.push(...(v as Symbol[]));
        delete kw[key];
      }
    }
  }
  Object.assign(kw, AttrScope.current.get(attr as Kwargs | null | undefined));

  const named = new Map<string, Symbol>();
  const attrs: Record<string, string> = {};
  // null for a key that is not a parameter may be an input left out (Python's `data=None`).
  const nullKeys: string[] = [];
  for (const [k, v] of Object.entries(kw)) {
    if (v === undefined) continue;
    if (v instanceof Symbol) {
      named.set(k, v);
      continue;
    }
    if (v === null && !(k in def.params)) {
      nullKeys.push(k);
      continue;
    }
    const s = formatParam(v, def.params[k]?.type);
    attrs[opAttrKey(k, s)] = s;
  }
  if (def.variadic && !('num_args' in attrs)) attrs.num_args = String(inputs.length + named.size);

  const nodeName = NameManager.current.get(name as string | null | undefined, hint);
  const node = createOpNode(def, nodeName, attrs);
  const where = `${def.name} node '${nodeName}'`;
  const inputNames = def.inputNames(node.params!);
  for (const k of nullKeys) {
    if (!inputNames.includes(k)) {
      throw new MXNetError(`${where}: unknown parameter '${k}' (value None); accepted parameters: ${Object.keys(def.params).join(', ')}`);
    }
  }
  const posEntries = inputs.map((s, i) => singleOutput(s, `input #${i}`, where));
  const namedEntries = new Map([...named].map(([k, s]) => [k, singleOutput(s, `input '${k}'`, where)] as const));
  composeInputs(node, posEntries, namedEntries);
  return new Symbol(visibleOutputs(node));
}
