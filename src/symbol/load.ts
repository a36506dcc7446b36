// mx.symbol.load / load_json: a symbol file of any MXNet era (legacy `param`, nnvm `attr`, `attrs`)
// becomes a Symbol: ops resolved (canonical names), upgrade passes applied, params parsed and checked.

import { MXNetError } from '../base.js';
import { readText } from '../fsio.js';
import { parseSymbolJSON, type RawEntry, type RawGraph } from '../format/symbol_json.js';
import { parseParams } from '../ops/params.js';
import { getOp } from '../ops/registry.js';
import { type Entry, type GraphNode, isVariable } from './graph.js';
import { upgradeAfterParse, upgradeBeforeParse } from './legacy_upgrade.js';
import { Symbol } from './symbol.js';
import { setVarVersion, varVersion } from './var_version.js';

/** Run `fn`, prefixing any MXNetError with the file it came from. */
function inSource<T>(source: string, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (e instanceof MXNetError && !e.message.startsWith(`${source}: `)) throw new MXNetError(`${source}: ${e.message}`);
    throw e;
  }
}

function outputCount(n: GraphNode): number {
  return isVariable(n) ? 1 : n.def!.outputNames(n.params!).length;
}

export function symbolFromRawGraph(raw: RawGraph, source: string): Symbol {
  return inSource(source, () => {
    const nodes: GraphNode[] = raw.nodes.map((rn) => {
      const node: GraphNode = { op: rn.op, name: rn.name, attrs: { ...rn.attrs }, inputs: [] };
      if (rn.op !== 'null') node.def = getOp(rn.op, rn.name);
      return node;
    });
    const toEntry = ([id, index, version]: RawEntry): Entry => {
      const node = nodes[id]!;
      if (isVariable(node)) setVarVersion(node, Math.max(varVersion(node), version));
      return { node, index, version };
    };
    raw.nodes.forEach((rn, i) => {
      nodes[i]!.inputs = rn.inputs.map(toEntry);
    });
    const heads = raw.heads.map(toEntry);

    upgradeBeforeParse(nodes, raw.version);
    const ops = nodes.filter((n) => !isVariable(n));
    for (const n of ops) {
      n.params = parseParams(n.def!, n.attrs, n.name);
      n.op = n.def!.name;
    }
    upgradeAfterParse(ops, raw.version);

    for (const n of ops) {
      const names = n.def!.inputNames(n.params!);
      if (n.inputs.length !== names.length) {
        throw new MXNetError(`${n.op} node '${n.name}' has ${n.inputs.length} inputs, but takes ${names.length} (${names.join(', ')})`);
      }
    }
    for (const n of nodes) {
      n.inputs.forEach((e, j) => {
        if (e.index >= outputCount(e.node)) {
          throw new MXNetError(`node '${n.name}' input #${j} reads output ${e.index} of '${e.node.name}', which has ${outputCount(e.node)} outputs`);
        }
      });
    }
    heads.forEach((e, j) => {
      if (e.index >= outputCount(e.node)) {
        throw new MXNetError(`head #${j} reads output ${e.index} of '${e.node.name}', which has ${outputCount(e.node)} outputs`);
      }
    });
    return new Symbol(heads);
  });
}

/** mx.symbol.load_json(json_str): a Symbol from symbol-file text. */
export function load_json(json_str: string): Symbol {
  if (typeof json_str !== 'string') throw new MXNetError(`load_json: json_str must be a string, got ${typeof json_str}`);
  const source = 'symbol JSON';
  return symbolFromRawGraph(parseSymbolJSON(json_str, source), source);
}

/** mx.symbol.load(fname): read a `-symbol.json` file (path, file: or http(s): URL). */
export async function load(fname: string): Promise<Symbol> {
  if (typeof fname !== 'string') throw new MXNetError(`load: fname must be a string, got ${typeof fname}`);
  const text = await readText(fname);
  return symbolFromRawGraph(parseSymbolJSON(text, fname), fname);
}
