// The `optim` kernel family against the float64 models of api-semantics §7 (test/optimizer/reference.ts):
// three steps per configuration on 203 elements (a SIMD tail included), weights and every state
// compared with |err| <= 1e-6 + 2e-5·|want| (float32 kernels vs float64 formulas). Kernel-level
// clipping convention: threshold >= 0 clips (0 zeroes), negative disables. Also argument checks.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { WasmBackend } from '../../src/backends/wasm/backend.js';
import { initWasmBackend } from '../../src/backends/wasm/init.js';
import {
  adadeltaStep, adagradStep, adamStep, nagStep, rmspropStep, sgldDriftStep,
} from '../optimizer/reference.js';
import { Scratch } from './device.js';
import { maxViolation, randomArray } from './reference.js';

let b: WasmBackend;
let s: Scratch;
beforeAll(async () => {
  b = await initWasmBackend();
  s = new Scratch(b);
});
afterEach(() => s.freeAll());

const N = 203;
const ATOL = 1e-6, RTOL = 2e-5;
const refClip = (c: number) => (c >= 0 ? c : null);
const clips = [-1, 0, 0.4];
const grads = (step: number) => randomArray(N, 10 + step, -1.5, 1.5);

/** Device arrays initialised from host values, plus float64 copies for the reference. */
function pair(values: ArrayLike<number>) {
  return { ref: s.put(values), host: Float64Array.from(values) };
}
function expectClose(got: Float32Array, want: Float64Array): void {
  expect(maxViolation(got, want, ATOL, RTOL)).toBeLessThanOrEqual(1);
}

describe('nagUpdate', () => {
  for (const momentum of [0, 0.9]) {
    for (const clip of clips) {
      it(`momentum ${momentum}, clip ${clip}`, () => {
        const w = pair(randomArray(N, 1, -2, 2));
        const m = momentum ? pair(new Float32Array(N)) : null;
        const p = { lr: 0.1, wd: 0.03, momentum, rescale_grad: 0.7, clip_gradient: clip };
        for (let step = 0; step < 3; step++) {
          const g = grads(step);
          b.optim.nagUpdate(w.ref, s.put(g), m?.ref ?? null, N, p);
          nagStep(w.host, g, m?.host ?? null, { lr: p.lr, wd: p.wd, rescale: p.rescale_grad, clip: refClip(clip), momentum });
        }
        expectClose(s.get(w.ref, N), w.host);
        if (m) expectClose(s.get(m.ref, N), m.host);
      });
    }
  }
});

describe('sgldUpdate without noise (lr so small that sqrt(lr) noise is checked separately)', () => {
  for (const clip of clips) {
    it(`clip ${clip}: the drift term matches; the noise is what randomNormal draws`, () => {
      const w = pair(randomArray(N, 2, -2, 2));
      const p = { lr: 0.04, wd: 0.05, rescale_grad: 2, clip_gradient: clip, key: 7, counter: 100 };
      const g = grads(0);
      b.optim.sgldUpdate(w.ref, s.put(g), N, p);
      sgldDriftStep(w.host, g, { lr: p.lr, wd: p.wd, rescale: p.rescale_grad, clip: refClip(clip) });
      const noise = s.out(N);
      b.randomNormal(noise, N, 0, Math.sqrt(p.lr), p.key, p.counter);
      const nz = s.get(noise, N);
      expectClose(s.get(w.ref, N), w.host.map((v, i) => v + nz[i]!));
    });
  }
});

describe('adamUpdate', () => {
  for (const clip of clips) {
    for (const wd of [0, 0.1]) {
      it(`clip ${clip}, wd ${wd}`, () => {
        const w = pair(randomArray(N, 3, -2, 2));
        const mean = pair(new Float32Array(N)), vari = pair(new Float32Array(N));
        const h = { lr: 0.01, wd, rescale: 0.5, clip: refClip(clip), beta1: 0.9, beta2: 0.999, epsilon: 1e-8 };
        for (let t = 1; t <= 3; t++) {
          const g = grads(t);
          const lr_t = h.lr * Math.sqrt(1 - h.beta2 ** t) / (1 - h.beta1 ** t);
          b.optim.adamUpdate(w.ref, s.put(g), mean.ref, vari.ref, N, {
            lr_t, wd, beta1: h.beta1, beta2: h.beta2, epsilon: h.epsilon, rescale_grad: h.rescale, clip_gradient: clip,
          });
          adamStep(w.host, g, mean.host, vari.host, { ...h, t });
        }
        expectClose(s.get(w.ref, N), w.host);
        expectClose(s.get(mean.ref, N), mean.host);
        expectClose(s.get(vari.ref, N), vari.host);
      });
    }
  }
});

describe('adagradUpdate', () => {
  for (const clip of clips) {
    it(`clip ${clip}`, () => {
      const w = pair(randomArray(N, 4, -2, 2));
      const hist = pair(new Float32Array(N));
      const p = { lr: 0.1, wd: 0.02, eps: 1e-7, rescale_grad: 1.3, clip_gradient: clip };
      for (let step = 0; step < 3; step++) {
        const g = grads(step);
        b.optim.adagradUpdate(w.ref, s.put(g), hist.ref, N, p);
        adagradStep(w.host, g, hist.host, { lr: p.lr, wd: p.wd, rescale: p.rescale_grad, clip: refClip(clip), eps: p.eps });
      }
      expectClose(s.get(w.ref, N), w.host);
      expectClose(s.get(hist.ref, N), hist.host);
    });
  }
});

