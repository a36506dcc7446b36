// The `optim` kernel family: fused, in-place optimizer updates (api-semantics.md §7.3–7.8), one per
// MXNet 1.9.1 optimizer, each in the float32 order of MXNet's kernel or Python expression. Weight,
// gradient and state arrays hold `n` elements and must be distinct buffers (ranges must not overlap).
// Every `clip*` threshold follows MXNet's kernels: >= 0 clips to [-c, c] (0 zeroes the value),
// negative (or NaN) disables it; optimizers map Python's "truthy" / "is not None" rules onto that.

import type { Ref } from '../backend.js';

export interface NAGParams {
  lr: number;
  wd: number;
  /** Ignored without a momentum state. */
  momentum: number;
  rescale_grad: number;
  clip_gradient: number;
}

export interface SGLDParams {
  lr: number;
  wd: number;
  rescale_grad: number;
  clip_gradient: number;
  /** Philox stream of the N(0, sqrt(lr)) noise: the numbers randomNormal(key, counter) would draw. */
  key: number;
  counter: number;
}

export interface AdamParams {
  /** lr·sqrt(1 − beta2^t)/(1 − beta1^t), already bias-corrected by the caller. */
  lr_t: number;
  wd: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  rescale_grad: number;
  clip_gradient: number;
}

export interface AdaGradParams {
  lr: number;
  wd: number;
  eps: number;
  rescale_grad: number;
  clip_gradient: number;
}

export interface RMSPropParams {
  lr: number;
  wd: number;
  gamma1: number;
  /** Used by the centered variant only. */
  gamma2: number;
  epsilon: number;
  rescale_grad: number;
  clip_gradient: number;
  clip_weights: number;
}

export interface AdaDeltaParams {
  wd: number;
  rho: number;
  epsilon: number;
  rescale_grad: number;
  clip_gradient: number;
}

export interface OptimKernels {
  /** NAG: nag_mom_update with a momentum state (mom sees the updated weight); sgd_update form without. */
  nagUpdate(w: Ref, g: Ref, mom: Ref | null, n: number, p: NAGParams): void;
  /** SGLD: w += −lr/2·(clip(rg·g) + wd·w), then w += N(0, sqrt(lr)) noise from (key, counter). */
  sgldUpdate(w: Ref, g: Ref, n: number, p: SGLDParams): void;
  /** Adam: g' = clip(rg·g + wd·w); mean, var moving averages; w −= lr_t·mean/(sqrt(var) + epsilon). */
  adamUpdate(w: Ref, g: Ref, mean: Ref, variance: Ref, n: number, p: AdamParams): void;
  /** AdaGrad (dense): g' = clip(rg·g); history += g'²; w −= lr·(g'/sqrt(history + eps) + wd·w). */
  adagradUpdate(w: Ref, g: Ref, history: Ref, n: number, p: AdaGradParams): void;
  /** RMSProp: plain when gbar/delta are null (state n only), centered (Graves) when both are given. */
  rmspropUpdate(w: Ref, g: Ref, n_: Ref, gbar: Ref | null, delta: Ref | null, n: number, p: RMSPropParams): void;
  /** AdaDelta: rescales `g` in place (MXNet's quirk), no learning rate; acc_g/acc_delta updated. */
  adadeltaUpdate(w: Ref, g: Ref, acc_g: Ref, acc_delta: Ref, n: number, p: AdaDeltaParams): void;
}
