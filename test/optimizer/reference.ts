// Plain-TypeScript float64 models of the optimizer update rules of api-semantics.md §7.3–7.8, written
// from the formulas (not from the kernels). Each function updates its arrays in place for one step;
// `clip` is the threshold after Python's truthy / not-None rule was applied (null = no clipping).

/** Arrays updated in place (float64); gradients are only read, except by AdaDelta. */
export type Vec = number[] | Float64Array;
export type Grad = ArrayLike<number>;

const clamp = (x: number, c: number | null) => (c === null ? x : Math.min(Math.max(x, -c), c));

/** Python's rules: SGD/NAG/Adam/RMSProp clip when truthy, SGLD/AdaGrad/AdaDelta when not None. */
export const truthy = (c: number | null): number | null => (c ? c : null);
export const notNone = (c: number | null): number | null => c;

export interface Base { lr: number; wd: number; rescale: number; clip: number | null }

/** §7.3. Without a momentum state the plain SGD rule; with one, MXNet's in-place nag_mom_update. */
export function nagStep(w: Vec, g: Grad, mom: Vec | null, h: Base & { momentum: number }): void {
  for (let i = 0; i < w.length; i++) {
    const gc = clamp(h.rescale * g[i]!, h.clip);
    if (!mom) {
      w[i] = (1 - h.lr * h.wd) * w[i]! - h.lr * gc;
      continue;
    }
    const m1 = h.momentum * mom[i]!;
    const wNew = w[i]! - m1 + (h.momentum + 1) * (m1 - h.lr * (gc + h.wd * w[i]!));
    mom[i] = m1 - h.lr * (gc + h.wd * wNew); // the weight-decay term sees the updated weight
    w[i] = wNew;
  }
}

/** §7.4 without the noise term: w ← w − (lr/2)·(clip(rg·g) + wd·w). */
export function sgldDriftStep(w: Vec, g: Grad, h: Base): void {
  for (let i = 0; i < w.length; i++) w[i] = w[i]! - (h.lr / 2) * (clamp(h.rescale * g[i]!, h.clip) + h.wd * w[i]!);
}

/** §7.5 with lr_t from the update count t. */
export function adamStep(w: Vec, g: Grad, mean: Vec, variance: Vec,
  h: Base & { beta1: number; beta2: number; epsilon: number; t: number }): void {
  const lrT = h.lr * Math.sqrt(1 - h.beta2 ** h.t) / (1 - h.beta1 ** h.t);
  for (let i = 0; i < w.length; i++) {
    const gp = clamp(h.rescale * g[i]! + h.wd * w[i]!, h.clip);
    mean[i] = h.beta1 * mean[i]! + (1 - h.beta1) * gp;
    variance[i] = h.beta2 * variance[i]! + (1 - h.beta2) * gp * gp;
    w[i] = w[i]! - lrT * mean[i]! / (Math.sqrt(variance[i]!) + h.epsilon);
  }
}

/** §7.6 (dense). */
export function adagradStep(w: Vec, g: Grad, history: Vec, h: Base & { eps: number }): void {
  for (let i = 0; i < w.length; i++) {
    const gp = clamp(h.rescale * g[i]!, h.clip);
    history[i] = history[i]! + gp * gp;
    w[i] = w[i]! - h.lr * (gp / Math.sqrt(history[i]! + h.eps) + h.wd * w[i]!);
  }
}

export interface RMSHyper extends Base { gamma1: number; gamma2: number; epsilon: number; clipWeights: number | null }

/** §7.7 plain (state n) or centered (states n, gbar, delta). */
export function rmspropStep(w: Vec, g: Grad, n: Vec, centered: { gbar: Vec; delta: Vec } | null, h: RMSHyper): void {
  for (let i = 0; i < w.length; i++) {
    const gp = clamp(h.rescale * g[i]! + h.wd * w[i]!, h.clip);
    n[i] = (1 - h.gamma1) * gp * gp + h.gamma1 * n[i]!;
    let wNew: number;
    if (centered) {
      const { gbar, delta } = centered;
      gbar[i] = (1 - h.gamma1) * gp + h.gamma1 * gbar[i]!;
      delta[i] = h.gamma2 * delta[i]! - h.lr * gp / Math.sqrt(n[i]! - gbar[i]! * gbar[i]! + h.epsilon);
      wNew = w[i]! + delta[i]!;
    } else {
      wNew = w[i]! - h.lr * gp / Math.sqrt(n[i]! + h.epsilon);
    }
    w[i] = clamp(wNew, h.clipWeights);
  }
}

/** §7.8: returns nothing, but rescales g in place as MXNet does; the learning rate is unused. */
export function adadeltaStep(w: Vec, g: Vec, accG: Vec, accDelta: Vec,
  h: Omit<Base, 'lr'> & { rho: number; epsilon: number }): void {
  for (let i = 0; i < w.length; i++) {
    g[i] = g[i]! * h.rescale;
    const gp = clamp(g[i]!, h.clip);
    accG[i] = h.rho * accG[i]! + (1 - h.rho) * gp * gp;
    const delta = Math.sqrt(accDelta[i]! + h.epsilon) / Math.sqrt(accG[i]! + h.epsilon) * gp;
    accDelta[i] = h.rho * accDelta[i]! + (1 - h.rho) * delta * delta;
    w[i] = w[i]! - (delta + h.wd * w[i]!);
  }
}
