import { describe, expect, it } from 'vitest';
import { MXNetError } from '../../src/base.js';
import { inferShapes } from '../../src/symbol/infer_shape.js';
import { op, out, variable } from './graph_helpers.js';

function mlp() {
  const data = variable('data');
  const fc1 = op('FullyConnected', 'fc1', [data], { num_hidden: 128 });
  const act = op('Activation', 'relu1', [fc1], { act_type: 'relu' });
  const fc2 = op('FullyConnected', 'fc2', [act], { num_hidden: 10 });
  const sm = op('SoftmaxOutput', 'softmax', [fc2]);
  return { data, fc1, act, fc2, sm };
}

describe('inferShapes', () => {
  it('MLP from the data shape: weights, biases, label and every output', () => {
    const g = mlp();
    const { shapes } = inferShapes([out(g.sm)], { data: [100, 784] });
    const of = (n: typeof g.fc1, i = 0) => shapes.get(n)![i];
    expect(of(g.fc1.inputs[1]!.node)).toEqual([128, 784]);
    expect(of(g.fc1.inputs[2]!.node)).toEqual([128]);
    expect(of(g.fc2.inputs[1]!.node)).toEqual([10, 128]);
    expect(of(g.sm.inputs[1]!.node)).toEqual([100]);
    expect(of(g.fc1)).toEqual([100, 128]);
    expect(of(g.act)).toEqual([100, 128]);
    expect(of(g.sm)).toEqual([100, 10]);
  });

  it('uses __shape__ hints (0 = unknown dim) and lets given shapes replace them', () => {
    const data = variable('data', { __shape__: '(0, 20)' });
    const fc = op('FullyConnected', 'fc', [data], { num_hidden: 4 });
    let r = inferShapes([out(fc)], {});
    expect(r.shapes.get(fc.inputs[1]!.node)![0]).toEqual([4, 20]);
    expect(r.shapes.get(fc)![0]).toEqual([0, 4]);
    r = inferShapes([out(fc)], { data: [8, 20] });
    expect(r.shapes.get(fc)![0]).toEqual([8, 4]);
  });

  it('propagates backwards: a shape known only downstream reaches an upstream variable', () => {
    const x = variable('x'), y = variable('y');
    const act = op('Activation', 'act', [x], { act_type: 'tanh' });
    const sum = op('elemwise_add', 'plus0', [act, y]);
    const { shapes } = inferShapes([out(sum)], { y: [3, 7] });
    expect(shapes.get(act)![0]).toEqual([3, 7]);
    expect(shapes.get(x)![0]).toEqual([3, 7]);
  });

  it('leaves unknown shapes undefined instead of failing', () => {
    const g = mlp();
    const { shapes } = inferShapes([out(g.sm)], {});
    expect(shapes.get(g.data)![0]).toBeUndefined();
    expect(shapes.get(g.sm)![0]).toBeUndefined();
  });

  it('names node, input, expected and got on an inconsistent weight', () => {
    const g = mlp();
    const call = () => inferShapes([out(g.sm)], { data: [100, 784], fc1_weight: [128, 100] });
    expect(call).toThrow(MXNetError);
    expect(call).toThrow('FullyConnected fc1: weight shape (128, 784) expected, got (128, 100)');
  });

  it('reports conflicting element-wise inputs and a wrong label', () => {
    const a = variable('a'), b = variable('b');
    const s = op('elemwise_mul', '_mul0', [a, b]);
    expect(() => inferShapes([out(s)], { a: [2, 3], b: [2, 4] })).toThrow('elemwise_mul _mul0: rhs shape (2, 3) expected, got (2, 4)');
    const g = mlp();
    expect(() => inferShapes([out(g.sm)], { data: [100, 784], softmax_label: [50] }))
      .toThrow('SoftmaxOutput softmax: label shape (100,) expected, got (50,)');
  });

  it('rejects a given name that is not an input of the graph', () => {
    const g = mlp();
    expect(() => inferShapes([out(g.sm)], { dta: [1, 2] })).toThrow(/'dta' is not an argument or auxiliary state.*data, fc1_weight/);
  });

  it('covers hidden outputs (Dropout mask) and Concat of several branches', () => {
    const x = variable('x');
    const d = op('Dropout', 'drop', [x], { p: 0.5 });
    const c = op('Concat', 'concat0', [out(d), x], { num_args: 2, dim: 1 });
    const { shapes } = inferShapes([out(c)], { x: [4, 6] });
    expect(shapes.get(d)).toEqual([[4, 6], [4, 6]]);
    expect(shapes.get(c)).toEqual([[4, 12]]);
  });
});
