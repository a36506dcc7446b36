// Building symbols with the API: names, auto-created inputs and their attrs, hidden keys, scopes,
// variables, groups, arithmetic, variable-input ops, the namespace, and the exact JSON of §B.10.

import { describe, expect, it } from 'vitest';
import { MXNetError } from '../../src/base.js';
import '../../src/ops/index.js';
import { findOp } from '../../src/ops/registry.js';
import {
  AttrScope, Group, NameManager, Prefix, Symbol, Variable, load_json, symbolNamespace,
} from '../../src/symbol/index.js';
import { TEST_NORM } from './test_ops.js';

const sym = symbolNamespace();

// checkpoint-format.md §B.10, line by line (lines ending in ", " keep their trailing space).
const B10_JSON = [
  "{",
  "  \"nodes\": [",
  "    {",
  "      \"op\": \"null\", ",
  "      \"name\": \"data\", ",
  "      \"inputs\": []",
  "    }, ",
  "    {",
  "      \"op\": \"null\", ",
  "      \"name\": \"fc1_weight\", ",
  "      \"attrs\": {\"num_hidden\": \"128\"}, ",
  "      \"inputs\": []",
  "    }, ",
  "    {",
  "      \"op\": \"null\", ",
  "      \"name\": \"fc1_bias\", ",
  "      \"attrs\": {\"num_hidden\": \"128\"}, ",
  "      \"inputs\": []",
  "    }, ",
  "    {",
  "      \"op\": \"FullyConnected\", ",
  "      \"name\": \"fc1\", ",
  "      \"attrs\": {\"num_hidden\": \"128\"}, ",
  "      \"inputs\": [[0, 0, 0], [1, 0, 0], [2, 0, 0]]",
  "    }, ",
  "    {",
  "      \"op\": \"Activation\", ",
  "      \"name\": \"relu1\", ",
  "      \"attrs\": {\"act_type\": \"relu\"}, ",
  "      \"inputs\": [[3, 0, 0]]",
  "    }, ",
  "    {",
  "      \"op\": \"null\", ",
  "      \"name\": \"fc2_weight\", ",
  "      \"attrs\": {\"num_hidden\": \"10\"}, ",
  "      \"inputs\": []",
  "    }, ",
  "    {",
  "      \"op\": \"null\", ",
  "      \"name\": \"fc2_bias\", ",
  "      \"attrs\": {\"num_hidden\": \"10\"}, ",
  "      \"inputs\": []",
  "    }, ",
  "    {",
  "      \"op\": \"FullyConnected\", ",
  "      \"name\": \"fc2\", ",
  "      \"attrs\": {\"num_hidden\": \"10\"}, ",
  "      \"inputs\": [[4, 0, 0], [5, 0, 0], [6, 0, 0]]",
  "    }, ",
  "    {",
  "      \"op\": \"null\", ",
  "      \"name\": \"softmax_label\", ",
  "      \"inputs\": []",
  "    }, ",
  "    {",
  "      \"op\": \"SoftmaxOutput\", ",
  "      \"name\": \"softmax\", ",
  "      \"inputs\": [[7, 0, 0], [8, 0, 0]]",
  "    }",
  "  ], ",
  "  \"arg_nodes\": [0, 1, 2, 5, 6, 8], ",
  "  \"node_row_ptr\": [",
  "    0, ",
  "    1, ",
  "    2, ",
  "    3, ",
  "    4, ",
  "    5, ",
  "    6, ",
  "    7, ",
  "    8, ",
  "    9, ",
  "    10",
  "  ], ",
  "  \"heads\": [[9, 0, 0]], ",
  "  \"attrs\": {\"mxnet_version\": [\"int\", 10901]}",
  "}"
].join('\n');

function mlp(): Symbol {
  const data = Variable('data');
  const fc1 = sym.FullyConnected!({ data, num_hidden: 128, name: 'fc1' });
  const relu1 = sym.Activation!({ data: fc1, act_type: 'relu', name: 'relu1' });
  const fc2 = sym.FullyConnected!({ data: relu1, num_hidden: 10, name: 'fc2' });
  return sym.SoftmaxOutput!({ data: fc2, name: 'softmax' });
}

