import { beforeAll, describe, expect, it } from 'vitest';
import { initWasmBackend } from '../../src/backends/wasm/init.js';
import { dot, expectClose, numericGrad, OpHarness, rand } from './helpers.js';

beforeAll(async () => { await initWasmBackend(); });

// operators.md §3.1 formulas in float64.
const REF: Record<string, (x: number) => number> = {
  relu: (x) => Math.max(x, 0),
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  tanh: Math.tanh,
  softrelu: (x) => (x > 20 ? x : Math.log1p(Math.exp(x))),
  softsign: (x) => x / (1 + Math.abs(x)),
};

describe('Activation', () => {
  for (const act of Object.keys(REF)) {
    it(`${act}: forward and gradient vs finite differences`, () => {
      const shape = [3, 4, 5];
      const x = rand(60, 11, -4, 4);
      x[0] = 25; // softrelu's linear branch
      x[1] = -25;
      const og = rand(60, 12);
      const op = new OpHarness('Activation', { act_type: act });
      const r = op.run([{ shape, data: x }], { outGrads: [og] });
      expect(r.outShapes[0]).toEqual(shape);
      const f = REF[act]!;
      expectClose(r.outputs[0]!, Array.from(x, f), 1e-5, 1e-5, 'forward');
      const loss = (xs: Float64Array[]) => dot(og, Array.from(xs[0]!, f));
      // FD step 1e-5 in float64; the float32 kernels are good to ~1e-6 relative.
      expectClose(r.grads[0]!, numericGrad(loss, [Float64Array.from(x)], 0), 1e-4, 1e-4, 'dx');
    });
  }

  it('infers the input shape from a known output (backward inference)', () => {
    const op = new OpHarness('Activation', { act_type: 'relu' });
    expect(op.def.inferShape(op.p, [undefined], 'a', [[2, 3]])).toEqual({ inputs: [[2, 3]], outputs: [[2, 3]] });
  });
});
