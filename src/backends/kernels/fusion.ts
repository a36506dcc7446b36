// The fusion kernel family of the Backend contract: the epilogues of the executor's graph optimisations
// (src/executor/fusion.ts): bias + activation in one pass, and BatchNorm inference folded into weights.

import type { Ref } from '../backend.js';

/** Activations a fused epilogue applies ('identity' = bias only); formulas as Backend.unary. */
export type FusedAct = 'identity' | 'relu' | 'sigmoid' | 'tanh' | 'softrelu' | 'softsign';

export interface FusionKernels {
  /**
   * y[o, c, i] = act(x[o, c, i] + b[c]) over an [outer, C, inner] view, in one pass; b null = no bias.
   * In place ok (y may equal x).
   */
  biasAct(x: Ref, b: Ref | null, y: Ref, outer: number, C: number, inner: number, act: FusedAct): void;
  /**
   * BatchNorm inference folded into a layer with weight w [F, K] and bias b [F] (null: none):
   * s = gamma / sqrt(var + eps) (gamma = 1 when fixGamma, gamma then not read), w2 = w · s[f] per row,
   * b2 = (b − mean) · s + beta. w2 / b2 must not overlap the inputs.
   */
  bnFold(w: Ref, b: Ref | null, gamma: Ref, beta: Ref, mean: Ref, variance: Ref, eps: number, fixGamma: boolean,
    F: number, K: number, w2: Ref, b2: Ref): void;
}