function error(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(MXNetError);
    return (e as Error).message;
  }
  throw new Error('expected an MXNetError');
}

describe('the §B.10 MLP', () => {
  it('serialises to exactly the JSON MXNet 1.9.1 writes', () => {
    expect(mlp().tojson()).toBe(B10_JSON);
  });

  it('gives the same graph from positional inputs', () => {
    const data = Variable('data');
    const fc1 = sym.FullyConnected!(data, { num_hidden: 128, name: 'fc1' });
    const relu1 = sym.Activation!(fc1, { act_type: 'relu', name: 'relu1' });
    const fc2 = sym.FullyConnected!(relu1, { num_hidden: 10, name: 'fc2' });
    expect(sym.SoftmaxOutput!(fc2, { name: 'softmax' }).tojson()).toBe(B10_JSON);
  });

  it('lists arguments, outputs, aux states and inputs', () => {
    const net = mlp();
    expect(net.list_arguments()).toEqual(['data', 'fc1_weight', 'fc1_bias', 'fc2_weight', 'fc2_bias', 'softmax_label']);
    expect(net.list_outputs()).toEqual(['softmax_output']);
    expect(net.list_auxiliary_states()).toEqual([]);
    expect(net.list_inputs()).toEqual(net.list_arguments());
    expect(net.length).toBe(1);
    expect(net.name).toBe('softmax');
  });

  it('copies the op attrs into auto-created inputs only', () => {
    const d = mlp().attr_dict();
    expect(d.fc1_weight).toEqual({ num_hidden: '128' });
    expect(d.fc1_bias).toEqual({ num_hidden: '128' });
    expect(d.fc2_weight).toEqual({ num_hidden: '10' });
    expect(d.relu1).toEqual({ act_type: 'relu' });
    expect(d.data).toBeUndefined();
    expect(d.softmax_label).toBeUndefined();
  });

  it('indexes internals by name and groups outputs', () => {
    const net = mlp();
    const internals = net.get_internals();
    expect(internals.list_outputs()).toEqual([
      'data', 'fc1_weight', 'fc1_bias', 'fc1_output', 'relu1_output', 'fc2_weight', 'fc2_bias', 'fc2_output',
      'softmax_label', 'softmax_output',
    ]);
    const fc1 = internals.get('fc1_output');
    expect(fc1.list_outputs()).toEqual(['fc1_output']);
    expect(fc1.list_arguments()).toEqual(['data', 'fc1_weight', 'fc1_bias']);
    expect(internals.get(4).list_outputs()).toEqual(['relu1_output']);
    const g = Group([fc1, net]);
    expect(g.length).toBe(2);
    expect(g.name).toBeNull();
    expect(g.list_outputs()).toEqual(['fc1_output', 'softmax_output']);
    expect(g.list_arguments()).toEqual(net.list_arguments());
    expect([...g].map((s) => s.name)).toEqual(['fc1', 'softmax']);
    expect(String(g)).toBe('<Symbol group [fc1, softmax]>');
    expect(JSON.parse(g.tojson()).heads).toEqual([[3, 0, 0], [9, 0, 0]]);
    expect(error(() => internals.get('nope'))).toMatch(/Cannot find output that matches name "nope"/);
    expect(error(() => g.get(2))).toMatch(/out of range/);
    expect(error(() => Group([]))).toMatch(/Group/);
  });
});

