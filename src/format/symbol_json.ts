// `-symbol.json` as a structural graph (no operator knowledge): reads the legacy (≤0.8 `param`),
// nnvm `attr` (0.9–0.11) and `attrs` (≥0.12) flavours the way nnvm's LoadJSON and MXNet's
// LoadLegacyJSON do (checkpoint-format.md §B.1, §B.2, §B.8), with strict structural checks.

import { MXNetError } from '../base.js';
import { JsonNumber, parseJsonText, type JsonObject, type JsonValue } from './json_text.js';
import { pyFloatRepr } from './pystr.js';

export { writeSymbolJSON, type RawGraphOut } from './symbol_json_writer.js';

/** [source node id, output index, version]. */
export type RawEntry = [number, number, number];

export interface RawNode {
  /** Operator name as written, or "null" for a variable. */
  op: string;
  name: string;
  /** `param`, `attr` and `attrs` merged; every value a string. */
  attrs: Record<string, string>;
  inputs: RawEntry[];
  control_deps?: number[];
}

export interface RawGraph {
  nodes: RawNode[];
  arg_nodes: number[];
  heads: RawEntry[];
  /** mxnet_version from the graph attrs (e.g. 10901); 800 when absent, as MXNet assumes. */
  version: number;
  /** Graph attributes as [type name, value], e.g. {mxnet_version: ["int", 10901]}. */
  graphAttrs: Record<string, [string, unknown]>;
}

const GRAPH_KEYS = new Set(['nodes', 'arg_nodes', 'node_row_ptr', 'heads', 'attrs']);
const NODE_KEYS = new Set(['op', 'name', 'inputs', 'attrs', 'attr', 'param', 'control_deps', 'subgraphs', 'backward_source_id']);
/** Files without graph attrs predate nnvm; MXNet treats them as 0.8.0. */
const LEGACY_VERSION = 800;

export function parseSymbolJSON(text: string, source: string): RawGraph {
  const root = parseJsonText(text, source);
  const fail = (msg: string): never => {
    throw new MXNetError(`${source}: ${msg}`);
  };
  if (!(root instanceof Map)) return fail('a symbol file must be a JSON object');
  for (const k of root.keys()) {
    if (!GRAPH_KEYS.has(k)) fail(`unknown top-level key '${k}' (expected ${[...GRAPH_KEYS].join(', ')})`);
  }
  const nodesJson = required(root, 'nodes', source);
  if (!Array.isArray(nodesJson)) return fail(`'nodes' must be an array`);
  const nodes = nodesJson.map((n, i) => readNode(n, i, nodesJson.length, source));

  const argJson = required(root, 'arg_nodes', source);
  const arg_nodes = intArray(argJson, `'arg_nodes'`, source);
  for (const id of arg_nodes) {
    if (id >= nodes.length) fail(`'arg_nodes' lists node ${id}, but there are only ${nodes.length} nodes`);
    if (nodes[id]!.op !== 'null') fail(`'arg_nodes' lists node ${id} '${nodes[id]!.name}', which is an operator (${nodes[id]!.op}), not a variable`);
  }
  const headsJson = required(root, 'heads', source);
  if (!Array.isArray(headsJson)) return fail(`'heads' must be an array`);
  const heads = headsJson.map((e, j) => readEntry(e, `head #${j}`, nodes.length, source));

  // node_row_ptr is recomputed by every loader, so only its type is checked.
  if (root.has('node_row_ptr')) intArray(root.get('node_row_ptr')!, `'node_row_ptr'`, source);

  const graphAttrs = readGraphAttrs(root.get('attrs'), source);
  let version = LEGACY_VERSION;
  const mv = graphAttrs.mxnet_version;
  if (mv !== undefined) {
    if (mv[0] !== 'int' || !Number.isSafeInteger(mv[1])) fail(`graph attribute mxnet_version must be ["int", <integer>], got ${JSON.stringify(mv)}`);
    version = mv[1] as number;
  }
  return { nodes, arg_nodes, heads, version, graphAttrs };
}

function required(obj: JsonObject, key: string, source: string): JsonValue {
  if (!obj.has(key)) throw new MXNetError(`${source}: missing required key '${key}'`);
  return obj.get(key)!;
}

