// Memory plan for the forward pass: every op output gets its own array (except a layer fused with its
// Activation, which shares the activation's), allocated once at bind and reused by every forward (MXNet's
// executor also plans memory once per bound shape).

import { MXNetError, shapeStr } from '../base.js';
import type { Backend } from '../backends/backend.js';
import type { Context } from '../context.js';
import { NDArray } from '../ndarray/ndarray.js';
import type { ParsedParams } from '../ops/params.js';
import type { MaybeShape, OpDef } from '../ops/registry.js';
import { isKnown } from '../ops/shape_utils.js';
import { isVariable, type GraphNode } from '../symbol/graph.js';
import { NodeContext } from './node_context.js';

/** One op node ready to run: its arrays and the contexts for its forward and backward calls. */
export interface NodeRun {
  readonly node: GraphNode;
  readonly def: OpDef;
  readonly params: ParsedParams;
  readonly inputs: NDArray[];
  readonly outputs: NDArray[];
  readonly fctx: NodeContext;
  readonly bctx: NodeContext;
}

export interface ForwardPlan {
  /** Op nodes in topological order. */
  runs: NodeRun[];
  /** Output arrays of every node (a variable's one output is its bound array). */
  values: Map<GraphNode, NDArray[]>;
  /** Arrays allocated by the plan (to dispose with the executor). */
  owned: NDArray[];
}

/**
 * `shared` maps a layer to the Activation it is fused with (src/executor/fusion_match.ts): the layer's
 * output is then the activation's output array, so the intermediate gets no memory of its own.
 */
export function planForward(order: readonly GraphNode[], shapes: Map<GraphNode, MaybeShape[]>,
  variables: Map<GraphNode, NDArray>, ctx: Context, backend: Backend,
  shared: ReadonlyMap<GraphNode, GraphNode> = new Map()): ForwardPlan {
  const values = new Map<GraphNode, NDArray[]>();
  const preallocated = new Map<GraphNode, NDArray>();
  const runs: NodeRun[] = [];
  const owned: NDArray[] = [];
  try {
    for (const node of order) {
      if (isVariable(node)) {
        values.set(node, [variables.get(node)!]);
        continue;
      }
      const def = node.def!, params = node.params!;
      const outNames = def.outputNames(params);
      const outputs = shapes.get(node)!.map((s, i) => {
        if (!isKnown(s)) {
          throw new MXNetError(`cannot infer the shape of output '${node.name}_${outNames[i]}' of ${node.op} ${node.name} (got ${shapeStr(s)}); give more input shapes`);
        }
        const early = i === 0 ? preallocated.get(node) : undefined;
        if (early) return early;
        const a = NDArray._empty(s, ctx);
        owned.push(a);
        const fusedWith = i === 0 ? shared.get(node) : undefined;
        if (fusedWith) preallocated.set(fusedWith, a);
        return a;
      });
      values.set(node, outputs);
      const inputs = node.inputs.map((e) => values.get(e.node)![e.index]!);
      runs.push({ node, def, params, inputs, outputs, fctx: new NodeContext(backend, ctx), bctx: new NodeContext(backend, ctx) });
    }
  } catch (e) {
    for (const a of owned) a.dispose();
    throw e;
  }
  return { runs, values, owned };
}