describe('default names', () => {
  it('count per lower-cased function name as called, per NameManager', () => {
    new NameManager().with(() => {
      const x = Variable('x');
      const a = sym.FullyConnected!(x, { num_hidden: 4 });
      const b = sym.FullyConnected!(a, { num_hidden: 4 });
      const c = sym.Activation!(b, { act_type: 'tanh' });
      const s = sym.Softmax!(c);
      expect([a.name, b.name, c.name, s.name]).toEqual(['fullyconnected0', 'fullyconnected1', 'activation0', 'softmax0']);
      expect(s.list_arguments()).toContain('softmax0_label');
      // An alias call still writes the canonical op name.
      expect(JSON.parse(s.tojson()).nodes.at(-1).op).toBe('SoftmaxOutput');
      expect(s.attr('op_name')).toBe('SoftmaxOutput');
      new NameManager().with(() => {
        expect(sym.FullyConnected!(x, { num_hidden: 1 }).name).toBe('fullyconnected0');
      });
      expect(sym.FullyConnected!(x, { num_hidden: 1 }).name).toBe('fullyconnected2');
    });
  });

  it('arithmetic names: _plus, _minus, _mul, _div and their scalar forms', () => {
    new NameManager().with(() => {
      const a = Variable('a');
      const b = Variable('b');
      const outs = [a.add(b), a.sub(b), a.mul(b), a.div(b), a.add(b), a.add(2), a.sub(0.5), a.mul(3), a.div(4), a.rsub(1), a.rdiv(2)];
      expect(outs.map((s) => s.name)).toEqual([
        '_plus0', '_minus0', '_mul0', '_div0', '_plus1', '_plusscalar0', '_minusscalar0', '_mulscalar0', '_divscalar0',
        '_rminusscalar0', '_rdivscalar0',
      ]);
      const ops = outs.map((s) => s.attr('op_name'));
      expect(ops).toEqual(['elemwise_add', 'elemwise_sub', 'elemwise_mul', 'elemwise_div', 'elemwise_add', '_plus_scalar',
        '_minus_scalar', '_mul_scalar', '_div_scalar', '_rminus_scalar', '_rdiv_scalar']);
      expect(outs[5]!.list_attr()).toEqual({ scalar: '2.0' });
      expect(outs[6]!.list_attr()).toEqual({ scalar: '0.5' });
      expect(outs[0]!.list_arguments()).toEqual(['a', 'b']);
      expect(error(() => a.add('x' as unknown as number))).toMatch(/Symbol.add: expected a Symbol or a number, got string/);
    });
  });

  it('Prefix prepends to given and generated names (not to variables)', () => {
    new Prefix('net_').with(() => {
      const x = Variable('x');
      const fc = sym.FullyConnected!(x, { num_hidden: 2 });
      const named = sym.FullyConnected!(fc, { num_hidden: 2, name: 'out' });
      expect(fc.name).toBe('net_fullyconnected0');
      expect(named.name).toBe('net_out');
      expect(named.list_arguments()).toEqual(['x', 'net_fullyconnected0_weight', 'net_fullyconnected0_bias', 'net_out_weight', 'net_out_bias']);
    });
  });

  it('restores the previous manager when the body throws', () => {
    const before = NameManager.current;
    expect(() => new NameManager().with(() => { throw new Error('boom'); })).toThrow('boom');
    expect(NameManager.current).toBe(before);
  });
});

