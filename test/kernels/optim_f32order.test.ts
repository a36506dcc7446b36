// Bit-exact float32 agreement of the `optim` kernels with MXNet 1.9.1's evaluation order: the kernel
// expressions of src/operator/optimizer_op-inl.h (nag_mom_update, sgd_update, adam_update,
// rmsprop(alex)_update) and the NDArray expression sequences of optimizer.py (AdaGrad, AdaDelta), each
// modelled with Math.fround after every operation, scalars rounded to float32 as MXNet passes them.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { WasmBackend } from '../../src/backends/wasm/backend.js';
import { initWasmBackend } from '../../src/backends/wasm/init.js';
import { Scratch } from './device.js';
import { randomArray } from './reference.js';

let b: WasmBackend;
let s: Scratch;
beforeAll(async () => {
  b = await initWasmBackend();
  s = new Scratch(b);
});
afterEach(() => s.freeAll());

const f = Math.fround;
const clip = (x: number, c: number) => (x > c ? c : x < -c ? -c : x);
const N = 37;

/** Runs `steps` kernel calls and float32 model steps on the same data; all arrays must match exactly. */
function compare(arrays: Float32Array[], kernel: (refs: ReturnType<Scratch['put']>[], g: Float32Array) => void,
  model: (a: Float32Array[], g: Float32Array, i: number) => void, steps = 3): void {
  const refs = arrays.map((a) => s.put(a));
  const host = arrays.map((a) => Float32Array.from(a));
  for (let step = 0; step < steps; step++) {
    const g = randomArray(N, 20 + step, -2, 2);
    kernel(refs, g);
    for (let i = 0; i < N; i++) model(host, g, i);
  }
  refs.forEach((r, k) => expect(Array.from(s.get(r, N))).toEqual(Array.from(host[k]!)));
}

