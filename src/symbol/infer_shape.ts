// Graph shape inference, as nnvm's InferShape pass does it for MXNet: given shapes and variable
// `__shape__` hints seed the variables, then forward and backward sweeps call each op's inferShape
// until nothing changes. Shapes may be partial (0 = unknown dim); conflicts raise MXNetError.

import { MXNetError, shapeStr } from '../base.js';
import type { MaybeShape } from '../ops/registry.js';
import { mergeShapes } from '../ops/shape_utils.js';
import { isVariable, topoSort, type Entry, type GraphNode } from './graph.js';

export interface ShapeInference {
  /** Every node's output shapes (all outputs, hidden included); a variable has its one output. */
  shapes: Map<GraphNode, MaybeShape[]>;
}

/** `__shape__` attr strings such as "(0, 784)" or "(10L,)" as a partial shape. */
function parseShapeHint(text: string): number[] {
  return (text.match(/-?\d+/g) ?? []).map(Number);
}

function seedVariables(order: readonly GraphNode[], given: Record<string, readonly number[]>): Map<GraphNode, MaybeShape[]> {
  const shapes = new Map<GraphNode, MaybeShape[]>();
  const byName = new Map<string, GraphNode>();
  for (const n of order) {
    if (isVariable(n)) {
      byName.set(n.name, n);
      const hint = n.attrs.__shape__;
      shapes.set(n, [hint === undefined ? undefined : parseShapeHint(hint)]);
    } else {
      shapes.set(n, n.def!.outputNames(n.params!).map(() => undefined));
    }
  }
  for (const [name, shape] of Object.entries(given)) {
    const node = byName.get(name);
    if (!node) {
      throw new MXNetError(`infer_shape: '${name}' is not an argument or auxiliary state of the symbol; inputs are: ${[...byName.keys()].join(', ')}`);
    }
    // A given shape replaces the `__shape__` hint, as in MXNet.
    shapes.set(node, [[...shape]]);
  }
  return shapes;
}

/** Run one node's inference and merge the result into the table; returns whether anything changed. */
function step(node: GraphNode, shapes: Map<GraphNode, MaybeShape[]>): boolean {
  const def = node.def!, p = node.params!;
  const inputs = node.inputs.map((e) => shapes.get(e.node)![e.index]);
  const own = shapes.get(node)!;
  const res = def.inferShape(p, inputs, node.name, [...own]);
  let changed = false;
  const names = def.inputNames(p);
  res.inputs.forEach((expected, i) => {
    const e = node.inputs[i]!;
    const slot = shapes.get(e.node)!;
    const merged = mergeShapes(slot[e.index], expected);
    if (merged === null) {
      throw new MXNetError(`${node.op} ${node.name}: ${names[i] ?? `input ${i}`} shape ${shapeStr(expected)} expected, got ${shapeStr(slot[e.index])}`);
    }
    if (!sameMaybe(merged, slot[e.index])) {
      slot[e.index] = merged;
      changed = true;
    }
  });
  const outNames = def.outputNames(p);
  res.outputs.forEach((inferred, i) => {
    const merged = mergeShapes(own[i], inferred);
    if (merged === null) {
      throw new MXNetError(`${node.op} ${node.name}: output ${outNames[i] ?? i} shape ${shapeStr(inferred)} inferred, but its consumers need ${shapeStr(own[i])}`);
    }
    if (!sameMaybe(merged, own[i])) {
      own[i] = merged;
      changed = true;
    }
  });
  return changed;
}

function sameMaybe(a: MaybeShape, b: MaybeShape): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * Shapes of every node output reachable from `heads`, from `given` argument/aux shapes (by variable
 * name). Unknown results stay undefined (or keep 0 dims); the caller decides whether that is an error.
 */
export function inferShapes(heads: readonly Entry[], given: Record<string, readonly number[]>): ShapeInference {
  const order = topoSort(heads);
  const shapes = seedVariables(order, given);
  const ops = order.filter((n) => !isVariable(n));
  // Each sweep only adds information, so this settles; the bound guards against a misbehaving op.
  for (let pass = 0; pass <= ops.length + 1; pass++) {
    let changed = false;
    for (const n of ops) changed = step(n, shapes) || changed;
    for (let i = ops.length - 1; i >= 0; i--) changed = step(ops[i]!, shapes) || changed;
    if (!changed) break;
  }
  return { shapes };
}