describe('operator keywords', () => {
  it('stores only what the user passed, as Python str()', () => {
    const x = Variable('x');
    const fc = sym.FullyConnected!(x, { num_hidden: 3, no_bias: true, flatten: false, name: 'fc' });
    expect(fc.list_attr()).toEqual({ flatten: 'False', no_bias: 'True', num_hidden: '3' });
    expect(fc.list_arguments()).toEqual(['x', 'fc_weight']);
    const so = sym.SoftmaxOutput!(fc, { grad_scale: 2, normalization: 'batch', name: 'so' });
    expect(so.list_attr()).toEqual({ grad_scale: '2.0', normalization: 'batch' });
    // MXNet's own strings are kept verbatim.
    expect(sym.FullyConnected!(x, { num_hidden: '7', no_bias: 'true', name: 'fs' }).list_attr()).toEqual({ no_bias: 'true', num_hidden: '7' });
  });

  it('wraps hidden keys and copies them to auto-created inputs', () => {
    const x = Variable('x');
    const fc = sym.FullyConnected!(x, { num_hidden: 2, lr_mult: 0, wd_mult: 0.5, name: 'fc' });
    expect(fc.list_attr()).toEqual({
      __lr_mult__: '0', __wd_mult__: '0.5', lr_mult: '0', wd_mult: '0.5', num_hidden: '2',
    });
    expect(fc.attr('lr_mult')).toBe('0');
    expect(fc.attr('__wd_mult__')).toBe('0.5');
    expect(fc.attr('missing')).toBeNull();
    const d = fc.attr_dict();
    expect(d.fc_weight!.__lr_mult__).toBe('0');
    expect(d.fc_bias!.__wd_mult__).toBe('0.5');
    expect(JSON.parse(fc.tojson()).nodes[1].attrs).toEqual({ __lr_mult__: '0', __wd_mult__: '0.5', num_hidden: '2' });
  });

  it('rejects the deprecated <input>_<hidden key> form', () => {
    const x = Variable('x');
    expect(error(() => sym.FullyConnected!(x, { num_hidden: 2, weight_lr_mult: 0.1 }))).toMatch(/weight_lr_mult is deprecated/);
  });

  it('applies AttrScope to ops, their auto inputs and variables', () => {
    const scope = new AttrScope({ ctx_group: 'dev1', __mood__: 'calm' });
    const [v, fc] = scope.with(() => {
      const v = Variable('v');
      const inner = new AttrScope({ ctx_group: 'dev2' }).with(() => sym.FullyConnected!(v, { num_hidden: 1, name: 'fc' }));
      return [v, inner];
    });
    expect(v.list_attr()).toEqual({ __ctx_group__: 'dev1', ctx_group: 'dev1', __mood__: 'calm' });
    expect(fc.attr_dict().fc).toEqual({ __ctx_group__: 'dev2', ctx_group: 'dev2', __mood__: 'calm', num_hidden: '1' });
    expect(fc.attr_dict().fc_weight!.__ctx_group__).toBe('dev2');
    expect(Variable('outside').list_attr()).toEqual({});
    expect(error(() => new AttrScope({ ctx_group: 1 }))).toMatch(/must be a string/);
  });

  it('reports bad parameters, unknown inputs and grouped inputs', () => {
    const x = Variable('x');
    expect(error(() => sym.FullyConnected!(x, { name: 'f' }))).toMatch(/FullyConnected node 'f': required parameter 'num_hidden'/);
    expect(error(() => sym.FullyConnected!(x, { num_hidden: 2, colour: 'red', name: 'f' }))).toMatch(/FullyConnected node 'f': unknown parameter 'colour'.*accepted parameters: num_hidden, no_bias, flatten/);
    expect(error(() => sym.Activation!(x, { act_type: 'swish', name: 'a' }))).toMatch(/Activation node 'a': invalid value for parameter 'act_type'/);
    expect(error(() => sym.FullyConnected!(x, { num_hidden: 2, gamma: Variable('g'), name: 'f' }))).toMatch(/input 'gamma' is not an input; candidate inputs: \[weight, bias\]/);
    expect(error(() => sym.FullyConnected!(x, x, x, x, { num_hidden: 2, name: 'f' }))).toMatch(/too many inputs: it takes 3/);
    expect(error(() => sym.FullyConnected!(x, 5, { num_hidden: 2 }))).toMatch(/positional argument 1 must be a Symbol/);
    const g = Group([x, Variable('y')]);
    expect(error(() => sym.Activation!(g, { act_type: 'relu', name: 'a' }))).toMatch(/group of 2 outputs/);
  });

  it('treats a null input as not given, and a null unknown key as an error', () => {
    const x = Variable('x');
    const fc = sym.FullyConnected!({ data: x, bias: null, num_hidden: 2, name: 'fc' });
    expect(fc.list_arguments()).toEqual(['x', 'fc_weight', 'fc_bias']);
    expect(fc.list_attr()).toEqual({ num_hidden: '2' });
    expect(error(() => sym.FullyConnected!({ data: x, colour: null, num_hidden: 2, name: 'f' }))).toMatch(/unknown parameter 'colour' \(value None\)/);
    // null for a parameter is Python's None, which a non-optional bool rejects.
    expect(error(() => sym.FullyConnected!({ data: x, no_bias: null, num_hidden: 2, name: 'f' }))).toMatch(/'no_bias'.*got 'None'/);
  });

  it('takes explicit inputs by name, including a shared weight', () => {
    const x = Variable('x');
    const w = Variable('shared_w', { lr_mult: 2 });
    const a = sym.FullyConnected!({ data: x, weight: w, num_hidden: 4, no_bias: true, name: 'a' });
    const b = sym.FullyConnected!({ data: a, weight: w, num_hidden: 4, no_bias: true, name: 'b' });
    expect(b.list_arguments()).toEqual(['x', 'shared_w']);
    // An explicitly passed variable keeps only its own attrs.
    expect(b.attr_dict().shared_w).toEqual({ __lr_mult__: '2', lr_mult: '2' });
  });
});