describe('float32 evaluation order', () => {
  for (const c of [-1, 0.3]) {
    it(`NAG with momentum (nag_mom_update), clip ${c}`, () => {
      const lr = f(0.1), wd = f(0.03), mo = f(0.9), rg = f(0.7), cl = f(c);
      compare([randomArray(N, 1, -2, 2), new Float32Array(N)],
        ([w, m], g) => b.optim.nagUpdate(w!, s.put(g), m!, N, { lr: 0.1, wd: 0.03, momentum: 0.9, rescale_grad: 0.7, clip_gradient: c }),
        ([w, m], g, i) => {
          const gr = c >= 0 ? clip(f(rg * g[i]!), cl) : f(rg * g[i]!);
          const m1 = f(mo * m![i]!);
          const wn = f(f(w![i]! - m1) + f(f(mo + 1) * f(m1 - f(lr * f(gr + f(wd * w![i]!))))));
          w![i] = wn;
          m![i] = f(m1 - f(lr * f(gr + f(wd * wn))));
        });
    });

    it(`NAG without momentum (sgd_update), clip ${c}`, () => {
      const lr = f(0.1), wd = f(0.03), rg = f(0.7), cl = f(c);
      compare([randomArray(N, 2, -2, 2)],
        ([w], g) => b.optim.nagUpdate(w!, s.put(g), null, N, { lr: 0.1, wd: 0.03, momentum: 0, rescale_grad: 0.7, clip_gradient: c }),
        ([w], g, i) => {
          const keep = f(1 - f(lr * wd));
          w![i] = c >= 0 ? f(f(keep * w![i]!) - f(lr * clip(f(rg * g[i]!), cl))) : f(f(keep * w![i]!) - f(f(lr * rg) * g[i]!));
        });
    });

    it(`Adam (adam_update), clip ${c}`, () => {
      const lrT = f(0.01 * Math.sqrt(1 - 0.999) / (1 - 0.9)), wd = f(0.1), b1 = f(0.9), b2 = f(0.999), eps = f(1e-8);
      const rg = f(0.5), cl = f(c);
      compare([randomArray(N, 3, -2, 2), new Float32Array(N), new Float32Array(N)],
        ([w, m, v], g) => b.optim.adamUpdate(w!, s.put(g), m!, v!, N,
          { lr_t: 0.01 * Math.sqrt(1 - 0.999) / (1 - 0.9), wd: 0.1, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, rescale_grad: 0.5, clip_gradient: c }),
        ([w, m, v], g, i) => {
          let gr = f(f(g[i]! * rg) + f(w![i]! * wd));
          if (c >= 0) gr = clip(gr, cl);
          m![i] = f(f(b1 * m![i]!) + f(f(1 - b1) * gr));
          v![i] = f(f(b2 * v![i]!) + f(f(f(1 - b2) * gr) * gr));
          w![i] = f(w![i]! - f(f(lrT * m![i]!) / f(f(Math.sqrt(v![i]!)) + eps)));
        });
    });

    it(`RMSProp plain and centered (rmsprop_update / rmspropalex_update), clip ${c}, clip_weights 0.6`, () => {
      const lr = f(0.01), wd = f(0.05), g1 = f(0.9), g2 = f(0.8), eps = f(1e-8), rg = f(0.9), cl = f(c), cw = f(0.6);
      const p = { lr: 0.01, wd: 0.05, gamma1: 0.9, gamma2: 0.8, epsilon: 1e-8, rescale_grad: 0.9, clip_gradient: c, clip_weights: 0.6 };
      const grOf = (w: number, g: number) => {
        const gr = f(f(rg * g) + f(wd * w));
        return c >= 0 ? clip(gr, cl) : gr;
      };
      compare([randomArray(N, 4, -1, 1), new Float32Array(N)],
        ([w, n], g) => b.optim.rmspropUpdate(w!, s.put(g), n!, null, null, N, p),
        ([w, n], g, i) => {
          const gr = grOf(w![i]!, g[i]!);
          n![i] = f(f(f(1 - g1) * f(gr * gr)) + f(g1 * n![i]!));
          w![i] = clip(f(w![i]! - f(lr * f(gr / f(Math.sqrt(f(n![i]! + eps)))))), cw);
        });
      compare([randomArray(N, 5, -1, 1), new Float32Array(N), new Float32Array(N), new Float32Array(N)],
        ([w, n, gb, d], g) => b.optim.rmspropUpdate(w!, s.put(g), n!, gb!, d!, N, p),
        ([w, n, gb, d], g, i) => {
          const gr = grOf(w![i]!, g[i]!);
          n![i] = f(f(f(f(1 - g1) * gr) * gr) + f(g1 * n![i]!));
          gb![i] = f(f(f(1 - g1) * gr) + f(g1 * gb![i]!));
          d![i] = f(f(g2 * d![i]!) - f(f(lr * gr) / f(Math.sqrt(f(f(n![i]! - f(gb![i]! * gb![i]!)) + eps)))));
          w![i] = clip(f(w![i]! + d![i]!), cw);
        });
    });

    it(`AdaGrad (optimizer.py NDArray ops), clip ${c}`, () => {
      const negLr = f(-0.1), wd = f(0.02), eps = f(1e-7), rg = f(1.3), cl = f(c);
      compare([randomArray(N, 6, -2, 2), new Float32Array(N)],
        ([w, h], g) => b.optim.adagradUpdate(w!, s.put(g), h!, N, { lr: 0.1, wd: 0.02, eps: 1e-7, rescale_grad: 1.3, clip_gradient: c }),
        ([w, h], g, i) => {
          let t = f(g[i]! * rg);
          if (c >= 0) t = clip(t, cl);
          h![i] = f(h![i]! + f(t * t));
          const div = f(t / f(Math.sqrt(f(h![i]! + eps))));
          w![i] = f(w![i]! + f(f(div + f(w![i]! * wd)) * negLr));
        });
    });

    it(`AdaDelta (optimizer.py NDArray ops, 1 − rho taken in double), clip ${c}`, () => {
      const wd = f(0.01), rho = f(0.9), omr = f(1 - 0.9), eps = f(1e-5), rg = f(3), cl = f(c);
      compare([randomArray(N, 7, -2, 2), new Float32Array(N), new Float32Array(N)],
        ([w, ag, ad], g) => b.optim.adadeltaUpdate(w!, s.put(g), ag!, ad!, N, { wd: 0.01, rho: 0.9, epsilon: 1e-5, rescale_grad: 3, clip_gradient: c }),
        ([w, ag, ad], g, i) => {
          let t = f(g[i]! * rg);
          if (c >= 0) t = clip(t, cl);
          ag![i] = f(f(ag![i]! * rho) + f(f(omr * t) * t));
          const d = f(f(f(Math.sqrt(f(ad![i]! + eps))) / f(Math.sqrt(f(ag![i]! + eps)))) * t);
          ad![i] = f(f(ad![i]! * rho) + f(f(omr * d) * d));
          w![i] = f(w![i]! - f(d + f(wd * w![i]!)));
        });
    });
  }
});
