// Writes a graph as `-symbol.json` byte-for-byte like nnvm's SaveJSON in MXNet 1.x
// (checkpoint-format.md §B.1, §B.6): keys nodes, arg_nodes, node_row_ptr, heads, attrs; node keys
// op, name, attrs (sorted, omitted when empty), inputs, control_deps; no trailing newline.

import { MXNetError } from '../base.js';
import { DmlcJsonWriter } from './dmlc_json_writer.js';
import type { RawEntry, RawNode } from './symbol_json.js';

export interface RawGraphOut {
  /** Topologically sorted: every input refers to an earlier node. */
  nodes: readonly RawNode[];
  /** Total outputs of each node, hidden ones included (variables 1, BatchNorm 3, …): node_row_ptr. */
  num_outputs: readonly number[];
  heads: readonly RawEntry[];
  /** Graph attributes; default {mxnet_version: ["int", 10901]}. Values: int, str or list of ints. */
  graphAttrs?: Readonly<Record<string, readonly [string, unknown]>>;
}

const DEFAULT_GRAPH_ATTRS = { mxnet_version: ['int', 10901] } as const;

/** dmlc's vector handler: an array of numbers or entries goes multi-line above 10 elements. */
const MULTILINE_ABOVE = 10;

export function writeSymbolJSON(g: RawGraphOut): string {
  validate(g);
  const w = new DmlcJsonWriter();
  w.beginObject(true);
  w.key('nodes');
  w.beginArray(true);
  for (const n of g.nodes) {
    w.item();
    writeNode(w, n);
  }
  w.endArray();
  w.key('arg_nodes');
  intArray(w, g.nodes.flatMap((n, i) => (n.op === 'null' ? [i] : [])));
  w.key('node_row_ptr');
  const rowPtr = [0];
  for (const k of g.num_outputs) rowPtr.push(rowPtr[rowPtr.length - 1]! + k);
  intArray(w, rowPtr);
  w.key('heads');
  entryArray(w, g.heads);
  const attrs = Object.entries(g.graphAttrs ?? DEFAULT_GRAPH_ATTRS);
  if (attrs.length > 0) {
    w.key('attrs');
    w.beginObject(attrs.length > 1);
    for (const [k, v] of attrs) {
      w.key(k);
      writeAny(w, k, v);
    }
    w.endObject();
  }
  w.endObject();
  return w.text();
}

function writeNode(w: DmlcJsonWriter, n: RawNode): void {
  w.beginObject(true);
  w.key('op');
  w.string(n.op);
  w.key('name');
  w.string(n.name);
  const keys = Object.keys(n.attrs).sort(byteOrder);
  if (keys.length > 0) {
    w.key('attrs');
    w.beginObject(keys.length > 1);
    for (const k of keys) {
      w.key(k);
      w.string(n.attrs[k]!);
    }
    w.endObject();
  }
  w.key('inputs');
  entryArray(w, n.inputs);
  if (n.control_deps && n.control_deps.length > 0) {
    w.key('control_deps');
    intArray(w, n.control_deps);
  }
  w.endObject();
}

function intArray(w: DmlcJsonWriter, xs: readonly number[]): void {
  w.beginArray(xs.length > MULTILINE_ABOVE);
  for (const x of xs) {
    w.item();
    w.int(x);
  }
  w.endArray();
}

function entryArray(w: DmlcJsonWriter, es: readonly RawEntry[]): void {
  w.beginArray(es.length > MULTILINE_ABOVE);
  for (const e of es) {
    w.item();
    intArray(w, e);
  }
  w.endArray();
}

/** dmlc "any" values: [type name, value] on one line. */
function writeAny(w: DmlcJsonWriter, key: string, v: readonly [string, unknown]): void {
  const [type, value] = v;
  w.beginArray(false);
  w.item();
  w.string(type);
  w.item();
  if (type === 'int' && Number.isSafeInteger(value)) w.int(value as number);
  else if (type === 'str' && typeof value === 'string') w.string(value);
  else if (type === 'list_int' && Array.isArray(value) && value.every((x) => Number.isSafeInteger(x))) intArray(w, value);
  else throw new MXNetError(`writeSymbolJSON: graph attribute '${key}' has unsupported value ${JSON.stringify(v)} (int, str or list_int expected)`);
  w.endArray();
}

/** std::map orders keys by bytes; code-point order equals UTF-8 byte order (UTF-16 order does not). */
function byteOrder(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    const d = x[i]!.codePointAt(0)! - y[i]!.codePointAt(0)!;
    if (d !== 0) return d;
  }
  return x.length - y.length;
}

function validate(g: RawGraphOut): void {
  const fail = (msg: string): never => {
    throw new MXNetError(`writeSymbolJSON: ${msg}`);
  };
  if (g.num_outputs.length !== g.nodes.length) fail(`num_outputs has ${g.num_outputs.length} entries for ${g.nodes.length} nodes`);
  g.nodes.forEach((n, i) => {
    const k = g.num_outputs[i]!;
    if (!Number.isSafeInteger(k) || k < 1) fail(`node #${i} '${n.name}' has an invalid output count ${k}`);
    n.inputs.forEach((e, j) => {
      checkEntry(e, `node #${i} '${n.name}' input #${j}`, fail);
      if (e[0] >= i) fail(`node #${i} '${n.name}' input #${j} refers to node ${e[0]}, which does not come before it`);
    });
    for (const d of n.control_deps ?? []) if (!(Number.isSafeInteger(d) && d >= 0 && d < i)) fail(`node #${i} '${n.name}' has an invalid control dependency ${d}`);
    for (const [k, v] of Object.entries(n.attrs)) if (typeof v !== 'string') fail(`node #${i} '${n.name}' attribute '${k}' must be a string, got ${typeof v}`);
  });
  g.heads.forEach((e, j) => {
    checkEntry(e, `head #${j}`, fail);
    if (e[0] >= g.nodes.length) fail(`head #${j} refers to node ${e[0]}, but there are ${g.nodes.length} nodes`);
  });
}

function checkEntry(e: RawEntry, what: string, fail: (msg: string) => never): void {
  if (e.length !== 3 || !e.every((x) => Number.isSafeInteger(x) && x >= 0)) fail(`${what} must be [node_id, output_index, version], got ${JSON.stringify(e)}`);
}
