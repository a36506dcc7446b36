// The graph under a Symbol: nodes linked by entries (node, output index, version), as in nnvm.
// Shared by the symbol front end, the JSON reader/writer and the executor.

import type { OpDef } from '../ops/registry.js';
import type { ParsedParams } from '../ops/params.js';

export interface GraphNode {
  /** Operator name as given (canonical after creation/loading); 'null' for a variable. */
  op: string;
  name: string;
  /** Attribute strings exactly as they will be written to JSON (params + hidden `__x__` keys). */
  attrs: Record<string, string>;
  inputs: Entry[];
  /** The operator declaration and its parsed params (absent for variables). */
  def?: OpDef;
  params?: ParsedParams;
}

export interface Entry {
  node: GraphNode;
  index: number;
  version: number;
}

export function isVariable(n: GraphNode): boolean {
  return n.op === 'null';
}

/**
 * Post-order depth-first order from `heads` (each node once, inputs before users), the order
 * nnvm uses for node ids. Iterative so deep graphs cannot overflow the JS stack.
 */
export function topoSort(heads: readonly Entry[]): GraphNode[] {
  const order: GraphNode[] = [];
  const seen = new Set<GraphNode>();
  for (const h of heads) {
    if (seen.has(h.node)) continue;
    const stack: { node: GraphNode; next: number }[] = [{ node: h.node, next: 0 }];
    seen.add(h.node);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      if (top.next < top.node.inputs.length) {
        const child = top.node.inputs[top.next++]!.node;
        if (!seen.has(child)) {
          seen.add(child);
          stack.push({ node: child, next: 0 });
        }
      } else {
        order.push(top.node);
        stack.pop();
      }
    }
  }
  return order;
}

/** Variables that some op mutates (aux states): input positions at or past the op's aux start. */
export function auxVariables(order: readonly GraphNode[]): Set<GraphNode> {
  const aux = new Set<GraphNode>();
  for (const n of order) {
    if (!n.def || !n.params) continue;
    const nAux = n.def.numAux?.(n.params) ?? 0;
    for (let i = n.inputs.length - nAux; i < n.inputs.length; i++) aux.add(n.inputs[i]!.node);
  }
  return aux;
}

/** list_arguments(): variables not mutated by any op, in node (post-order DFS) order. */
export function listArgumentNodes(heads: readonly Entry[]): GraphNode[] {
  const order = topoSort(heads);
  const aux = auxVariables(order);
  return order.filter((n) => isVariable(n) && !aux.has(n));
}

/** list_auxiliary_states(): variables some op mutates, in node order. */
export function listAuxNodes(heads: readonly Entry[]): GraphNode[] {
  const order = topoSort(heads);
  const aux = auxVariables(order);
  return order.filter((n) => isVariable(n) && aux.has(n));
}

/** list_outputs(): a variable's own name, else `<node>_<output name>`. */
export function outputName(e: Entry): string {
  const n = e.node;
  if (isVariable(n) || !n.def || !n.params) return n.name;
  const names = n.def.outputNames(n.params);
  return `${n.name}_${names[e.index] ?? `output${e.index}`}`;
}
