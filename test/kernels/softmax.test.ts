// softmax / log_softmax forward and backward with temperature over [outer, C, inner] views, and the
// SoftmaxOutput loss gradient (operators.md §3.8) incl. ignore_label, 'valid' normalisation,
// label smoothing and out-of-range labels. Backward references are checked by finite differences.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { WasmBackend } from '../../src/backends/wasm/backend.js';
import { initWasmBackend } from '../../src/backends/wasm/init.js';
import { Scratch } from './device.js';
import { maxViolation, randomArray, softmaxOutputGradRef, softmaxRef, type SoftmaxOutputGradRefParams } from './reference.js';

let b: WasmBackend;
let s: Scratch;
beforeAll(async () => {
  b = await initWasmBackend();
  s = new Scratch(b);
});
afterEach(() => s.freeAll());

const views: [number, number, number][] = [[1, 1, 1], [4, 10, 1], [3, 5, 7], [2, 33, 4]];

/** d/dx of sum(dy * softmax(x)) by float64 central differences. */
function softmaxGradFd(x: Float32Array, dy: Float32Array, o: number, C: number, i: number, T: number, log: boolean): Float64Array {
  const xd = Float64Array.from(x);
  const loss = () => {
    const y = softmaxRef(xd, o, C, i, T, log);
    return y.reduce((acc, v, k) => acc + v * dy[k]!, 0);
  };
  const g = new Float64Array(x.length);
  for (let k = 0; k < x.length; k++) {
    const h = 1e-5, v = xd[k]!;
    xd[k] = v + h; const lp = loss();
    xd[k] = v - h; const lm = loss();
    xd[k] = v;
    g[k] = (lp - lm) / (2 * h);
  }
  return g;
}

describe('softmax / log_softmax', () => {
  for (const [outer, C, inner] of views) {
    for (const log of [false, true]) {
      for (const T of [1, 2.5]) {
        it(`[${outer}, ${C}, ${inner}] log=${log} T=${T}: forward and backward`, () => {
          const n = outer * C * inner;
          const x = randomArray(n, n + C, -5, 5), dy = randomArray(n, n + 1);
          const xr = s.put(x), yr = s.out(n), dxr = s.out(n);
          b.softmax(xr, yr, outer, C, inner, T, log);
          const y = s.get(yr, n);
          expect(maxViolation(y, softmaxRef(x, outer, C, inner, T, log), 1e-6, 1e-5)).toBeLessThanOrEqual(1);
          b.softmaxGrad(yr, s.put(dy), dxr, outer, C, inner, T, log);
          const fd = softmaxGradFd(x, dy, outer, C, inner, T, log);
          expect(maxViolation(s.get(dxr, n), fd, 1e-5, 1e-4)).toBeLessThanOrEqual(1);
        });
      }
    }
  }

  it('is stable for large inputs (max subtraction)', () => {
    const yr = s.out(3);
    b.softmax(s.put([1000, 1001, 1002]), yr, 1, 3, 1, 1, false);
    expect(maxViolation(s.get(yr, 3), softmaxRef([0, 1, 2], 1, 3, 1, 1, false), 1e-7, 1e-5)).toBeLessThanOrEqual(1);
  });
});

describe('softmaxOutputGrad', () => {
  const base: SoftmaxOutputGradRefParams = { scale: 1, ignore_label: -1, use_ignore: false, smooth_alpha: 0, normalize_valid: false };
  const cases: [string, Partial<SoftmaxOutputGradRefParams>][] = [
    ['plain p - onehot', {}],
    ['grad_scale', { scale: 0.25 }],
    ['use_ignore zeroes ignored rows', { use_ignore: true, ignore_label: 2 }],
    ['valid normalisation counts labels != ignore_label', { normalize_valid: true, ignore_label: 2, scale: 3 }],
    ['ignore + valid', { use_ignore: true, normalize_valid: true, ignore_label: 2 }],
    ['label smoothing', { smooth_alpha: 0.1 }],
    ['smoothing + ignore', { smooth_alpha: 0.2, use_ignore: true, ignore_label: 0 }],
  ];
  for (const [name, over] of cases) {
    for (const [outer, C, inner] of [[6, 5, 1], [3, 4, 5]] as const) {
      it(`${name} on [${outer}, ${C}, ${inner}]`, () => {
        const q = { ...base, ...over };
        const n = outer * C * inner;
        const p = randomArray(n, 21, 0, 1);
        // labels as floats incl. non-integers (truncated), the ignore value and out-of-range classes
        const pool = [0, 1, 2.7, 3, 2, -1, C, C + 3];
        const label = Float32Array.from({ length: outer * inner }, (_, k) => pool[(k * 5 + 1) % pool.length]!);
        const dxr = s.out(n);
        b.softmaxOutputGrad(s.put(p), s.put(label), dxr, outer, C, inner, q);
        const want = softmaxOutputGradRef(p, label, outer, C, inner, q);
        expect(maxViolation(s.get(dxr, n), want, 1e-7, 1e-6)).toBeLessThanOrEqual(1);
      });
    }
  }

  it('the plain gradient equals d/dx of cross-entropy(softmax(x)) by finite differences', () => {
    const C = 4, x = randomArray(C, 77, -2, 2), label = 2;
    const pr = s.out(C), dxr = s.out(C);
    b.softmax(s.put(x), pr, 1, C, 1, 1, false);
    b.softmaxOutputGrad(pr, s.put([label]), dxr, 1, C, 1, base);
    const ce = (v: Float64Array) => -softmaxRef(v, 1, C, 1, 1, true)[label]!;
    const xd = Float64Array.from(x);
    const fd = Array.from(xd, (v, k) => {
      const h = 1e-6;
      xd[k] = v + h; const a = ce(xd);
      xd[k] = v - h; const c = ce(xd);
      xd[k] = v;
      return (a - c) / (2 * h);
    });
    expect(maxViolation(s.get(dxr, C), fd, 1e-6, 1e-5)).toBeLessThanOrEqual(1);
  });
});
