// Builds test graphs straight from GraphNode objects with parsed params (no Symbol front end), naming
// auto-created inputs `<node>_<input>` the way MXNet does.

import '../../src/ops/index.js';
import { getOp } from '../../src/ops/registry.js';
import type { ParsedParams } from '../../src/ops/params.js';
import type { Entry, GraphNode } from '../../src/symbol/graph.js';
import { withDefaults } from '../ops/helpers.js';

export function variable(name: string, attrs: Record<string, string> = {}): GraphNode {
  return { op: 'null', name, attrs, inputs: [] };
}

export function out(node: GraphNode, index = 0): Entry {
  return { node, index, version: 0 };
}

/** An op node; inputs not given (by position) become variables named `<name>_<input name>`. */
export function op(opName: string, name: string, inputs: (GraphNode | Entry)[], given: ParsedParams = {}): GraphNode {
  const def = getOp(opName);
  const params = withDefaults(def, given);
  const names = def.inputNames(params);
  const entries = names.map((n, i) => {
    const x = inputs[i];
    if (x === undefined) return out(variable(`${name}_${n}`));
    return 'node' in x ? x : out(x);
  });
  return { op: def.name, name, attrs: {}, inputs: entries, def, params };
}
