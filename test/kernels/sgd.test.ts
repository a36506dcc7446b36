// Fused SGD against api-semantics.md §7.2: float64 reference with tolerance for every combination of
// momentum / wd / clip (incl. clip 0 = off), and bit-exact float32 agreement with MXNet 1.9's
// multi_sgd evaluation order.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { SGDParams } from '../../src/backends/backend.js';
import type { WasmBackend } from '../../src/backends/wasm/backend.js';
import { initWasmBackend } from '../../src/backends/wasm/init.js';
import { Scratch } from './device.js';
import { maxViolation, randomArray, sgdRef } from './reference.js';

let b: WasmBackend;
let s: Scratch;
beforeAll(async () => {
  b = await initWasmBackend();
  s = new Scratch(b);
});
afterEach(() => s.freeAll());

const configs: [string, SGDParams, boolean][] = [
  ['plain', { lr: 0.1, wd: 0, momentum: 0, rescale_grad: 1, clip_gradient: -1 }, false],
  ['wd + rescale', { lr: 0.05, wd: 1e-3, momentum: 0, rescale_grad: 1 / 30, clip_gradient: -1 }, false],
  ['clip', { lr: 0.1, wd: 1e-4, momentum: 0, rescale_grad: 2, clip_gradient: 0.5 }, false],
  ['clip 0 means off', { lr: 0.1, wd: 1e-4, momentum: 0, rescale_grad: 1.7, clip_gradient: 0 }, false],
  ['momentum', { lr: 0.1, wd: 0, momentum: 0.9, rescale_grad: 1, clip_gradient: -1 }, true],
  ['momentum + wd + clip', { lr: 0.01, wd: 5e-4, momentum: 0.9, rescale_grad: 0.5, clip_gradient: 0.3 }, true],
  ['momentum + clip Infinity means off', { lr: 0.01, wd: 5e-4, momentum: 0.9, rescale_grad: 0.37, clip_gradient: Infinity }, true],
];

const f = Math.fround;
/** MXNet's float32 expression order: ((m*mom - (lr*wd)*w) - lr*clip(rg*g)) or ... - (lr*rg)*g. */
function mxnetOrderStep(w: Float32Array, g: Float32Array, mom: Float32Array | null, p: SGDParams): void {
  const lr = f(p.lr), wd = f(p.wd), m = f(p.momentum), rg = f(p.rescale_grad), c = f(p.clip_gradient);
  const clipping = p.clip_gradient > 0 && Number.isFinite(p.clip_gradient);
  for (let i = 0; i < w.length; i++) {
    const head = f((mom ? f(m * mom[i]!) : 0) - f(f(lr * wd) * w[i]!));
    let step: number;
    if (clipping) step = f(lr * Math.min(Math.max(f(rg * g[i]!), -c), c));
    else step = f(f(lr * rg) * g[i]!);
    const d = f(head - step);
    if (mom) mom[i] = d;
    w[i] = f(w[i]! + d);
  }
}

describe('sgdUpdate', () => {
  for (const [name, p, withMom] of configs) {
    it(`${name}: three steps match float64 and MXNet's float32 order`, () => {
      const n = 203;
      let w64: Float64Array = Float64Array.from(randomArray(n, 1, -2, 2));
      let m64: Float64Array | null = withMom ? new Float64Array(n) : null;
      const w32 = Float32Array.from(w64), m32 = withMom ? new Float32Array(n) : null;
      const wr = s.put(w32), mr = withMom ? s.put(new Float32Array(n)) : null;
      for (let step = 0; step < 3; step++) {
        const g = randomArray(n, 10 + step, -1.5, 1.5);
        b.sgdUpdate(wr, s.put(g), mr, n, p);
        const r = sgdRef(w64, g, m64, { ...p, clip_gradient: Number.isFinite(p.clip_gradient) ? p.clip_gradient : -1 });
        w64 = r.w;
        m64 = r.mom;
        mxnetOrderStep(w32, g, m32, p);
      }
      const w = s.get(wr, n);
      expect(maxViolation(w, w64, 1e-6, 1e-5)).toBeLessThanOrEqual(1);
      expect(Array.from(w)).toEqual(Array.from(w32));
      if (mr) {
        expect(maxViolation(s.get(mr, n), m64!, 1e-6, 1e-5)).toBeLessThanOrEqual(1);
        expect(Array.from(s.get(mr, n))).toEqual(Array.from(m32!));
      }
    });
  }

  it('clipping bounds each rescaled gradient before the learning rate', () => {
    const wr = s.put([0, 0, 0]);
    b.sgdUpdate(wr, s.put([10, -10, 0.1]), null, 3, { lr: 1, wd: 0, momentum: 0, rescale_grad: 1, clip_gradient: 1 });
    expect(Array.from(s.get(wr, 3))).toEqual([-1, 1, f(-0.1)]);
  });
});
