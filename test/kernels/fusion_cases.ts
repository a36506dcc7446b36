// Cases of the fusion kernel family (biasAct, bnFold) with float64 references, shared by the wasm test
// (test/kernels/fusion.test.ts, against the references) and the WebGPU one (against wasm).
import type { FusedAct } from '../../src/backends/kernels/fusion.js';
import type { KernelCase } from '../webgpu/kernel_cases.js';
import { randomArray } from './reference.js';

export interface FusionCase extends KernelCase {
  /** Float64 expected values of each output. */
  expected: Record<string, Float64Array>;
}

const ACT: Record<FusedAct, (v: number) => number> = {
  identity: (v) => v,
  relu: (v) => Math.max(v, 0),
  sigmoid: (v) => 1 / (1 + Math.exp(-v)),
  tanh: Math.tanh,
  softrelu: (v) => (v > 20 ? v : Math.log1p(Math.exp(v))),
  softsign: (v) => v / (1 + Math.abs(v)),
};

function biasActCase(act: FusedAct, outer: number, C: number, inner: number, bias: boolean, seed: number): FusionCase {
  const n = outer * C * inner;
  const x = randomArray(n, seed, -6, 6), b = randomArray(C, seed + 1, -2, 2);
  const expected = new Float64Array(n).map((_, i) => ACT[act](x[i]! + (bias ? b[Math.floor(i / inner) % C]! : 0)));
  return {
    name: `biasAct ${act} [${outer},${C},${inner}]${bias ? '' : ' no bias'}`,
    inputs: bias ? { x, b } : { x },
    outputs: { y: n },
    expected: { y: expected },
    atol: 1e-6, rtol: 1e-5,
    run: (be, r) => be.fusion!.biasAct(r.x!, bias ? r.b! : null, r.y!, outer, C, inner, act),
  };
}

function bnFoldCase(F: number, K: number, bias: boolean, fixGamma: boolean, seed: number): FusionCase {
  const w = randomArray(F * K, seed), b = randomArray(F, seed + 1), gamma = randomArray(F, seed + 2, 0.2, 3);
  const beta = randomArray(F, seed + 3), mean = randomArray(F, seed + 4), variance = randomArray(F, seed + 5, 0.01, 4);
  const eps = 1e-3;
  const s = Array.from({ length: F }, (_, f) => (fixGamma ? 1 : gamma[f]!) / Math.sqrt(variance[f]! + eps));
  return {
    name: `bnFold F=${F} K=${K}${bias ? '' : ' no bias'}${fixGamma ? ' fix_gamma' : ''}`,
    inputs: { w, b, gamma, beta, mean, variance },
    outputs: { w2: F * K, b2: F },
    expected: {
      w2: new Float64Array(F * K).map((_, i) => w[i]! * s[Math.floor(i / K)]!),
      b2: new Float64Array(F).map((_, f) => ((bias ? b[f]! : 0) - mean[f]!) * s[f]! + beta[f]!),
    },
    atol: 1e-6, rtol: 1e-5,
    run: (be, r) => be.fusion!.bnFold(r.w!, bias ? r.b! : null, r.gamma!, r.beta!, r.mean!, r.variance!, eps, fixGamma,
      F, K, r.w2!, r.b2!),
  };
}

export function fusionCases(): FusionCase[] {
  const acts: FusedAct[] = ['identity', 'relu', 'sigmoid', 'tanh', 'softrelu', 'softsign'];
  return [
    ...acts.map((a, i) => biasActCase(a, 5, 13, 1, true, 300 + i)), // FC layout, odd row length
    ...acts.map((a, i) => biasActCase(a, 3, 4, 37, true, 320 + i)), // NCHW layout
    biasActCase('relu', 2, 3, 9, false, 340),
    biasActCase('tanh', 7, 6, 1, false, 341),
    bnFoldCase(6, 27, true, false, 350),
    bnFoldCase(5, 3, false, true, 360),
    bnFoldCase(9, 1, true, true, 370),
  ];
}
