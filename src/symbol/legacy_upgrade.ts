// MXNet's upgrade passes for symbol files saved by older versions (src/nnvm/legacy_json_util.cc,
// checkpoint-format.md §B.8): hidden keys fixed (< 1.9.1), aux inputs added (< 0.9.0), `__init__`
// hooks run (< 0.9.4). Nodes arrive with their op resolved; params are parsed afterwards.

import { parseParams } from '../ops/params.js';
import { HIDDEN_KEYS } from './attribute.js';
import { applyInputInitAttrs, createVariableNode } from './compose.js';
import { type GraphNode, isVariable } from './graph.js';

/** The version this library writes and reads without upgrading (1.9.1). */
export const MXNET_VERSION = 10901;

/** A key the pass treats as hidden: one that starts (at its last occurrence) or ends with a hidden key. */
function hiddenMatch(key: string): boolean {
  return HIDDEN_KEYS.some((k) => {
    const pos = key.lastIndexOf(k);
    return pos === 0 || (pos > 0 && pos + k.length === key.length);
  });
}

/**
 * UpgradeJSON_FixParsing: `lr_mult` → `__lr_mult__`; on an op node `<input>_<hidden key>` (e.g.
 * `weight_lr_mult`) moves to that input's variable as `__lr_mult__`; anything else stays put.
 */
function fixHiddenKeys(node: GraphNode): void {
  const moved = Object.entries(node.attrs).filter(([k]) => hiddenMatch(k));
  if (moved.length === 0) return;
  for (const [k] of moved) delete node.attrs[k];
  // Input names can depend on params (no_bias), so parse what is left first, as MXNet does.
  const names = node.def ? node.def.inputNames(parseParams(node.def, node.attrs, node.name)) : [];
  for (const [key, value] of moved) {
    let placed = false;
    for (const k of HIDDEN_KEYS) {
      const pos = key.lastIndexOf(k);
      if (pos === 0 && key.length === k.length) {
        node.attrs[`__${k}__`] = value;
        placed = true;
        break;
      }
      if (pos > 1 && pos + k.length === key.length) {
        const idx = names.indexOf(key.slice(0, pos - 1));
        const target = idx >= 0 ? node.inputs[idx]?.node : undefined;
        if (target && isVariable(target)) {
          target.attrs[`__${k}__`] = value;
          placed = true;
        }
        break;
      }
    }
    if (!placed) node.attrs[key] = value;
  }
}

/** UpgradeJSON_000800_000900: aux states were not saved; add `<node>_<input>` variables for them. */
function addMissingInputs(node: GraphNode): void {
  const names = node.def!.inputNames(node.params!);
  for (let i = node.inputs.length; i < names.length; i++) {
    node.inputs.push({ node: createVariableNode(`${node.name}_${names[i]}`, { ...node.attrs }), index: 0, version: 0 });
  }
}

/** Passes before parsing (hidden keys); `nodes` in file order. */
export function upgradeBeforeParse(nodes: readonly GraphNode[], version: number): void {
  if (version < MXNET_VERSION) nodes.forEach(fixHiddenKeys);
}

/** Passes that need parsed params (aux inputs, `__init__` hooks); op nodes only. */
export function upgradeAfterParse(ops: readonly GraphNode[], version: number): void {
  if (version < 900) ops.forEach(addMissingInputs);
  if (version < 904) ops.forEach(applyInputInitAttrs);
}
