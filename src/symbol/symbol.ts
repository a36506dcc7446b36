// mx.symbol.Symbol: a list of output entries of the graph in graph.ts, with the Python API of
// python/mxnet/symbol/symbol.py (listing, indexing, attributes, shape inference, JSON, bind, arithmetic).

import { MXNetError, bindArgs, isPlainObject, type Kwargs } from '../base.js';
import { Context } from '../context.js';
import { bind as bindExecutor, simple_bind as simpleBindExecutor } from '../executor/bind.js';
import { writeBytesAtomic } from '../fsio.js';
import {
  type Entry, isVariable, listArgumentNodes, listAuxNodes, outputName, topoSort,
} from './graph.js';
import { unwrappedHiddenKey } from './attribute.js';
import { inferShapeImpl, type InferShapeResult } from './infer_shape_api.js';
import { invokeOp } from './op_function.js';
import { symbolToJSON } from './json_save.js';
import { varVersion } from './var_version.js';

const ITERATOR: typeof globalThis.Symbol.iterator = globalThis.Symbol.iterator;
const BIND_KEYS = ['ctx', 'args', 'args_grad', 'grad_req', 'aux_states'];

export class Symbol {
  /** The outputs this symbol stands for (a Group has several). */
  readonly heads: readonly Entry[];

  constructor(heads: readonly Entry[]) {
    this.heads = heads.map((e) => ({ node: e.node, index: e.index, version: e.version }));
  }

  /** The node name when every output comes from one node, else null (Python's `Symbol.name`). */
  get name(): string | null {
    const n = this.heads[0]?.node;
    return n && this.heads.every((e) => e.node === n) ? n.name : null;
  }

  /** Python's `len(sym)`: the number of outputs. */
  get length(): number {
    return this.heads.length;
  }

  [ITERATOR](): Iterator<Symbol> {
    return Array.from({ length: this.length }, (_, i) => this.get(i))[ITERATOR]();
  }

  toString(): string {
    const name = this.name;
    return name !== null ? `<Symbol ${name}>` : `<Symbol group [${[...this].map((s) => s.name).join(', ')}]>`;
  }

  list_arguments(): string[] {
    return listArgumentNodes(this.heads).map((n) => n.name);
  }

  list_outputs(): string[] {
    return this.heads.map(outputName);
  }

  list_auxiliary_states(): string[] {
    return listAuxNodes(this.heads).map((n) => n.name);
  }

  /** Every variable (arguments and aux states) in graph order. */
  list_inputs(): string[] {
    return topoSort(this.heads).filter(isVariable).map((n) => n.name);
  }

  /** Every output of every node (hidden outputs included), in graph order. */
  get_internals(): Symbol {
    const entries: Entry[] = [];
    for (const node of topoSort(this.heads)) {
      if (isVariable(node)) {
        entries.push({ node, index: 0, version: varVersion(node) });
        continue;
      }
      const n = node.def!.outputNames(node.params!).length;
      for (let index = 0; index < n; index++) entries.push({ node, index, version: 0 });
    }
    return new Symbol(entries);
  }

  /** Python's `sym[i]` / `sym['fc1_output']`. */
  get(index: number | string): Symbol {
    let i: number;
    if (typeof index === 'string') {
      const names = this.list_outputs();
      const hits = names.flatMap((n, k) => (n === index ? [k] : []));
      if (hits.length > 1) throw new MXNetError(`There are multiple outputs with name "${index}"`);
      if (hits.length === 0) throw new MXNetError(`Cannot find output that matches name "${index}"; outputs: ${names.join(', ')}`);
      i = hits[0]!;
    } else {
      if (!Number.isInteger(index)) throw new MXNetError(`Symbol only supports integer or string indices, got ${String(index)}`);
      if (index < 0 || index >= this.length) throw new MXNetError(`output index ${index} out of range for a symbol with ${this.length} outputs`);
      i = index;
    }
    return new Symbol([this.heads[i]!]);
  }

  /**
   * The attribute `key` of this symbol's node (null when absent or when the outputs span several
   * nodes). `name` and `op_name` are answered too, and a hidden key such as `lr_mult` finds `__lr_mult__`.
   */
  attr(key: string): string | null {
    const node = this.heads[0]?.node;
    if (!node || this.name === null) return null;
    if (key === 'name') return node.name;
    if (key === 'op_name') return node.op;
    if (key in node.attrs) return node.attrs[key]!;
    const wrapped = `__${key}__`;
    return unwrappedHiddenKey(wrapped) !== undefined && wrapped in node.attrs ? node.attrs[wrapped]! : null;
  }

  /** The attributes of the (first) output's node; wrapped hidden keys are listed under both names. */
  list_attr(): Record<string, string> {
    const node = this.heads[0]?.node;
    return node ? withUnwrappedKeys(node.attrs) : {};
  }

  /** `{node name: {key: value}}` for every node that has attributes (the optimizer reads lr/wd mults here). */
  attr_dict(): Record<string, Record<string, string>> {
    const out: Record<string, Record<string, string>> = {};
    for (const n of topoSort(this.heads)) {
      if (Object.keys(n.attrs).length === 0) continue;
      out[n.name] = { ...(out[n.name] ?? {}), ...withUnwrappedKeys(n.attrs) };
    }
    return out;
  }

  /**
   * `[arg_shapes, out_shapes, aux_shapes]` from known shapes given positionally (in list_arguments
   * order, null = unknown) or as one object by name; `[null, null, null]` when some shape stays unknown.
   */
  infer_shape(...args: unknown[]): InferShapeResult | [null, null, null] {
    const r = inferShapeImpl(this, args);
    return r.complete ? r.shapes : [null, null, null];
  }

