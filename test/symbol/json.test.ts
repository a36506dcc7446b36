// Symbol JSON: round trips, every real fixture, MXNet's legacy upgrade passes, save/load via files,
// and the errors for bad files.

import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { MXNetError } from '../../src/base.js';
import '../../src/ops/index.js';
import { findOp } from '../../src/ops/registry.js';
import { Symbol, Variable, load, load_json, symbolNamespace } from '../../src/symbol/index.js';
import { TEST_NORM } from './test_ops.js';

const sym = symbolNamespace();
const FIXTURES = '../shared/fixtures/mxnet';

function error(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(MXNetError);
    return (e as Error).message;
  }
  throw new Error('expected an MXNetError');
}

function mlpWithNorm(): Symbol {
  const data = Variable('data', { shape: [0, 20] });
  const fc1 = sym.FullyConnected!(data, { num_hidden: 16, name: 'fc1', lr_mult: 2 });
  const bn = sym[TEST_NORM]!(fc1, { fix_gamma: false, eps: 2e-5, name: 'bn' });
  const act = sym.Activation!(bn, { act_type: 'relu', name: 'relu' });
  const cat = sym.Concat!(act, act, { dim: 1, name: 'cat' });
  const out = sym.SoftmaxOutput!(cat.add(1).mul(cat), { name: 'softmax', normalization: 'batch' });
  return out;
}

