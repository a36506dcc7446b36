// Symbol JSON: byte-exact writing (spec §B.10 and the real `attrs` files), reading of every flavour
// (checked against JSON.parse of the same files) and structural errors.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { MXNetError } from '../../src/base.js';
import { parseSymbolJSON, writeSymbolJSON, type RawNode } from '../../src/format/symbol_json.js';

const FIX = '../shared/fixtures/mxnet/';
const read = (f: string) => readFileSync(FIX + f, 'utf8');
const ATTRS_FILES = [
  'cifar_resnet20_v1/cifar_resnet20_v1-symbol.json',
  'cifar_resnet20_v2/cifar_resnet20_v2-symbol.json',
  'insightface_genderage/model-symbol.json',
];
const LEGACY_FILES = [
  'mtcnn_det1/det1-symbol.json', 'mtcnn_det2/det2-symbol.json', 'mtcnn_det3/det3-symbol.json',
  'mtcnn_det4/det4-symbol.json', 'mnist_lenet_2015/mnist-lenet-0-symbol.json',
];

/** checkpoint-format.md §B.10, with the trailing space of every line that ends in ", ". */
const B10_TEXT = `{
  "nodes": [
    {
      "op": "null", 
      "name": "data", 
      "inputs": []
    }, 
    {
      "op": "null", 
      "name": "fc1_weight", 
      "attrs": {"num_hidden": "128"}, 
      "inputs": []
    }, 
    {
      "op": "null", 
      "name": "fc1_bias", 
      "attrs": {"num_hidden": "128"}, 
      "inputs": []
    }, 
    {
      "op": "FullyConnected", 
      "name": "fc1", 
      "attrs": {"num_hidden": "128"}, 
      "inputs": [[0, 0, 0], [1, 0, 0], [2, 0, 0]]
    }, 
    {
      "op": "Activation", 
      "name": "relu1", 
      "attrs": {"act_type": "relu"}, 
      "inputs": [[3, 0, 0]]
    }, 
    {
      "op": "null", 
      "name": "fc2_weight", 
      "attrs": {"num_hidden": "10"}, 
      "inputs": []
    }, 
    {
      "op": "null", 
      "name": "fc2_bias", 
      "attrs": {"num_hidden": "10"}, 
      "inputs": []
    }, 
    {
      "op": "FullyConnected", 
      "name": "fc2", 
      "attrs": {"num_hidden": "10"}, 
      "inputs": [[4, 0, 0], [5, 0, 0], [6, 0, 0]]
    }, 
    {
      "op": "null", 
      "name": "softmax_label", 
      "inputs": []
    }, 
    {
      "op": "SoftmaxOutput", 
      "name": "softmax", 
      "inputs": [[7, 0, 0], [8, 0, 0]]
    }
  ], 
  "arg_nodes": [0, 1, 2, 5, 6, 8], 
  "node_row_ptr": [
    0, 
    1, 
    2, 
    3, 
    4, 
    5, 
    6, 
    7, 
    8, 
    9, 
    10
  ], 
  "heads": [[9, 0, 0]], 
  "attrs": {"mxnet_version": ["int", 10901]}
}`;

function node(op: string, name: string, attrs: Record<string, string>, inputs: number[] = []): RawNode {
  return { op, name, attrs, inputs: inputs.map((i) => [i, 0, 0] as [number, number, number]) };
}

function mlpNodes(): RawNode[] {
  const h128 = { num_hidden: '128' };
  const h10 = { num_hidden: '10' };
  return [
    node('null', 'data', {}), node('null', 'fc1_weight', h128), node('null', 'fc1_bias', h128),
    node('FullyConnected', 'fc1', h128, [0, 1, 2]), node('Activation', 'relu1', { act_type: 'relu' }, [3]),
    node('null', 'fc2_weight', h10), node('null', 'fc2_bias', h10), node('FullyConnected', 'fc2', h10, [4, 5, 6]),
    node('null', 'softmax_label', {}), node('SoftmaxOutput', 'softmax', {}, [7, 8]),
  ];
}

