// Symbol.bind / Symbol.simple_bind (python/mxnet/symbol/symbol.py) over graph heads: check or infer
// every argument shape, allocate (simple_bind) or adopt (bind) the arrays, and build the Executor.

import { isPlainObject, MXNetError, sameShape, shapeStr } from '../base.js';
import { backendFor } from '../backends/registry.js';
import type { Context } from '../context.js';
import { NDArray } from '../ndarray/ndarray.js';
import type { GradReq, MaybeShape } from '../ops/registry.js';
import { isKnown } from '../ops/shape_utils.js';
import { listArgumentNodes, listAuxNodes, type Entry, type GraphNode } from '../symbol/graph.js';
import { inferShapes } from '../symbol/infer_shape.js';
import { Executor } from './executor.js';
import { normalizeGradReq, type GradReqSpec } from './grad_req.js';

export interface SimpleBindOptions {
  grad_req?: GradReqSpec;
  /** Argument dtypes by name; only 'float32' is supported by the kernels. */
  type_dict?: Record<string, string> | null;
  /** Input shapes by argument (or aux) name. */
  shapes?: Record<string, readonly number[]>;
}

export interface BindOptions {
  args_grad?: readonly (NDArray | null)[] | Record<string, NDArray | null> | null;
  grad_req?: GradReqSpec;
  aux_states?: readonly NDArray[] | Record<string, NDArray> | null;
}

function zeros(shape: readonly number[], ctx: Context): NDArray {
  const a = NDArray._empty(shape, ctx);
  a.backend.fill(a.ref, a.size, 0);
  return a;
}

function shapeOf(shapes: Map<GraphNode, MaybeShape[]>, n: GraphNode): MaybeShape {
  return shapes.get(n)![0];
}

/** simple_bind(ctx, grad_req='write', type_dict=None, **shapes): every array allocated (zeros). */
export function simple_bind(heads: readonly Entry[], ctx: Context, opts: SimpleBindOptions = {}): Executor {
  const argNodes = listArgumentNodes(heads), auxNodes = listAuxNodes(heads);
  const argNames = argNodes.map((n) => n.name);
  for (const [name, t] of Object.entries(opts.type_dict ?? {})) {
    if (t !== 'float32') throw new MXNetError(`simple_bind: type_dict['${name}'] = ${t}; only float32 is supported`);
  }
  const { shapes } = inferShapes(heads, opts.shapes ?? {});
  const unknown = [...argNodes, ...auxNodes].filter((n) => !isKnown(shapeOf(shapes, n)));
  if (unknown.length > 0) {
    throw new MXNetError(`simple_bind: cannot infer the shape of ${unknown.map((n) => `'${n.name}' (${shapeStr(shapeOf(shapes, n))})`).join(', ')}; give it in the input shapes (given: ${JSON.stringify(opts.shapes ?? {})})`);
  }
  const gradReqs = normalizeGradReq(opts.grad_req, argNames);
  const backend = backendFor(ctx);
  const owned: NDArray[] = [];
  const make = (n: GraphNode) => {
    const shape = shapeOf(shapes, n)!;
    try {
      const a = zeros(shape, ctx);
      owned.push(a);
      return a;
    } catch (e) {
      // Free what was already allocated, and say which array (e.g. an absurd num_hidden) did not fit.
      for (const a of owned) a.dispose();
      if (!(e instanceof MXNetError)) throw e;
      throw new MXNetError(`simple_bind: cannot allocate '${n.name}' of shape ${shapeStr(shape)}: ${e.message}`);
    }
  };
  const argArrays = argNodes.map(make);
  const gradArrays = argNodes.map((n, i) => (gradReqs[i] === 'null' ? null : make(n)));
  const auxArrays = auxNodes.map(make);
  return new Executor({ heads, ctx, backend, argNodes, auxNodes, argArrays, gradArrays, gradReqs, auxArrays, owned }, shapes);
}

/** Python's _get_ndarray_inputs: a list in name order or a dict by name. */
function arraysByName(what: string, value: unknown, names: readonly string[], allowMissing: boolean): (NDArray | null)[] {
  let arrays: unknown[];
  if (Array.isArray(value)) {
    if (value.length !== names.length) {
      throw new MXNetError(`Length of ${what} (${value.length}) does not match the number of arguments (${names.length}: ${names.join(', ')})`);
    }
    arrays = value;
  } else if (isPlainObject(value)) {
    arrays = names.map((n) => {
      if (value[n] != null) return value[n];
      if (!allowMissing) throw new MXNetError(`key \`${n}\` is missing in \`${what}\``);
      return null;
    });
  } else {
    throw new MXNetError(`${what} must be a list or a dict of NDArrays`);
  }
  return arrays.map((a, i) => {
    if (a == null && allowMissing) return null;
    if (!(a instanceof NDArray)) throw new MXNetError(`${what}: '${names[i]}' must be an NDArray`);
    return a;
  });
}

function checkArray(what: string, a: NDArray, ctx: Context): void {
  if (a.backend !== backendFor(ctx)) throw new MXNetError(`bind: ${what} is on ${a.context}, the executor on ${ctx}`);
  if (a.dtype !== 'float32') throw new MXNetError(`bind: ${what} has dtype ${a.dtype}; only float32 is supported`);
}

/** bind(ctx, args, args_grad=None, grad_req='write', aux_states=None): the given arrays are used in place. */
export function bind(heads: readonly Entry[], ctx: Context, args: readonly NDArray[] | Record<string, NDArray>,
  opts: BindOptions = {}): Executor {
  const argNodes = listArgumentNodes(heads), auxNodes = listAuxNodes(heads);
  const argNames = argNodes.map((n) => n.name), auxNames = auxNodes.map((n) => n.name);
  const argArrays = arraysByName('args', args, argNames, false) as NDArray[];
  const gradArrays = opts.args_grad == null ? argNames.map(() => null) : arraysByName('args_grad', opts.args_grad, argNames, true);
  const auxArrays = arraysByName('aux_states', opts.aux_states ?? [], auxNames, false) as NDArray[];
  const given: Record<string, number[]> = {};
  argArrays.forEach((a, i) => {
    checkArray(`argument '${argNames[i]}'`, a, ctx);
    given[argNames[i]!] = a.shape;
  });
  auxArrays.forEach((a, i) => {
    checkArray(`auxiliary state '${auxNames[i]}'`, a, ctx);
    given[auxNames[i]!] = a.shape;
  });
  gradArrays.forEach((g, i) => {
    if (!g) return;
    checkArray(`gradient of '${argNames[i]}'`, g, ctx);
    if (!sameShape(g.shape, argArrays[i]!.shape)) {
      throw new MXNetError(`bind: gradient array of '${argNames[i]}' has shape ${shapeStr(g.shape)}, the argument ${shapeStr(argArrays[i]!.shape)}`);
    }
  });
  const { shapes } = inferShapes(heads, given);
  // A missing gradient array means no gradient, whatever grad_req says (as in MXNet).
  const gradReqs: GradReq[] = normalizeGradReq(opts.grad_req, argNames).map((r, i) => (gradArrays[i] ? r : 'null'));
  return new Executor({ heads, ctx, backend: backendFor(ctx), argNodes, auxNodes, argArrays,
    gradArrays: gradArrays.map((g, i) => (gradReqs[i] === 'null' ? null : g)), gradReqs, auxArrays, owned: [] }, shapes);
}