describe('round trip', () => {
  it('load_json(sym.tojson()).tojson() === sym.tojson()', () => {
    const s = mlpWithNorm();
    const text = s.tojson();
    const back = load_json(text);
    expect(back.tojson()).toBe(text);
    expect(back.list_arguments()).toEqual(s.list_arguments());
    expect(back.list_auxiliary_states()).toEqual(['bn_moving_mean', 'bn_moving_var']);
    expect(back.attr_dict()).toEqual(s.attr_dict());
    const graph = JSON.parse(text);
    expect(graph.attrs).toEqual({ mxnet_version: ['int', 10901] });
    expect(graph.nodes.map((n: { op: string }) => n.op)).toContain('elemwise_mul');
  });

  it('re-saving a loaded symbol keeps attrs verbatim and writes canonical op names', () => {
    const text = JSON.stringify({
      nodes: [
        { op: 'null', name: 'x', inputs: [] },
        { op: '_Plus', name: 'p', inputs: [[0, 0, 0], [0, 0, 0]] },
        { op: '_PlusScalar', name: 's', attrs: { scalar: '1.50', __note__: 'kept' }, inputs: [[1, 0, 0]] },
        { op: 'Softmax', name: 'sm', attrs: { grad_scale: '1', use_ignore: 'true' }, inputs: [[2, 0, 0], [0, 0, 0]] },
      ],
      arg_nodes: [0], heads: [[3, 0, 0]], attrs: { mxnet_version: ['int', 10901] },
    });
    const out = JSON.parse(load_json(text).tojson());
    expect(out.nodes.map((n: { op: string }) => n.op)).toEqual(['null', 'elemwise_add', '_plus_scalar', 'SoftmaxOutput']);
    expect(out.nodes[2].attrs).toEqual({ __note__: 'kept', scalar: '1.50' });
    expect(out.nodes[3].attrs).toEqual({ grad_scale: '1', use_ignore: 'true' });
  });

  it('save and load go through files', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mxjs-sym-'));
    try {
      const s = mlpWithNorm();
      const f = join(dir, 'net-symbol.json');
      await s.save(f);
      expect(readFileSync(f, 'utf8')).toBe(s.tojson());
      expect((await load(f)).tojson()).toBe(s.tojson());
      await expect(load(join(dir, 'missing.json'))).rejects.toThrow(/cannot read/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('real MXNet fixtures', () => {
  const files = readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('-symbol.json')).sort();

  it('finds the fixtures', () => {
    expect(files.length).toBeGreaterThanOrEqual(9);
  });

  it.each(files)('%s loads, or names the unsupported operator and its node', (f) => {
    const text = readFileSync(join(FIXTURES, f), 'utf8');
    const raw = JSON.parse(text) as { nodes: { op: string; name: string }[]; heads: unknown[]; attrs?: unknown };
    let s: Symbol;
    try {
      s = load_json(text);
    } catch (e) {
      expect(e).toBeInstanceOf(MXNetError);
      const m = /unsupported operator '([^']+)' in node '([^']+)'/.exec((e as Error).message);
      expect(m, (e as Error).message).not.toBeNull();
      const [, op, node] = m!;
      expect(findOp(op!)).toBeUndefined();
      expect(raw.nodes.some((n) => n.op === op && n.name === node)).toBe(true);
      // It is the first node (in file order) whose op is missing.
      expect(raw.nodes.find((n) => n.op !== 'null' && !findOp(n.op))!.name).toBe(node);
      return;
    }
    expect(s.length).toBe(raw.heads.length);
    const again = s.tojson();
    expect(load_json(again).tojson()).toBe(again);
    if (raw.attrs !== undefined) {
      // nnvm-era files need no structural upgrade: the same nodes and heads come back (as `attrs`).
      type Node = { op: string; name: string; attr?: object; attrs?: object; inputs: unknown[] };
      const norm = (n: Node) => {
        const attrs = n.attrs ?? n.attr ?? {};
        return { op: n.op, name: n.name, ...(Object.keys(attrs).length ? { attrs } : {}), inputs: n.inputs };
      };
      const out = JSON.parse(again) as { nodes: Node[]; heads: unknown[] };
      expect(out.nodes).toEqual((raw.nodes as Node[]).map(norm));
      expect(out.heads).toEqual(raw.heads);
    }
  });

  it('go_test (MXNet 0.9.4, "attr" flavour) loads with its names and attrs', () => {
    const s = load_json(readFileSync(join(FIXTURES, 'go_test_attr/go_test-symbol.json'), 'utf8'));
    expect(s.list_arguments()).toEqual(['data', 'pred_weight', 'pred_bias', 'softmax_label']);
    expect(s.list_outputs()).toEqual(['softmax_output']);
    const out = JSON.parse(s.tojson());
    expect(out.nodes.map((n: { name: string }) => n.name)).toEqual(
      ['data', 'reshape0', 'pred_weight', 'pred_bias', 'pred', 'softmax_label', 'reshape1', 'softmax']);
    expect(out.nodes[1].attrs).toEqual({ shape: '(-1)' });
    expect(out.nodes[2].attrs).toEqual({ num_hidden: '10' });
    expect(out.attrs).toEqual({ mxnet_version: ['int', 10901] });
  });
});

// A 0.8-era file in the style of MXNet's tests/python/unittest/save_000800.json: legacy `param` and
// `attr` keys, [node, index] entries, user attrs without underscores, BatchNorm-like op without aux.
const LEGACY = JSON.stringify({
  nodes: [
    { op: 'null', param: {}, name: 'data', inputs: [], backward_source_id: -1, attr: { ctx_group: 'stage1', lr_mult: '0.2' } },
    { op: 'null', param: {}, name: 'fc1_weight', inputs: [], backward_source_id: -1, attr: { ctx_group: 'stage1', wd_mult: '0.3', weight_lr_mult: '1.2' } },
    { op: 'null', param: {}, name: 'fc1_bias', inputs: [], backward_source_id: -1, attr: { ctx_group: 'stage1', wd_mult: '0.3', weight_lr_mult: '1.2' } },
    {
      op: 'FullyConnected', param: { no_bias: 'False', num_hidden: '128' }, name: 'fc1', inputs: [[0, 0], [1, 0], [2, 0]],
      backward_source_id: -1, attr: { ctx_group: 'stage1', wd_mult: '0.3', weight_lr_mult: '1.2' },
    },
    { op: 'Activation', param: { act_type: 'relu' }, name: 'relu1', inputs: [[3, 0]], backward_source_id: -1, attr: { ctx_group: 'stage1' } },
    { op: 'null', param: {}, name: 'bn_gamma', inputs: [], backward_source_id: -1, attr: { ctx_group: 'stage2' } },
    { op: 'null', param: {}, name: 'bn_beta', inputs: [], backward_source_id: -1, attr: { ctx_group: 'stage2' } },
    {
      op: TEST_NORM, param: { eps: '0.001', fix_gamma: 'True' }, name: 'bn', inputs: [[4, 0], [5, 0], [6, 0]],
      backward_source_id: -1, attr: { ctx_group: 'stage2' },
    },
    { op: 'null', param: {}, name: 'softmax_label', inputs: [], backward_source_id: -1, attr: { ctx_group: 'stage2' } },
    {
      op: 'SoftmaxOutput', param: { grad_scale: '1', ignore_label: '-1', multi_output: 'False', normalization: 'null', use_ignore: 'False' },
      name: 'softmax', inputs: [[7, 0], [8, 0]], backward_source_id: -1, attr: { ctx_group: 'stage2' },
    },
  ],
  arg_nodes: [0, 1, 2, 5, 6, 8],
  heads: [[9, 0]],
});

describe('legacy upgrade (MXNet 0.8 files)', () => {
  const s = load_json(LEGACY);
  const d = s.attr_dict();

  it('renames hidden keys and moves <input>_lr_mult onto the input variable', () => {
    expect(d.data).toMatchObject({ __ctx_group__: 'stage1', __lr_mult__: '0.2' });
    expect(d.data!.lr_mult).toBe('0.2'); // attr_dict lists wrapped hidden keys under both names
    expect(d.fc1_weight).toMatchObject({ __ctx_group__: 'stage1', __wd_mult__: '0.3', __lr_mult__: '1.2' });
    // On a variable the per-input form has no input to move to, so it stays as written.
    expect(d.fc1_weight!.weight_lr_mult).toBe('1.2');
    expect(d.fc1_bias!.__lr_mult__).toBeUndefined();
    expect(d.fc1).toEqual({
      __ctx_group__: 'stage1', ctx_group: 'stage1', __wd_mult__: '0.3', wd_mult: '0.3', no_bias: 'False', num_hidden: '128',
    });
  });

  it('adds the aux variables that 0.8 did not save, with the op attrs and __init__', () => {
    expect(s.list_arguments()).toEqual(['data', 'fc1_weight', 'fc1_bias', 'bn_gamma', 'bn_beta', 'softmax_label']);
    expect(s.list_auxiliary_states()).toEqual(['bn_moving_mean', 'bn_moving_var']);
    const bnAttrs = { __ctx_group__: 'stage2', ctx_group: 'stage2', eps: '0.001', fix_gamma: 'True' };
    expect(d.bn_moving_mean).toEqual({ ...bnAttrs, __init__: '["zero", {}]' });
    expect(d.bn_moving_var).toEqual({ ...bnAttrs, __init__: '["one", {}]' });
  });

  it('re-saves in the 1.x form and reloads identically', () => {
    const text = s.tojson();
    const out = JSON.parse(text);
    expect(out.attrs).toEqual({ mxnet_version: ['int', 10901] });
    expect(out.nodes.map((n: { name: string }) => n.name)).toEqual([
      'data', 'fc1_weight', 'fc1_bias', 'fc1', 'relu1', 'bn_gamma', 'bn_beta', 'bn_moving_mean', 'bn_moving_var', 'bn',
      'softmax_label', 'softmax',
    ]);
    // MXNet's upgrader appends the aux entries with version 0.
    expect(out.nodes[9].inputs).toEqual([[4, 0, 0], [5, 0, 0], [6, 0, 0], [7, 0, 0], [8, 0, 0]]);
    expect(out.nodes[3].attrs).toEqual({ __ctx_group__: 'stage1', __wd_mult__: '0.3', no_bias: 'False', num_hidden: '128' });
    expect(out.node_row_ptr).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 13, 14]);
    expect(load_json(text).tojson()).toBe(text);
  });

  it('runs the __init__ hooks for files older than 0.9.4 only', () => {
    const withVersion = (v: number) => {
      const g = JSON.parse(LEGACY);
      g.attrs = { mxnet_version: ['int', v] };
      // Aux inputs present (files from 0.9 on save them); gamma and beta are reused as inputs 3 and 4.
      g.nodes[7].inputs.push([5, 0], [6, 0]);
      return load_json(JSON.stringify(g)).attr_dict();
    };
    expect(withVersion(903).bn_gamma!.__init__).toBe('["zero", {}]');
    expect(withVersion(903).bn_beta!.__init__).toBe('["one", {}]');
    expect(withVersion(904).bn_gamma!.__init__).toBeUndefined();
    expect(withVersion(904).bn_beta!.__init__).toBeUndefined();
  });

  it('leaves 1.9.1 files alone: lr_mult there is an ordinary (unknown) op key', () => {
    const g = { nodes: [{ op: 'null', name: 'x', inputs: [] }, { op: 'Activation', name: 'a', attrs: { act_type: 'relu', lr_mult: '1' }, inputs: [[0, 0, 0]] }], arg_nodes: [0], heads: [[1, 0, 0]], attrs: { mxnet_version: ['int', 10901] } };
    expect(error(() => load_json(JSON.stringify(g)))).toMatch(/Activation node 'a': unknown parameter 'lr_mult'/);
    g.attrs.mxnet_version = ['int', 10900];
    expect(load_json(JSON.stringify(g)).attr('__lr_mult__')).toBe('1');
  });
});

describe('bad symbol JSON', () => {
  const graph = (nodes: unknown[], heads: unknown[]) => JSON.stringify({ nodes, arg_nodes: [0], heads, attrs: { mxnet_version: ['int', 10901] } });
  const x = { op: 'null', name: 'x', inputs: [] };

  it('fails with MXNetError on text that is not a symbol file', () => {
    expect(error(() => load_json('{"nodes": ['))).toMatch(/symbol JSON/);
    expect(error(() => load_json('[]'))).toMatch(/symbol JSON/);
    expect(error(() => load_json(42 as unknown as string))).toMatch(/must be a string/);
  });

  it('names the unknown operator and its node', () => {
    const msg = error(() => load_json(graph([x, { op: 'NoSuchOp', name: 'mystery', inputs: [[0, 0, 0]] }], [[1, 0, 0]])));
    expect(msg).toBe("symbol JSON: unsupported operator 'NoSuchOp' in node 'mystery'");
  });

  it('names the node and key of a bad or unknown attribute', () => {
    const fc = (attrs: Record<string, string>) => graph([x, { op: 'null', name: 'w', inputs: [] }, { op: 'FullyConnected', name: 'fc1', attrs, inputs: [[0, 0, 0], [1, 0, 0]] }], [[2, 0, 0]]);
    expect(error(() => load_json(fc({ num_hidden: 'abc', no_bias: 'True' }))))
      .toMatch(/^symbol JSON: FullyConnected node 'fc1': invalid value for parameter 'num_hidden': expected int, got 'abc'/);
    expect(error(() => load_json(fc({ num_hidden: '2', no_bias: 'True', foo: '1' })))).toMatch(/FullyConnected node 'fc1': unknown parameter 'foo'/);
    expect(error(() => load_json(fc({ no_bias: 'True' })))).toMatch(/FullyConnected node 'fc1': required parameter 'num_hidden'/);
    expect(error(() => load_json(fc({ num_hidden: '2' })))).toMatch(/FullyConnected node 'fc1' has 2 inputs, but takes 3 \(data, weight, bias\)/);
  });

  it('rejects entries that read outputs a node does not have', () => {
    const a = { op: 'Activation', name: 'a', attrs: { act_type: 'relu' }, inputs: [[0, 0, 0]] };
    expect(error(() => load_json(graph([x, a], [[1, 1, 0]])))).toMatch(/head #0 reads output 1 of 'a', which has 1 outputs/);
    expect(error(() => load_json(graph([x, { ...a, inputs: [[0, 2, 0]] }], [[1, 0, 0]])))).toMatch(/node 'a' input #0 reads output 2 of 'x'/);
  });
});

