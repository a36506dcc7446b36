// Symbol → MXNet 1.x `-symbol.json` text: nodes in nnvm's post-order DFS, canonical op names, attrs
// verbatim, node_row_ptr from each op's total output count, graph attrs {mxnet_version: 10901}.

import { writeSymbolJSON, type RawEntry, type RawNode } from '../format/symbol_json.js';
import { type Entry, type GraphNode, isVariable, topoSort } from './graph.js';

/** Total outputs, hidden ones included (BatchNorm 3, Dropout 2); the non-MKLDNN count for Pooling. */
function totalOutputs(n: GraphNode): number {
  return isVariable(n) ? 1 : n.def!.outputNames(n.params!).length;
}

export function symbolToJSON(heads: readonly Entry[]): string {
  const order = topoSort(heads);
  const ids = new Map(order.map((n, i) => [n, i] as const));
  const entry = (e: Entry): RawEntry => [ids.get(e.node)!, e.index, e.version];
  const nodes: RawNode[] = order.map((n) => ({
    op: n.op,
    name: n.name,
    attrs: { ...n.attrs },
    inputs: n.inputs.map(entry),
  }));
  return writeSymbolJSON({ nodes, num_outputs: order.map(totalOutputs), heads: heads.map(entry) });
}
