// Symbol.infer_shape / infer_shape_partial argument forms and result layout, and the bind /
// simple_bind wrappers (run on the wasm backend).

import { beforeAll, describe, expect, it } from 'vitest';
import { MXNetError } from '../../src/base.js';
import { initWasmBackend } from '../../src/backends/wasm/init.js';
import { cpu } from '../../src/context.js';
import { array } from '../../src/ndarray/create.js';
import '../../src/ops/index.js';
import { Group, Symbol, Variable, symbolNamespace } from '../../src/symbol/index.js';
import { TEST_NORM } from './test_ops.js';

beforeAll(async () => {
  await initWasmBackend();
});

const sym = symbolNamespace();

function mlp(data: Symbol = Variable('data')): Symbol {
  const fc1 = sym.FullyConnected!({ data, num_hidden: 128, name: 'fc1' });
  const relu1 = sym.Activation!({ data: fc1, act_type: 'relu', name: 'relu1' });
  const fc2 = sym.FullyConnected!({ data: relu1, num_hidden: 10, name: 'fc2' });
  return sym.SoftmaxOutput!({ data: fc2, name: 'softmax' });
}

// By the FullyConnected/SoftmaxOutput rules (operators.md §2.1, §3.8) for data (100, 784).
const MLP_SHAPES = [
  [[100, 784], [128, 784], [128], [10, 128], [10], [100]],
  [[100, 10]],
  [],
];

function error(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(MXNetError);
    return (e as Error).message;
  }
  throw new Error('expected an MXNetError');
}

describe('infer_shape', () => {
  it('takes shapes by name or positionally', () => {
    const net = mlp();
    expect(net.infer_shape({ data: [100, 784] })).toEqual(MLP_SHAPES);
    expect(net.infer_shape([100, 784])).toEqual(MLP_SHAPES);
    expect(net.infer_shape([100, 784], null, undefined)).toEqual(MLP_SHAPES);
    expect(net.infer_shape({ data: [100, 784], softmax_label: [100] })).toEqual(MLP_SHAPES);
  });

  it('uses a variable __shape__ hint', () => {
    expect(mlp(Variable('data', { shape: [100, 784] })).infer_shape()).toEqual(MLP_SHAPES);
  });

  it('returns [null, null, null] when incomplete; the partial form returns what is known', () => {
    const a = sym.FullyConnected!(Variable('data'), { num_hidden: 4, name: 'a' });
    const b = sym.FullyConnected!(Variable('z'), { num_hidden: 2, name: 'b' });
    const g = Group([a, b]);
    expect(g.infer_shape({ data: [5, 3] })).toEqual([null, null, null]);
    expect(mlp().infer_shape()).toEqual([null, null, null]);
    expect(g.infer_shape_partial({ data: [5, 3] })).toEqual([
      [[5, 3], [4, 3], [4], [], [], []],
      [[5, 4], []],
      [],
    ]);
    expect(g.infer_shape({ data: [5, 3], z: [5, 7] })).toEqual([
      [[5, 3], [4, 3], [4], [5, 7], [2, 7], [2]],
      [[5, 4], [5, 2]],
      [],
    ]);
  });

  it('reports aux state shapes and accepts them by name', () => {
    const bn = sym[TEST_NORM]!(Variable('x'), { name: 'bn' });
    expect(bn.infer_shape({ x: [2, 3, 4] })).toEqual([[[2, 3, 4], [3], [3]], [[2, 3, 4]], [[3], [3]]]);
    // A name of an aux state is accepted (MXNet matches all inputs), but inference needs the data.
    expect(bn.infer_shape({ bn_moving_mean: [3] })).toEqual([null, null, null]);
  });

  it('rejects unknown names, too many or mixed arguments, and non-shapes', () => {
    const net = mlp();
    expect(error(() => net.infer_shape({ dta: [1, 2] }))).toMatch(/keyword argument name 'dta' not found; candidate arguments: \[data, fc1_weight/);
    expect(error(() => net.infer_shape([1], [1], [1], [1], [1], [1], [1]))).toMatch(/7 positional shapes given, but the symbol has 6 arguments/);
    expect(error(() => net.infer_shape([100, 784], { softmax_label: [100] }))).toMatch(/either positionally or as one object/);
    expect(error(() => net.infer_shape({ data: [100, 78.5] }))).toMatch(/the shape of 'data' must be a shape/);
  });

  it('lets inconsistent shapes raise MXNetError', () => {
    expect(() => mlp().infer_shape({ data: [100, 784], fc1_weight: [128, 100] })).toThrow(MXNetError);
  });
});

/** float64 reference of FullyConnected: out[i][j] = Σk x[i][k]·w[j][k] + b[j]. */
function fcReference(x: number[][], w: number[][], b: number[]): number[][] {
  return x.map((row) => w.map((wr, j) => wr.reduce((s, wk, k) => s + wk * row[k]!, b[j]!)));
}

describe('bind / simple_bind', () => {
  const X = [[1, 2, 3], [-1, 0.5, 4]];
  const W = [[0.5, -1, 2], [1, 1, 1]];
  const B = [0.25, -3];

  function fcNet(): Symbol {
    return sym.FullyConnected!(Variable('data'), { num_hidden: 2, name: 'fc' });
  }

  it('simple_bind allocates every argument from the given shapes', () => {
    const ex = fcNet().simple_bind(cpu(), { data: [2, 3] });
    expect(Object.fromEntries(Object.entries(ex.arg_dict).map(([k, a]) => [k, a.shape]))).toEqual({
      data: [2, 3], fc_weight: [2, 3], fc_bias: [2],
    });
    expect(ex.grad_arrays.every((g) => g !== null)).toBe(true);
    const frozen = fcNet().simple_bind({ ctx: cpu(), grad_req: 'null', data: [2, 3] });
    expect(frozen.grad_arrays).toEqual([null, null, null]);
    ex.dispose();
    frozen.dispose();
    expect(error(() => fcNet().simple_bind('cpu', { data: [2, 3] }))).toMatch(/ctx must be a Context/);
  });

  it('simple_bind rejects keys that are neither options nor inputs', () => {
    expect(error(() => fcNet().simple_bind(cpu(), { data: [2, 3], group2ctx: {} }))).toMatch(/'group2ctx' is neither an option/);
    expect(error(() => fcNet().simple_bind(cpu(), { data: [2, -3] }))).toMatch(/shape of 'data'/);
  });

  it('bind accepts args as an object, a list, or inside the options object', async () => {
    const want = fcReference(X, W, B);
    const check = async (ex: ReturnType<Symbol['bind']>) => {
      const out = Array.from(await ex.forward()[0]!.asnumpy());
      want.flat().forEach((v, i) => expect(out[i]).toBeCloseTo(v, 5));
      ex.dispose();
    };
    const args = () => ({ data: array(X), fc_weight: array(W), fc_bias: array(B) });
    await check(fcNet().bind(cpu(), args()));
    const a = args();
    await check(fcNet().bind(cpu(), [a.data, a.fc_weight, a.fc_bias], { grad_req: 'null' }));
    await check(fcNet().bind(cpu(), { args: args(), grad_req: 'null' }));
    await check(fcNet().bind({ ctx: cpu(), args: args() }));
    expect(error(() => fcNet().bind(cpu()))).toMatch(/needs ctx and args/);
  });
});
