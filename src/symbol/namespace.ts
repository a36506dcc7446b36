// The mx.symbol / mx.sym namespace object: Symbol, Variable (and var), Group, load, load_json, plus one
// function per registered operator name and alias, built from the op registry when called. Names that
// start with "_" go to `_internal`, as Python's mx.sym._internal.

import { findOp, listOps } from '../ops/registry.js';
import { load, load_json } from './load.js';
import { type OpFunction, makeOpFunction } from './op_function.js';
import { Symbol } from './symbol.js';
import { Group, Variable } from './variable.js';

export interface SymbolNamespaceBase {
  Symbol: typeof Symbol;
  Variable: typeof Variable;
  var: typeof Variable;
  Group: typeof Group;
  load: typeof load;
  load_json: typeof load_json;
  /** Operators whose names start with "_" (`_plus_scalar`, `_Plus`, …). */
  _internal: Record<string, OpFunction>;
}

/** Operator functions are looked up by name (`ns.FullyConnected`), so they are typed by index. */
export type SymbolNamespace = SymbolNamespaceBase & Record<string, OpFunction>;

/**
 * Build the namespace from the operators registered so far (import src/ops/index.js first).
 * Every call returns a fresh object reflecting the registry at that time.
 */
export function symbolNamespace(): SymbolNamespace {
  const internal: Record<string, OpFunction> = {};
  const ops: Record<string, OpFunction> = {};
  for (const canonical of listOps()) {
    const def = findOp(canonical)!;
    for (const name of [def.name, ...(def.aliases ?? [])]) {
      (name.startsWith('_') ? internal : ops)[name] = makeOpFunction(name);
    }
  }
  const base: SymbolNamespaceBase = { Symbol, Variable, var: Variable, Group, load, load_json, _internal: internal };
  return { ...ops, ...base } as SymbolNamespace;
}