describe('rmspropUpdate', () => {
  for (const centered of [false, true]) {
    for (const clip of clips) {
      for (const clipW of [-1, 0.5]) {
        it(`${centered ? 'centered' : 'plain'}, clip ${clip}, clip_weights ${clipW}`, () => {
          const w = pair(randomArray(N, 5, -1, 1));
          const n = pair(new Float32Array(N));
          const gbar = centered ? pair(new Float32Array(N)) : null, delta = centered ? pair(new Float32Array(N)) : null;
          const p = { lr: 0.01, wd: 0.05, gamma1: 0.9, gamma2: 0.8, epsilon: 1e-8, rescale_grad: 0.9, clip_gradient: clip, clip_weights: clipW };
          for (let step = 0; step < 3; step++) {
            const g = grads(step);
            b.optim.rmspropUpdate(w.ref, s.put(g), n.ref, gbar?.ref ?? null, delta?.ref ?? null, N, p);
            rmspropStep(w.host, g, n.host, centered ? { gbar: gbar!.host, delta: delta!.host } : null, {
              lr: p.lr, wd: p.wd, rescale: p.rescale_grad, clip: refClip(clip), gamma1: p.gamma1, gamma2: p.gamma2,
              epsilon: p.epsilon, clipWeights: refClip(clipW),
            });
          }
          expectClose(s.get(w.ref, N), w.host);
          expectClose(s.get(n.ref, N), n.host);
          if (centered) {
            expectClose(s.get(gbar!.ref, N), gbar!.host);
            expectClose(s.get(delta!.ref, N), delta!.host);
          }
          if (clipW >= 0) expect(Math.max(...s.get(w.ref, N).map(Math.abs))).toBeLessThanOrEqual(clipW);
        });
      }
    }
  }
});

describe('adadeltaUpdate', () => {
  for (const clip of clips) {
    it(`clip ${clip}: also rescales the gradient in place`, () => {
      const w = pair(randomArray(N, 6, -2, 2));
      const accG = pair(new Float32Array(N)), accD = pair(new Float32Array(N));
      const p = { wd: 0.01, rho: 0.9, epsilon: 1e-5, rescale_grad: 3, clip_gradient: clip };
      for (let step = 0; step < 3; step++) {
        const g = pair(grads(step));
        b.optim.adadeltaUpdate(w.ref, g.ref, accG.ref, accD.ref, N, p);
        adadeltaStep(w.host, g.host, accG.host, accD.host, { wd: p.wd, rescale: p.rescale_grad, clip: refClip(clip), rho: p.rho, epsilon: p.epsilon });
        expectClose(s.get(g.ref, N), g.host);
      }
      expectClose(s.get(w.ref, N), w.host);
      expectClose(s.get(accG.ref, N), accG.host);
      expectClose(s.get(accD.ref, N), accD.host);
    });
  }
});

describe('argument checks', () => {
  it('rejects overlapping operands, short buffers, bad counts and a half-centered RMSProp state', () => {
    const w = s.put(randomArray(8, 1)), g = s.put(randomArray(8, 2)), st = s.out(8);
    const adam = { lr_t: 0.1, wd: 0, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, rescale_grad: 1, clip_gradient: -1 };
    expect(() => b.optim.adamUpdate(w, g, st, st, 8, adam)).toThrow(/adamUpdate: mean and var overlap/);
    expect(() => b.optim.adamUpdate(w, g, st, { buf: st.buf, off: 2 }, 4, adam)).toThrow(/mean and var overlap/);
    expect(() => b.optim.adagradUpdate(w, g, st, 9, { lr: 1, wd: 0, eps: 1, rescale_grad: 1, clip_gradient: -1 }))
      .toThrow(/adagradUpdate weight: elements \[0, 9\) are outside the buffer of length 8/);
    expect(() => b.optim.nagUpdate(w, g, null, 2.5, { lr: 1, wd: 0, momentum: 0, rescale_grad: 1, clip_gradient: -1 }))
      .toThrow(/nagUpdate: n must be a non-negative integer, got 2.5/);
    const rms = { lr: 1, wd: 0, gamma1: 0.9, gamma2: 0.9, epsilon: 1e-8, rescale_grad: 1, clip_gradient: -1, clip_weights: -1 };
    expect(() => b.optim.rmspropUpdate(w, g, st, s.out(8), null, 8, rms)).toThrow(/needs both gbar and delta/);
    expect(() => b.optim.sgldUpdate(w, g, 8, { lr: -1, wd: 0, rescale_grad: 1, clip_gradient: -1, key: 0, counter: 0 }))
      .toThrow(/learning rate must be >= 0/);
  });

  it('n = 0 touches nothing', () => {
    const w = s.put([1, 2]);
    b.optim.nagUpdate(w, w, null, 0, { lr: 1, wd: 0, momentum: 0, rescale_grad: 1, clip_gradient: -1 });
    expect(Array.from(s.get(w, 2))).toEqual([1, 2]);
  });
});