  /** Like infer_shape, but returns what is known; unknown shapes are `[]` (Python's `()`). */
  infer_shape_partial(...args: unknown[]): InferShapeResult {
    return inferShapeImpl(this, args).shapes;
  }

  /** MXNet 1.x JSON text (nnvm SaveJSON layout, `mxnet_version` 10901). */
  tojson(): string {
    return symbolToJSON(this.heads);
  }

  /** Write tojson() to `fname` atomically. */
  async save(fname: string): Promise<void> {
    await writeBytesAtomic(fname, this.tojson());
  }

  /** `simple_bind(ctx, {grad_req, type_dict, <input name>: shape, ...})`: allocate every array from shapes. */
  simple_bind(...call: unknown[]): ReturnType<typeof simpleBindExecutor> {
    const { ctx, grad_req, type_dict, ...shapes } = bindArgs('simple_bind', ['ctx'], call);
    if (!(ctx instanceof Context)) throw new MXNetError(`simple_bind: ctx must be a Context (mx.cpu(), mx.gpu()), got ${describe(ctx)}`);
    const inputs = this.list_inputs();
    for (const [k, v] of Object.entries(shapes)) {
      if (!inputs.includes(k)) {
        throw new MXNetError(`simple_bind: '${k}' is neither an option (grad_req, type_dict) nor an input of the symbol; inputs: ${inputs.join(', ')}`);
      }
      if (!Array.isArray(v) || !v.every((d) => Number.isInteger(d) && d >= 0)) {
        throw new MXNetError(`simple_bind: the shape of '${k}' must be an array of non-negative integers, got ${JSON.stringify(v)}`);
      }
    }
    return simpleBindExecutor(this.heads, ctx, {
      grad_req, type_dict, shapes: shapes as Record<string, number[]>,
    } as Parameters<typeof simpleBindExecutor>[2]);
  }

  /**
   * `bind(ctx, args, {args_grad, grad_req, aux_states})` with arrays given as lists (list_arguments
   * order) or objects by name. `bind(ctx, {args, ...})` works too.
   */
  bind(...call: unknown[]): ReturnType<typeof bindExecutor> {
    const last = call[call.length - 1];
    // A trailing object is the options unless it is the args dict itself: (ctx, {data: arr, ...}).
    const isOptions = isPlainObject(last) && Object.keys(last).every((k) => BIND_KEYS.includes(k)) &&
      (call.length === 3 || 'args' in last);
    const positional = isOptions ? call.slice(0, -1) : call;
    const kw: Kwargs = isOptions ? { ...(last as Kwargs) } : {};
    if (positional.length > 2) throw new MXNetError(`bind() takes at most 2 positional arguments (ctx, args), ${positional.length} given`);
    BIND_KEYS.slice(0, positional.length).forEach((k, i) => {
      if (k in kw) throw new MXNetError(`bind() got multiple values for argument '${k}'`);
      kw[k] = positional[i];
    });
    if (kw.ctx === undefined || kw.args === undefined) throw new MXNetError('bind() needs ctx and args');
    const { ctx, args, ...opts } = kw;
    if (!(ctx instanceof Context)) throw new MXNetError(`bind: ctx must be a Context (mx.cpu(), mx.gpu()), got ${describe(ctx)}`);
    return bindExecutor(this.heads, ctx, args as Parameters<typeof bindExecutor>[2],
      opts as Parameters<typeof bindExecutor>[3]);
  }

  /** Python `self + other`: elemwise_add (`_plus<N>`) or _plus_scalar (`_plusscalar<N>`). */
  add(other: Symbol | number): Symbol {
    return this.arith('add', other, ['elemwise_add', '_plus'], ['_plus_scalar', '_plusscalar']);
  }

  /** Python `self - other`. */
  sub(other: Symbol | number): Symbol {
    return this.arith('sub', other, ['elemwise_sub', '_minus'], ['_minus_scalar', '_minusscalar']);
  }

  /** Python `other - self` for a number. */
  rsub(other: number): Symbol {
    return this.arith('rsub', other, null, ['_rminus_scalar', '_rminusscalar']);
  }

  /** Python `self * other`. */
  mul(other: Symbol | number): Symbol {
    return this.arith('mul', other, ['elemwise_mul', '_mul'], ['_mul_scalar', '_mulscalar']);
  }

  /** Python `self / other`. */
  div(other: Symbol | number): Symbol {
    return this.arith('div', other, ['elemwise_div', '_div'], ['_div_scalar', '_divscalar']);
  }

  /** Python `other / self` for a number. */
  rdiv(other: number): Symbol {
    return this.arith('rdiv', other, null, ['_rdiv_scalar', '_rdivscalar']);
  }

  /** [op, default-name hint] pairs, as the `_internal._Plus` / `_PlusScalar` calls in symbol.py. */
  private arith(what: string, other: Symbol | number, sym: [string, string] | null, scalar: [string, string]): Symbol {
    if (other instanceof Symbol && sym) return invokeOp(sym[0], sym[1], [this, other]);
    if (typeof other === 'number') return invokeOp(scalar[0], scalar[1], [this, { scalar: other }]);
    throw new MXNetError(`Symbol.${what}: expected ${sym ? 'a Symbol or ' : ''}a number, got ${describe(other)}`);
  }
}

function withUnwrappedKeys(attrs: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of Object.keys(attrs).sort()) {
    out[k] = attrs[k]!;
    const plain = unwrappedHiddenKey(k);
    if (plain !== undefined) out[plain] = attrs[k]!;
  }
  return out;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'object';
  return typeof v;
}