function expectFail(text: string, pattern: RegExp): void {
  let err: unknown;
  try {
    parseSymbolJSON(text, 'bad-symbol.json');
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(MXNetError);
  expect((err as Error).message).toContain('bad-symbol.json');
  expect((err as Error).message).toMatch(pattern);
}

describe('writeSymbolJSON', () => {
  it('reproduces the §B.10 example byte for byte from its node list', () => {
    const text = writeSymbolJSON({ nodes: mlpNodes(), num_outputs: Array(10).fill(1), heads: [[9, 0, 0]] });
    expect(text).toBe(B10_TEXT);
    expect(text.endsWith('}')).toBe(true);
  });

  it.each(ATTRS_FILES)('%s: parse then write gives the identical text', (f) => {
    const text = read(f);
    const g = parseSymbolJSON(text, f);
    const rowPtr = (JSON.parse(text) as { node_row_ptr: number[] }).node_row_ptr;
    const num_outputs = rowPtr.slice(1).map((v, i) => v - rowPtr[i]!);
    const out = writeSymbolJSON({ nodes: g.nodes, num_outputs, heads: g.heads, graphAttrs: g.graphAttrs });
    expect(out.length).toBe(text.length);
    expect(out).toBe(text);
  });

  it('multi-key attr maps, BN versions and node_row_ptr from output counts (§B.11 shapes)', () => {
    const nodes: RawNode[] = [
      node('null', 'x', {}),
      node('null', 'bn0_moving_mean', { fix_gamma: 'False', __init__: '["zero", {}]' }),
      { op: 'BatchNorm', name: 'bn0', attrs: {}, inputs: [[0, 0, 0], [1, 0, 1]] },
    ];
    const text = writeSymbolJSON({ nodes, num_outputs: [1, 1, 3], heads: [[2, 0, 0]] });
    expect(text).toContain(
      '      "attrs": {\n        "__init__": "[\\"zero\\", {}]", \n        "fix_gamma": "False"\n      }, \n',
    );
    expect(text).toContain('"inputs": [[0, 0, 0], [1, 0, 1]]');
    expect(text).toContain('"node_row_ptr": [0, 1, 2, 5]');
  });

  it('arrays go multi-line above 10 elements only; graph attrs with two keys are multi-line', () => {
    const vars = (n: number) => Array.from({ length: n }, (_, i) => node('null', `v${i}`, {}));
    const ten = writeSymbolJSON({ nodes: vars(10), num_outputs: Array(10).fill(1), heads: [], graphAttrs: {} });
    expect(ten).toContain('"arg_nodes": [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], ');
    expect(ten).not.toContain('"attrs"');
    expect(ten).toContain('"heads": []\n}');
    const eleven = writeSymbolJSON({ nodes: vars(11), num_outputs: Array(11).fill(1), heads: [] });
    expect(eleven).toContain('"arg_nodes": [\n    0, \n    1, ');
    const two = writeSymbolJSON({
      nodes: vars(1), num_outputs: [1], heads: [[0, 0, 0]],
      graphAttrs: { mxnet_version: ['int', 10901], is_np_shape: ['int', 1] },
    });
    expect(two.endsWith('"attrs": {\n    "mxnet_version": ["int", 10901], \n    "is_np_shape": ["int", 1]\n  }\n}')).toBe(true);
  });

  it('escapes only \\r \\n \\t \\\\ \\" and sorts attr keys by bytes', () => {
    const attrs = { b: 'tab\there "q" back\\slash\r\n', B: '\u0001é😀', a: 'x', '\uff5e': 'bmp', '😀': 'astral' };
    const text = writeSymbolJSON({ nodes: [node('null', 'v', attrs)], num_outputs: [1], heads: [] });
    expect(text).toContain('"b": "tab\\there \\"q\\" back\\\\slash\\r\\n"');
    expect(text).toContain('"B": "\u0001é😀"');
    const keys = [...text.matchAll(/^ {8}"([^"]+)":/gmu)].map((m) => m[1]);
    expect(keys).toEqual(['B', 'a', 'b', '\uff5e', '😀']); // UTF-16 order would put 😀 first
    // And the reader takes the raw control character back.
    expect(parseSymbolJSON(text, 'w.json').nodes[0]!.attrs).toEqual(attrs);
  });

  it('rejects inconsistent graphs', () => {
    expect(() => writeSymbolJSON({ nodes: mlpNodes(), num_outputs: [1], heads: [] })).toThrow(/num_outputs has 1 entries for 10 nodes/);
    const bad = mlpNodes();
    bad[3] = node('FullyConnected', 'fc1', {}, [0, 5]);
    expect(() => writeSymbolJSON({ nodes: bad, num_outputs: Array(10).fill(1), heads: [] })).toThrow(/'fc1' input #1 refers to node 5/);
    expect(() => writeSymbolJSON({ nodes: mlpNodes(), num_outputs: Array(10).fill(1), heads: [[10, 0, 0]] })).toThrow(/head #0/);
  });
});

describe('parseSymbolJSON', () => {
  it.each([...ATTRS_FILES, 'go_test_attr/go_test-symbol.json', ...LEGACY_FILES])('%s agrees with JSON.parse', (f) => {
    const text = read(f);
    const j = JSON.parse(text) as {
      nodes: { op: string; name: string; inputs: number[][]; attrs?: object; attr?: object; param?: object }[];
      arg_nodes: number[]; heads: number[][]; attrs?: { mxnet_version: [string, number] };
    };
    const g = parseSymbolJSON(text, f);
    expect(g.nodes.map((n) => [n.op, n.name])).toEqual(j.nodes.map((n) => [n.op, n.name]));
    expect(g.nodes.map((n) => n.inputs)).toEqual(j.nodes.map((n) => n.inputs.map((e) => [e[0], e[1], e[2] ?? 0])));
    expect(g.nodes.map((n) => n.attrs)).toEqual(j.nodes.map((n) => ({ ...n.param, ...n.attr, ...n.attrs })));
    expect(g.arg_nodes).toEqual(j.arg_nodes);
    expect(g.heads).toEqual(j.heads.map((e) => [e[0], e[1], e[2] ?? 0]));
    expect(g.version).toBe(j.attrs ? j.attrs.mxnet_version[1] : 800);
  });

  it('reads the three flavours into the same structure', () => {
    const det1 = parseSymbolJSON(read(LEGACY_FILES[0]!), 'det1');
    expect(det1.version).toBe(800);
    expect(det1.graphAttrs).toEqual({});
    expect(det1.heads).toEqual([[19, 0, 0], [23, 0, 0]]);
    expect(det1.nodes[3]!.attrs.kernel).toBe('(3,3)');
    const go = parseSymbolJSON(read('go_test_attr/go_test-symbol.json'), 'go');
    expect(go.version).toBe(904);
    expect(go.nodes[1]).toEqual({ op: 'Reshape', name: 'reshape0', attrs: { shape: '(-1)' }, inputs: [[0, 0, 0]] });
    const cifar = parseSymbolJSON(read(ATTRS_FILES[0]!), 'cifar');
    expect(cifar.version).toBe(20000);
    expect(cifar.graphAttrs).toEqual({ mxnet_version: ['int', 20000] });
  });

  it('stringifies bare numbers in legacy param like Python str()', () => {
    const text = JSON.stringify({
      nodes: [{ op: 'null', name: 'x', inputs: [] }],
      arg_nodes: [0], heads: [[0, 0]],
    }).replace('"inputs":[]', '"inputs":[],"param":{"eps":0.001,"m":2.0,"n":3,"t":1e-5,"b":true,"z":null,"big":1e16,"s":"(1,1)"}');
    expect(parseSymbolJSON(text, 'p.json').nodes[0]!.attrs).toEqual({
      eps: '0.001', m: '2.0', n: '3', t: '1e-05', b: 'True', z: 'None', big: '1e+16', s: '(1,1)',
    });
  });

  it('merges param with attr/attrs, attrs winning; ignores backward_source_id and empty subgraphs', () => {
    const text = `{"nodes": [{"op": "null", "name": "x", "inputs": [], "param": {"a": "1", "b": "1"},
      "attr": {"b": "2", "c": "2"}, "backward_source_id": -1, "subgraphs": []}], "arg_nodes": [0], "heads": [[0, 0, 0]]}`;
    expect(parseSymbolJSON(text, 'm.json').nodes[0]!.attrs).toEqual({ a: '1', b: '2', c: '2' });
  });

  it('keeps "__proto__" as an ordinary attribute key', () => {
    const text = '{"nodes": [{"op": "null", "name": "x", "attrs": {"__proto__": "v"}, "inputs": []}], "arg_nodes": [0], "heads": []}';
    const attrs = parseSymbolJSON(text, 'p.json').nodes[0]!.attrs;
    expect(Object.keys(attrs)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(attrs)).toBe(Object.prototype);
  });

  const wrap = (nodes: string, rest = '"arg_nodes": [0], "heads": [[0, 0, 0]]') => `{"nodes": [${nodes}], ${rest}}`;
  const X = '{"op": "null", "name": "x", "inputs": []}';

  it('rejects structural errors with the node index and name', () => {
    expectFail(wrap(`${X}, {"op": "relu", "name": "r", "inputs": [[0, 0, 0]], "color": "red"}`), /node #1 'r': unknown node key 'color'/);
    expectFail(wrap(`${X}, {"op": "relu", "name": "r", "inputs": [[1, 0, 0]]}`), /node #1 'r': input #0 refers to node 1, which does not come before it/);
    expectFail(wrap(`${X}, {"op": "relu", "name": "r", "inputs": [[7, 0, 0]]}`), /node #1 'r' input #0: refers to node 7, but there are only 2 nodes/);
    expectFail(wrap(`${X}, {"op": "relu", "name": "r", "inputs": [[0]]}`), /input #0: expected \[node_id, output_index\]/);
    expectFail(wrap(`${X}, {"op": "relu", "name": "r", "inputs": [[0, -1]]}`), /non-negative integers/);
    expectFail(wrap(`{"op": "null", "name": "x", "attrs": {"k": 3}, "inputs": []}`), /node #0 'x': attribute 'k' in 'attrs' must be a string, got 3/);
    expectFail(wrap(`{"op": "null", "name": "x", "inputs": [[0, 0]]}`), /variable .* cannot have inputs/);
    expectFail(wrap(`{"op": "null", "inputs": []}`), /node #0: missing required key 'name'/);
    expectFail(wrap(X, '"arg_nodes": [3], "heads": []'), /'arg_nodes' lists node 3/);
    expectFail(wrap(`${X}, {"op": "relu", "name": "r", "inputs": [[0, 0, 0]]}`, '"arg_nodes": [1], "heads": []'), /node 1 'r', which is an operator/);
    expectFail(wrap(X, '"arg_nodes": [0], "heads": [[4, 0, 0]]'), /head #0: refers to node 4/);
    expectFail(wrap(X, '"arg_nodes": [0]'), /missing required key 'heads'/);
    expectFail(wrap(X, '"arg_nodes": [0], "heads": [], "extra": 1'), /unknown top-level key 'extra'/);
    expectFail(wrap(X, '"arg_nodes": [0], "heads": [], "attrs": {"mxnet_version": ["str", "1.9"]}'), /mxnet_version must be \["int", <integer>\]/);
    expectFail(wrap(`{"op": "_foreach", "name": "f", "inputs": [], "subgraphs": [{}]}`), /subgraphs .* not supported/);
    expectFail('[1, 2]', /must be a JSON object/);
  });

  it('reports invalid JSON with line and column', () => {
    expectFail('{\n  "nodes": [,]\n}', /invalid JSON at line 2, column 13: expected a value/);
    expectFail('{"nodes": "abc', /unterminated string/);
    expectFail('{"a": "\\x"}', /unknown string escape '\\x'/);
    expectFail('{"nodes": []} x', /unexpected text after the end/);
  });
});
