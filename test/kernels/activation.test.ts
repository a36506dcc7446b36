// Activation gradients: dx = dy * f'(x), with relu/sigmoid/tanh computed from the forward output y
// and softrelu/softsign from x. The analytic reference is itself checked by float64 finite differences.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { UnaryGradOp } from '../../src/backends/backend.js';
import type { WasmBackend } from '../../src/backends/wasm/backend.js';
import { initWasmBackend } from '../../src/backends/wasm/init.js';
import { Scratch } from './device.js';
import { activationDerivRef, maxViolation, randomArray, unaryRef } from './reference.js';

let b: WasmBackend;
let s: Scratch;
beforeAll(async () => {
  b = await initWasmBackend();
  s = new Scratch(b);
});
afterEach(() => s.freeAll());

const OPS: UnaryGradOp[] = ['relu', 'sigmoid', 'tanh', 'softrelu', 'softsign'];

describe('unaryGrad', () => {
  for (const op of OPS) {
    it(`${op}: reference derivative agrees with float64 central differences`, () => {
      const f = unaryRef[op]!, d = activationDerivRef[op]!;
      for (const x of [-5, -1.3, -0.2, 0.3, 1.7, 4, 19, 22]) {
        const h = 1e-6;
        expect(Math.abs((f(x + h) - f(x - h)) / (2 * h) - d(x))).toBeLessThan(1e-6);
      }
    });

    it(`${op}: dx = dy * f'(x) from the kernel`, () => {
      const x = Float32Array.from([...randomArray(300, 11, -6, 6), 0.25, -0.25, 21, 30]);
      const n = x.length;
      const dy = randomArray(n, 12, -2, 2);
      const xr = s.put(x), yr = s.out(n), dyr = s.put(dy), dxr = s.out(n);
      b.unary(op, xr, yr, n);
      b.unaryGrad(op, xr, yr, dyr, dxr, n);
      const want = Array.from(x, (v, i) => dy[i]! * activationDerivRef[op]!(v));
      // sigmoid/tanh go through y (rounded to float32), which costs a few ulp of y in 1 - y^2.
      expect(maxViolation(s.get(dxr, n), want, 2e-7, 2e-5)).toBeLessThanOrEqual(1);
      // in place on dy
      b.unaryGrad(op, xr, yr, dyr, dyr, n);
      expect(maxViolation(s.get(dyr, n), want, 2e-7, 2e-5)).toBeLessThanOrEqual(1);
    });
  }
});
