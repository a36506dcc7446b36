// Executor.reshape (python/mxnet/executor.py, GraphExecutor::Reshape): re-infer shapes from the given
// ones; arrays whose size does not grow become views of the old arrays (shared memory, so parameters
// stay shared), larger ones need allow_up_sizing and are new (zeroed) arrays.

import { MXNetError, prod, sameShape, shapeStr } from '../base.js';
import { NDArray } from '../ndarray/ndarray.js';
import type { MaybeShape } from '../ops/registry.js';
import { isKnown } from '../ops/shape_utils.js';
import type { GraphNode } from '../symbol/graph.js';
import { inferShapes } from '../symbol/infer_shape.js';
import type { Binding } from './executor.js';

/** A view of the first prod(shape) elements of `a` (NDArray.reshape itself needs equal sizes). */
function leadingView(a: NDArray, shape: number[]): NDArray {
  if (prod(shape) === a.size) return a.reshape(shape);
  const flat = a.reshape([a.size]);
  const head = flat.slice(0, prod(shape));
  const view = head.reshape(shape);
  flat.dispose();
  head.dispose();
  return view;
}

export function reshapeBinding(old: Binding, kwargs: Record<string, readonly number[]>, partial: boolean,
  upSizing: boolean): { binding: Binding; shapes: Map<GraphNode, MaybeShape[]> } {
  const { shapes } = inferShapes(old.heads, kwargs);
  const owned: NDArray[] = [];
  try {
    const resize = (kind: string, node: GraphNode, arr: NDArray, grad: NDArray | null, named: boolean) => {
      const s = shapes.get(node)![0];
      if (!isKnown(s)) throw new MXNetError(`reshape: insufficient argument shapes provided (cannot infer '${node.name}')`);
      if (!(partial || named || sameShape(s, arr.shape))) {
        throw new MXNetError(`Shape of unspecified array ${kind}:${node.name} changed (${shapeStr(arr.shape)} -> ${shapeStr(s)}). `
          + 'This can cause the new executor to not share parameters with the old one. Please check for error in network. '
          + 'If this is intended, set partial_shaping=True to suppress this warning.');
      }
      const fit = (a: NDArray): NDArray => {
        if (prod(s) <= a.size) return leadingView(a, s);
        if (!upSizing) {
          throw new MXNetError(`New shape of ${kind}:${node.name} ${shapeStr(s)} larger than original ${shapeStr(a.shape)}. `
            + 'First making a big executor and then down sizing it is more efficient than the reverse. '
            + 'If you really want to up size, set allow_up_sizing=True to enable allocation of new arrays.');
        }
        const fresh = NDArray._empty(s, a.context);
        fresh.set(0);
        return fresh;
      };
      const a = fit(arr);
      owned.push(a);
      const g = grad ? fit(grad) : null;
      if (g) owned.push(g);
      return [a, g] as const;
    };
    const args = old.argNodes.map((n, i) => resize('arg', n, old.argArrays[i]!, old.gradArrays[i] ?? null, n.name in kwargs));
    const aux = old.auxNodes.map((n, i) => resize('aux', n, old.auxArrays[i]!, null, false)[0]);
    const binding: Binding = { ...old, argArrays: args.map((x) => x[0]), gradArrays: args.map((x) => x[1]), auxArrays: aux, owned };
    return { binding, shapes };
  } catch (e) {
    for (const a of owned) a.dispose();
    throw e;
  }
}
