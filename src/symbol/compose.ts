// Creating an operator node and wiring its inputs, as nnvm's Symbol::CreateFunctor + Symbol::Compose
// do: explicit inputs by position or name, missing ones auto-created as `<node>_<input>` variables
// holding a copy of the node's attrs, entry versions for mutated inputs, then the `__init__` hooks.

import { MXNetError } from '../base.js';
import type { OpDef } from '../ops/registry.js';
import { parseParams } from '../ops/params.js';
import { type Entry, type GraphNode, isVariable } from './graph.js';
import { bumpVarVersion, varVersion } from './var_version.js';

/** Number of aux (mutated) inputs, which are the trailing ones. */
export function numAuxInputs(node: GraphNode): number {
  return node.def && node.params ? node.def.numAux?.(node.params) ?? 0 : 0;
}

/** Visible output entries of an op node (what the Symbol built from it exposes). */
export function visibleOutputs(node: GraphNode): Entry[] {
  const def = node.def!;
  const p = node.params!;
  const n = def.numVisibleOutputs?.(p) ?? def.outputNames(p).length;
  return Array.from({ length: n }, (_, index) => ({ node, index, version: 0 }));
}

/** A fresh op node with parsed params (the canonical op name is what JSON will say). */
export function createOpNode(def: OpDef, name: string, attrs: Record<string, string>): GraphNode {
  const params = parseParams(def, attrs, name);
  return { op: def.name, name, attrs, inputs: [], def, params };
}

export function createVariableNode(name: string, attrs: Record<string, string> = {}): GraphNode {
  return { op: 'null', name, attrs, inputs: [] };
}

/**
 * Wire `node`'s inputs. `positional` fill the inputs in order, `named` match the remaining input names;
 * every input left over becomes a new variable `<node>_<input>` with a copy of the node's attrs.
 */
export function composeInputs(node: GraphNode, positional: readonly Entry[], named: ReadonlyMap<string, Entry>): void {
  const names = node.def!.inputNames(node.params!);
  const where = `${node.op} node '${node.name}'`;
  if (positional.length > names.length) {
    throw new MXNetError(`${where}: too many inputs: it takes ${names.length} (${names.join(', ')}), ${positional.length} given`);
  }
  // Entries are copied: versions are set per input below and must not leak into the caller's symbols.
  const copy = (e: Entry): Entry => ({ node: e.node, index: e.index, version: e.version });
  const inputs: (Entry | undefined)[] = names.map((_, i) => (positional[i] ? copy(positional[i]!) : undefined));
  for (const [key, entry] of named) {
    const i = names.indexOf(key);
    if (i < positional.length) {
      const candidates = names.slice(positional.length);
      const why = i < 0 ? 'is not an input' : 'was already given positionally';
      throw new MXNetError(`${where}: input '${key}' ${why}; candidate inputs: [${candidates.join(', ')}]`);
    }
    inputs[i] = copy(entry);
  }
  node.inputs = inputs.map((e, i) => e ?? {
    node: createVariableNode(`${node.name}_${names[i]}`, { ...node.attrs }),
    index: 0,
    version: 0,
  });
  updateEntryVersions(node);
  applyInputInitAttrs(node);
}

/** Entries read a variable at its current version; each mutated input bumps its variable's version. */
export function updateEntryVersions(node: GraphNode): void {
  for (const e of node.inputs) if (isVariable(e.node)) e.version = varVersion(e.node);
  const nAux = numAuxInputs(node);
  for (let i = node.inputs.length - nAux; i < node.inputs.length; i++) {
    const e = node.inputs[i]!;
    if (!isVariable(e.node)) {
      throw new MXNetError(`${node.op} node '${node.name}': input ${i} is mutated by the operator, so it must be a Variable, got the output of '${e.node.name}'`);
    }
    e.version = bumpVarVersion(e.node);
  }
}

/** FSetInputVarAttrOnCompose: `__init__` for input variables that have none (BatchNorm stats, prelu gamma). */
export function applyInputInitAttrs(node: GraphNode): void {
  const inits = node.def?.inputInitAttrs?.(node.params!) ?? {};
  for (const [idx, init] of Object.entries(inits)) {
    const v = node.inputs[Number(idx)]?.node;
    if (v && isVariable(v) && !('__init__' in v.attrs)) v.attrs.__init__ = init;
  }
}
