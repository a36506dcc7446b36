import type { ParsedParams } from '../../src/ops/params.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { initWasmBackend } from '../../src/backends/wasm/init.js';
import * as mx from '../../src/index.js';
import { checkOp } from './cnn_reference.js';
import { expectClose, OpHarness, rand } from './helpers.js';

beforeAll(async () => { await initWasmBackend(); });

const shape = [3, 5];
const x = rand(15, 101, 0.2, 2);

describe('extra scalar ops', () => {
  const cases: [string, number, (v: number, s: number) => number][] = [
    ['_maximum_scalar', 1.1, Math.max], ['_minimum_scalar', 0.9, Math.min],
    ['_power_scalar', 2.5, (v, s) => v ** s], ['_rpower_scalar', 1.7, (v, s) => s ** v],
  ];
  for (const [name, s, f] of cases) {
    it(`${name} (scalar ${s})`, () => {
      checkOp(new OpHarness(name, { scalar: s }), [{ shape, data: x }], (xs) => xs[0]!.map((v) => f(v, s)));
    });
  }
  it('legacy aliases', () => {
    expect(new OpHarness('_MaximumScalar').def.name).toBe('_maximum_scalar');
    expect(new OpHarness('_RPowerScalar').def.name).toBe('_rpower_scalar');
  });
});

describe('clip', () => {
  it('forward and gradient, boundaries inclusive', () => {
    const data = Float64Array.from([-2, -1, -0.5, 0, 0.5, 1, 1.5]);
    const og = Float64Array.from([1, 2, 3, 4, 5, 6, 7]);
    const r = new OpHarness('clip', { a_min: -1, a_max: 1 }).run([{ shape: [7], data }], { outGrads: [og] });
    expectClose(r.outputs[0]!, [-1, -1, -0.5, 0, 0.5, 1, 1], 0, 0, 'forward');
    expectClose(r.grads[0]!, [0, 2, 3, 4, 5, 6, 0], 0, 0, 'gradient');
  });
});

describe('BlockGrad, _copy, MakeLoss, _zeros, _ones', () => {
  const og = rand(15, 102);
  it('_copy (identity) passes values and gradients; BlockGrad (stop_gradient) stops the gradient', () => {
    const c = new OpHarness('identity').run([{ shape, data: x }], { outGrads: [og] });
    expectClose(c.outputs[0]!, x, 0, 0, 'copy forward');
    expectClose(c.grads[0]!, og, 0, 0, 'copy gradient');
    const b = new OpHarness('stop_gradient').run([{ shape, data: x }], { outGrads: [og] });
    expectClose(b.outputs[0]!, x, 0, 0, 'BlockGrad forward');
    expectClose(b.grads[0]!, new Float64Array(15), 0, 0, 'BlockGrad gradient');
  });
  it('MakeLoss ignores the head gradient: grad_scale, /batch, /valid count', () => {
    const data = Float64Array.from([0.5, -1, 2, 0, 3, -2]);
    const run = (p: ParsedParams) => new OpHarness('MakeLoss', p).run([{ shape: [2, 3], data }], { backward: true }).grads[0]!;
    expectClose(run({ grad_scale: 2 }), new Array(6).fill(2), 0, 0, 'null');
    expectClose(run({ grad_scale: 2, normalization: 'batch' }), new Array(6).fill(1), 1e-7, 0, 'batch');
    // 3 entries > 0.4 (0.5, 2, 3) → 2 / 3.
    expectClose(run({ grad_scale: 2, normalization: 'valid', valid_thresh: 0.4 }), new Array(6).fill(2 / 3), 1e-6, 0, 'valid');
  });
  it('_zeros / _ones take no inputs and fill the given shape (through a bound graph)', () => {
    const z = new OpHarness('_zeros', { shape: [2, 3] });
    expect(z.def.inputNames(z.p)).toEqual([]);
    const sym = mx.symbol.elemwise_add(mx.symbol._internal._zeros!({ shape: [2, 3] }), mx.symbol._internal._ones!({ shape: [2, 3] }));
    const ex = sym.simple_bind(mx.cpu(), {});
    ex.forward();
    expect(Array.from(ex.outputs[0]!._dataSync())).toEqual([1, 1, 1, 1, 1, 1]);
    ex.dispose();
  });
});