describe('variable-input ops', () => {
  it('fill num_args and name inputs arg0..', () => {
    new NameManager().with(() => {
      const a = Variable('a');
      const b = Variable('b');
      const c = sym.Concat!(a, b, { dim: 0 });
      expect(c.name).toBe('concat0');
      expect(c.list_attr()).toEqual({ dim: '0', num_args: '2' });
      expect(c.list_arguments()).toEqual(['a', 'b']);
      const d = sym.Concat!({ data: [a, b, a], name: 'cat' });
      expect(d.list_attr()).toEqual({ num_args: '3' });
      expect(JSON.parse(d.tojson()).nodes.at(-1).inputs).toEqual([[0, 0, 0], [1, 0, 0], [0, 0, 0]]);
      // num_args larger than the inputs given: the rest are auto-created, as nnvm does.
      expect(sym.Concat!(a, { num_args: 2, name: 'c2' }).list_arguments()).toEqual(['a', 'c2_arg1']);
    });
  });

  it('ElementWiseSum is add_n with its own default name', () => {
    new NameManager().with(() => {
      const s = sym.ElementWiseSum!(Variable('p'), Variable('q'));
      expect(s.name).toBe('elementwisesum0');
      expect(s.attr('op_name')).toBe('add_n');
      expect(s.list_attr()).toEqual({ num_args: '2' });
    });
  });
});

describe('mutated inputs', () => {
  it('get version 1 entries, __init__ hooks, and are listed as aux states', () => {
    const x = Variable('x');
    const bn = sym[TEST_NORM]!(x, { fix_gamma: false, name: 'bn' });
    expect(bn.list_arguments()).toEqual(['x', 'bn_gamma', 'bn_beta']);
    expect(bn.list_auxiliary_states()).toEqual(['bn_moving_mean', 'bn_moving_var']);
    expect(bn.list_inputs()).toEqual(['x', 'bn_gamma', 'bn_beta', 'bn_moving_mean', 'bn_moving_var']);
    expect(bn.list_outputs()).toEqual(['bn_output']);
    const json = JSON.parse(bn.tojson());
    expect(json.nodes.at(-1).inputs).toEqual([[0, 0, 0], [1, 0, 0], [2, 0, 0], [3, 0, 1], [4, 0, 1]]);
    expect(json.node_row_ptr).toEqual([0, 1, 2, 3, 4, 5, 8]);
    const d = bn.attr_dict();
    expect(d.bn_moving_mean).toEqual({ __init__: '["zero", {}]', fix_gamma: 'False' });
    expect(d.bn_moving_var).toEqual({ __init__: '["one", {}]', fix_gamma: 'False' });
    expect(bn.get_internals().list_outputs()).toEqual([
      'x', 'bn_gamma', 'bn_beta', 'bn_moving_mean', 'bn_moving_var', 'bn_output', 'bn_mean', 'bn_var',
    ]);
    const all = sym[TEST_NORM]!(x, { output_mean_var: true, name: 'bn2' });
    expect(all.list_outputs()).toEqual(['bn2_output', 'bn2_mean', 'bn2_var']);
  });

  it('keep an explicit __init__ and bump the version again when shared', () => {
    const x = Variable('x');
    const mean = Variable('mean', { init: '["constant", {"value": 2}]' });
    const v = Variable('var');
    const a = sym[TEST_NORM]!({ data: x, moving_mean: mean, moving_var: v, name: 'a' });
    const b = sym[TEST_NORM]!({ data: a, moving_mean: mean, moving_var: v, name: 'b' });
    const json = JSON.parse(b.tojson());
    const ids = Object.fromEntries(json.nodes.map((n: { name: string }, i: number) => [n.name, i]));
    const nodeA = json.nodes[ids.a];
    const nodeB = json.nodes[ids.b];
    expect(nodeA.inputs.slice(3)).toEqual([[ids.mean, 0, 1], [ids.var, 0, 1]]);
    expect(nodeB.inputs.slice(3)).toEqual([[ids.mean, 0, 2], [ids.var, 0, 2]]);
    expect(json.nodes[ids.mean].attrs).toEqual({ __init__: '["constant", {"value": 2}]' });
    expect(json.nodes[ids.var].attrs).toEqual({ __init__: '["one", {}]' });
    expect(load_json(b.tojson()).tojson()).toBe(b.tojson());
  });
});

