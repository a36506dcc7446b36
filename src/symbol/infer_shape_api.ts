// Symbol.infer_shape / infer_shape_partial argument handling and result layout (symbol.py
// _infer_shape_impl + MXSymbolInferShape): known shapes positionally or by input name, results in
// list_arguments / list_outputs / list_auxiliary_states order, "complete" only if every shape is known.

import { MXNetError, isPlainObject } from '../base.js';
import { type GraphNode, listArgumentNodes, listAuxNodes, topoSort, isVariable } from './graph.js';
import { inferShapes } from './infer_shape.js';
import type { Symbol } from './symbol.js';

export type InferShapeResult = [arg_shapes: number[][], out_shapes: number[][], aux_shapes: number[][]];

/** Legacy (non-NumPy) shape semantics: no dims, or a 0 dim, means "not known yet". */
function isKnown(s: readonly number[] | undefined): s is number[] {
  return s !== undefined && s.length > 0 && s.every((d) => d > 0);
}

function checkShape(v: unknown, what: string): number[] {
  if (!Array.isArray(v) || !v.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new MXNetError(`infer_shape: ${what} must be a shape (array of non-negative integers), got ${JSON.stringify(v)}`);
  }
  return [...v];
}

function givenShapes(sym: Symbol, args: readonly unknown[]): Record<string, number[]> {
  const given: Record<string, number[]> = {};
  if (args.length === 1 && isPlainObject(args[0])) {
    const inputs = sym.list_inputs();
    for (const [k, v] of Object.entries(args[0])) {
      if (!inputs.includes(k)) {
        throw new MXNetError(`infer_shape: keyword argument name '${k}' not found; candidate arguments: [${inputs.join(', ')}]`);
      }
      if (v !== null && v !== undefined) given[k] = checkShape(v, `the shape of '${k}'`);
    }
    return given;
  }
  if (args.some((a) => isPlainObject(a))) {
    throw new MXNetError('infer_shape: give known shapes either positionally or as one object by name, not both');
  }
  const names = sym.list_arguments();
  if (args.length > names.length) {
    throw new MXNetError(`infer_shape: ${args.length} positional shapes given, but the symbol has ${names.length} arguments (${names.join(', ')})`);
  }
  args.forEach((v, i) => {
    if (v !== null && v !== undefined) given[names[i]!] = checkShape(v, `positional shape #${i} (${names[i]})`);
  });
  return given;
}

export function inferShapeImpl(sym: Symbol, args: readonly unknown[]):
  { complete: boolean; shapes: InferShapeResult } {
  const given = givenShapes(sym, args);
  const { shapes } = inferShapes(sym.heads, given);
  const out = (node: GraphNode, index: number): number[] => {
    const s = shapes.get(node)?.[index];
    return s ? [...s] : [];
  };
  const complete = topoSort(sym.heads).every((n) => {
    const outs = shapes.get(n);
    return outs !== undefined && (isVariable(n) || outs.length > 0) && outs.every(isKnown);
  });
  return {
    complete,
    shapes: [
      listArgumentNodes(sym.heads).map((n) => out(n, 0)),
      sym.heads.map((e) => out(e.node, e.index)),
      listAuxNodes(sym.heads).map((n) => out(n, 0)),
    ],
  };
}
