// elemwise_add/sub/mul/div, add_n and the scalar ops: forward vs float64 references, gradients vs FD,
// and the legacy aliases resolving to the canonical operators.
import { beforeAll, describe, expect, it } from 'vitest';
import { initWasmBackend } from '../../src/backends/wasm/init.js';
import { getOp } from '../../src/ops/registry.js';
import { dot, expectClose, numericGrad, OpHarness, rand } from './helpers.js';

beforeAll(async () => { await initWasmBackend(); });

const shape = [3, 5];
const n = 15;

describe('elemwise binary', () => {
  const ops: Record<string, { aliases: string[]; f: (a: number, b: number) => number }> = {
    elemwise_add: { aliases: ['_add', '_plus', '_Plus'], f: (a, b) => a + b },
    elemwise_sub: { aliases: ['_sub', '_minus', '_Minus'], f: (a, b) => a - b },
    elemwise_mul: { aliases: ['_mul', '_Mul'], f: (a, b) => a * b },
    elemwise_div: { aliases: ['_div', '_Div'], f: (a, b) => a / b },
  };
  for (const [name, { aliases, f }] of Object.entries(ops)) {
    it(`${name}: forward, both gradients vs FD, aliases ${aliases.join(' ')}`, () => {
      for (const a of aliases) expect(getOp(a).name).toBe(name);
      const a = rand(n, 71), b = rand(n, 72, 0.5, 2), og = rand(n, 73);
      const op = new OpHarness(name);
      expect(op.def.inputNames(op.p)).toEqual(['lhs', 'rhs']);
      const r = op.run([{ shape, data: a }, { shape, data: b }], { outGrads: [og] });
      expectClose(r.outputs[0]!, Array.from(a, (v, i) => f(v, b[i]!)), 1e-6, 1e-6, 'forward');
      const loss = (xs: Float64Array[]) => dot(og, Array.from(xs[0]!, (v, i) => f(v, xs[1]![i]!)));
      const xs = [Float64Array.from(a), Float64Array.from(b)];
      expectClose(r.grads[0]!, numericGrad(loss, xs, 0), 1e-5, 1e-4, 'dlhs');
      expectClose(r.grads[1]!, numericGrad(loss, xs, 1), 1e-5, 1e-4, 'drhs');
    });
  }

  it('shape inference unifies lhs, rhs and output (also backwards)', () => {
    const op = new OpHarness('elemwise_add');
    expect(op.def.inferShape(op.p, [[2, 0], [0, 3]], 'p')).toEqual({ inputs: [[2, 3], [2, 3]], outputs: [[2, 3]] });
    expect(op.def.inferShape(op.p, [undefined, undefined], 'p', [[4]])).toEqual({ inputs: [[4], [4]], outputs: [[4]] });
  });

  it('only requested gradients are written', () => {
    const a = rand(n, 74), b = rand(n, 75, 0.5, 2), og = rand(n, 76);
    const r = new OpHarness('elemwise_div').run([{ shape, data: a }, { shape, data: b }], { outGrads: [og], gradFor: [false, true] });
    expect(r.grads[0]).toBeNull();
    expectClose(r.grads[1]!, Array.from(og, (g, i) => (-g * a[i]!) / (b[i]! * b[i]!)), 1e-5, 1e-4, 'drhs');
  });
});

describe('add_n', () => {
  it('sums num_args inputs; each gradient is the head gradient (alias ElementWiseSum)', () => {
    expect(getOp('ElementWiseSum').name).toBe('add_n');
    const xs = [rand(n, 81), rand(n, 82), rand(n, 83)];
    const og = rand(n, 84);
    const op = new OpHarness('add_n', { num_args: 3 });
    expect(op.def.inputNames(op.p)).toEqual(['arg0', 'arg1', 'arg2']);
    const r = op.run(xs.map((data) => ({ shape, data })), { outGrads: [og] });
    expectClose(r.outputs[0]!, Array.from(xs[0]!, (v, i) => v + xs[1]![i]! + xs[2]![i]!), 1e-6, 1e-6, 'forward');
    const loss = (v: Float64Array[]) => dot(og, Array.from(v[0]!, (x, i) => x + v[1]![i]! + v[2]![i]!));
    const copies = xs.map((x) => Float64Array.from(x));
    for (let k = 0; k < 3; k++) expectClose(r.grads[k]!, numericGrad(loss, copies, k), 1e-6, 1e-5, `grad ${k}`);
  });

  it('a single input is copied', () => {
    const x = rand(n, 85);
    expectClose(new OpHarness('add_n', { num_args: 1 }).run([{ shape, data: x }]).outputs[0]!, x, 0, 0, 'forward');
  });
});

describe('scalar ops', () => {
  const s = 2.5;
  const ops: Record<string, { alias: string; f: (x: number) => number }> = {
    _plus_scalar: { alias: '_PlusScalar', f: (x) => x + s },
    _minus_scalar: { alias: '_MinusScalar', f: (x) => x - s },
    _rminus_scalar: { alias: '_RMinusScalar', f: (x) => s - x },
    _mul_scalar: { alias: '_MulScalar', f: (x) => x * s },
    _div_scalar: { alias: '_DivScalar', f: (x) => x / s },
    _rdiv_scalar: { alias: '_RDivScalar', f: (x) => s / x },
  };
  for (const [name, { alias, f }] of Object.entries(ops)) {
    it(`${name} (alias ${alias}): forward and gradient vs FD`, () => {
      expect(getOp(alias).name).toBe(name);
      const op = new OpHarness(name, { scalar: s });
      const x = rand(n, 91, 0.5, 2), og = rand(n, 92);
      const r = op.run([{ shape, data: x }], { outGrads: [og] });
      expectClose(r.outputs[0]!, Array.from(x, f), 1e-6, 1e-6, 'forward');
      const loss = (xs: Float64Array[]) => dot(og, Array.from(xs[0]!, f));
      expectClose(r.grads[0]!, numericGrad(loss, [Float64Array.from(x)], 0), 1e-5, 1e-4, 'grad');
    });
  }

  it('defaults: scalar 1, is_int True', () => {
    const op = new OpHarness('_plus_scalar');
    expect(op.p).toEqual({ scalar: 1, is_int: true });
  });
});