describe('Variable', () => {
  it('stores only what was given as hidden attrs', () => {
    expect(Variable('plain').list_attr()).toEqual({});
    const v = Variable('w', {
      shape: [3, 4], lr_mult: 0.5, wd_mult: 2, dtype: 'float16', init: { dumps: () => '["normal", {"sigma": 0.5}]' },
      stype: 'row_sparse', __layout__: 'NC', attr: { __extra__: 'yes' },
    });
    expect(v.list_attr()).toEqual({
      __shape__: '(3, 4)', __lr_mult__: '0.5', lr_mult: '0.5', __wd_mult__: '2', wd_mult: '2', __dtype__: '2',
      __init__: '["normal", {"sigma": 0.5}]', __storage_type__: '1', __layout__: 'NC', __extra__: 'yes',
    });
    expect(Variable('b', { shape: [8] }).attr('__shape__')).toBe('(8,)');
    expect(Variable('c', undefined, [2, 2]).attr('__shape__')).toBe('(2, 2)');
    expect(Variable('d', { attr: { lr_mult: '3' } }).list_attr()).toEqual({ __lr_mult__: '3', lr_mult: '3' });
    expect(sym.var).toBe(Variable);
  });

  it('rejects bad names and keywords', () => {
    expect(error(() => Variable(3))).toMatch(/variable name/);
    expect(error(() => Variable('v', { colour: 'red' }))).toMatch(/attribute name=colour is not supported/);
    expect(error(() => Variable('v', { dtype: 'float128' }))).toMatch(/unknown dtype/);
    expect(error(() => Variable('v', { stype: 'dense' }))).toMatch(/unknown stype/);
    expect(error(() => Variable('v', { attr: { a: 1 } }))).toMatch(/attribute 'a' must be a string/);
    expect(error(() => Variable('v', { attr: { weight_lr_mult: '1' } }))).toMatch(/deprecated/);
  });
});

describe('symbolNamespace', () => {
  it('has every registered op and alias, with "_" names under _internal', () => {
    expect(typeof sym.FullyConnected).toBe('function');
    expect(typeof sym.Softmax).toBe('function');
    expect(typeof sym._internal._plus_scalar).toBe('function');
    expect(typeof sym._internal._Plus).toBe('function');
    expect(sym._plus_scalar).toBeUndefined();
    expect(sym.Symbol).toBe(Symbol);
    for (const [name, fn] of Object.entries(sym)) {
      if (typeof fn === 'function' && !['Symbol', 'Variable', 'var', 'Group', 'load', 'load_json'].includes(name)) {
        expect(findOp(name), name).toBeDefined();
      }
    }
  });
});