function readNode(v: JsonValue, i: number, count: number, source: string): RawNode {
  const where = (name?: string) => `node #${i}${name !== undefined ? ` '${name}'` : ''}`;
  if (!(v instanceof Map)) throw new MXNetError(`${source}: ${where()} must be an object`);
  const name = v.get('name');
  const fail = (msg: string): never => {
    throw new MXNetError(`${source}: ${where(typeof name === 'string' ? name : undefined)}: ${msg}`);
  };
  for (const k of v.keys()) {
    if (!NODE_KEYS.has(k)) fail(`unknown node key '${k}' (expected ${[...NODE_KEYS].join(', ')})`);
  }
  for (const k of ['op', 'name', 'inputs']) if (!v.has(k)) fail(`missing required key '${k}'`);
  const op = v.get('op');
  if (typeof op !== 'string') return fail(`'op' must be a string`);
  if (typeof name !== 'string') return fail(`'name' must be a string`);

  const attrs: Record<string, string> = {};
  // Legacy `param` held the op parameters; `attr`/`attrs` win where a key appears in both.
  readAttrMap(v.get('param'), 'param', true, attrs, fail);
  readAttrMap(v.get('attr'), 'attr', false, attrs, fail);
  readAttrMap(v.get('attrs'), 'attrs', false, attrs, fail);

  const inputsJson = v.get('inputs');
  if (!Array.isArray(inputsJson)) return fail(`'inputs' must be an array`);
  if (op === 'null' && inputsJson.length > 0) fail(`a variable (op "null") cannot have inputs`);
  const inputs = inputsJson.map((e, j) => {
    const entry = readEntry(e, `${where(name)} input #${j}`, count, source);
    if (entry[0] >= i) fail(`input #${j} refers to node ${entry[0]}, which does not come before it (nodes must be topologically sorted)`);
    return entry;
  });
  const node: RawNode = { op, name, attrs, inputs };
  if (v.has('control_deps')) {
    const deps = intArray(v.get('control_deps')!, `${where(name)} 'control_deps'`, source);
    for (const d of deps) if (d >= i) fail(`control dependency ${d} does not come before it`);
    if (deps.length > 0) node.control_deps = deps;
  }
  const sub = v.get('subgraphs');
  if (sub !== undefined && !(Array.isArray(sub) && sub.length === 0)) {
    fail(`subgraphs (control-flow operators) are not supported`);
  }
  return node;
}

function readAttrMap(v: JsonValue | undefined, key: string, legacy: boolean,
  into: Record<string, string>, fail: (msg: string) => never): void {
  if (v === undefined) return;
  if (!(v instanceof Map)) return fail(`'${key}' must be an object of strings`);
  for (const [k, val] of v) {
    let s: string;
    if (typeof val === 'string') s = val;
    else if (legacy && (val instanceof JsonNumber || typeof val === 'boolean' || val === null)) s = pyStrOfJsonScalar(val);
    else return fail(`attribute '${k}' in '${key}' must be a string, got ${JSON.stringify(plain(val))}`);
    // defineProperty: a key such as "__proto__" must become a normal own property.
    Object.defineProperty(into, k, { value: s, enumerable: true, writable: true, configurable: true });
  }
}

function readEntry(v: JsonValue, what: string, count: number, source: string): RawEntry {
  const fail = (msg: string): never => {
    throw new MXNetError(`${source}: ${what}: ${msg}`);
  };
  if (!Array.isArray(v) || (v.length !== 2 && v.length !== 3)) {
    return fail(`expected [node_id, output_index] or [node_id, output_index, version], got ${JSON.stringify(plain(v))}`);
  }
  const [id, index, version] = v.map((x) => uint32(x)) as [number | null, number | null, number | null | undefined];
  if (id === null || index === null || version === null) fail(`entries must be non-negative integers, got ${JSON.stringify(plain(v))}`);
  if (id! >= count) fail(`refers to node ${id}, but there are only ${count} nodes`);
  return [id!, index!, version ?? 0];
}

function uint32(v: JsonValue): number | null {
  return v instanceof JsonNumber && v.isInteger && v.value >= 0 && v.value <= 0xffffffff ? v.value : null;
}

function intArray(v: JsonValue, what: string, source: string): number[] {
  const out = Array.isArray(v) ? v.map(uint32) : null;
  if (out === null || out.some((x) => x === null)) {
    throw new MXNetError(`${source}: ${what} must be an array of non-negative integers`);
  }
  return out as number[];
}

function readGraphAttrs(v: JsonValue | undefined, source: string): Record<string, [string, unknown]> {
  const out: Record<string, [string, unknown]> = {};
  if (v === undefined) return out;
  if (!(v instanceof Map)) throw new MXNetError(`${source}: graph 'attrs' must be an object`);
  for (const [k, val] of v) {
    if (!Array.isArray(val) || val.length !== 2 || typeof val[0] !== 'string') {
      throw new MXNetError(`${source}: graph attribute '${k}' must be [type_name, value], got ${JSON.stringify(plain(val))}`);
    }
    Object.defineProperty(out, k, { value: [val[0], plain(val[1]!)], enumerable: true, writable: true, configurable: true });
  }
  return out;
}

/**
 * Python's str() of what json.loads makes of a scalar (legacy `param` values may be bare numbers):
 * integer spellings keep their digits (Python ints are exact), other numbers are floats.
 */
function pyStrOfJsonScalar(v: JsonNumber | boolean | null): string {
  if (v === null) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (v.isInteger) return v.text === '-0' ? '0' : v.text;
  return pyFloatRepr(v.value);
}

/** A parsed value as plain JS (numbers as numbers, objects as records), for messages and graph attrs. */
function plain(v: JsonValue): unknown {
  if (v instanceof JsonNumber) return v.value;
  if (Array.isArray(v)) return v.map(plain);
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [k, plain(x)]));
  return v;
}
