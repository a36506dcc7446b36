// The `optim` kernel family on the wasm backend: argument checks, then one fused C++ export per
// optimizer (core/kernels/optim_*.cc). Scalars derived from the hyper-parameters (−lr/2, sqrt(lr),
// 1 − rho, −lr) are computed here in double, as MXNet's Python does, and rounded to float32 by the call.

import { MXNetError } from '../../base.js';
import type { Ref } from '../backend.js';
import type {
  AdaDeltaParams, AdaGradParams, AdamParams, NAGParams, OptimKernels, RMSPropParams, SGLDParams,
} from '../kernels/optim.js';
import type { WasmBackend } from './backend.js';

/** The exports of core/include/mxjs_optim.h (byte addresses into the module's memory). */
interface OptimExports {
  mx_nag_update(w: number, g: number, mom: number, n: number, lr: number, wd: number, momentum: number,
    rescaleGrad: number, clip: number): void;
  mx_sgld_update(w: number, g: number, n: number, halfLrNeg: number, wd: number, rescaleGrad: number, clip: number,
    noiseStd: number, key: number, counter: number): void;
  mx_adam_update(w: number, g: number, mean: number, variance: number, n: number, lrT: number, wd: number,
    beta1: number, beta2: number, epsilon: number, rescaleGrad: number, clip: number): void;
  mx_adagrad_update(w: number, g: number, history: number, n: number, negLr: number, wd: number, eps: number,
    rescaleGrad: number, clip: number): void;
  mx_rmsprop_update(w: number, g: number, stateN: number, n: number, lr: number, wd: number, gamma1: number,
    epsilon: number, rescaleGrad: number, clip: number, clipWeights: number): void;
  mx_rmspropalex_update(w: number, g: number, stateN: number, stateG: number, delta: number, n: number, lr: number,
    wd: number, gamma1: number, gamma2: number, epsilon: number, rescaleGrad: number, clip: number,
    clipWeights: number): void;
  mx_adadelta_update(w: number, g: number, accG: number, accDelta: number, n: number, wd: number, rho: number,
    oneMinusRho: number, epsilon: number, rescaleGrad: number, clip: number): void;
}

const OPTIM_EXPORTS: readonly (keyof OptimExports)[] = [
  'mx_nag_update', 'mx_sgld_update', 'mx_adam_update', 'mx_adagrad_update', 'mx_rmsprop_update',
  'mx_rmspropalex_update', 'mx_adadelta_update',
];

/** Byte ranges [addr, addr + 4n) of the operands must not overlap: the kernels use restrict pointers. */
function checkDistinct(what: string, n: number, ptrs: readonly [string, number][]): void {
  if (n === 0) return;
  for (let i = 0; i < ptrs.length; i++) {
    for (let j = i + 1; j < ptrs.length; j++) {
      const [na, a] = ptrs[i]!, [nb, b] = ptrs[j]!;
      if (Math.abs(a - b) < 4 * n) throw new MXNetError(`${what}: ${na} and ${nb} overlap; they must be separate arrays`);
    }
  }
}

export class WasmOptimKernels implements OptimKernels {
  private checked?: OptimExports;

  /** Constructed while WasmBackend's fields initialise, so the exports are looked at on first use. */
  constructor(private readonly b: WasmBackend) {}

  private get ex(): OptimExports {
    if (this.checked) return this.checked;
    const missing = OPTIM_EXPORTS.filter((k) => !(k in this.b.ex));
    if (missing.length) {
      throw new MXNetError(`the wasm module lacks the optimizer kernels (${missing.join(', ')}); rebuild it with npm run build:wasm`);
    }
    return (this.checked = this.b.ex as unknown as OptimExports);
  }

  private operands(what: string, n: number, refs: readonly [string, Ref][]): number[] {
    if (!Number.isInteger(n) || n < 0) throw new MXNetError(`${what}: n must be a non-negative integer, got ${n}`);
    const ptrs = refs.map(([name, r]) => [name, this.b.addr(r, n, `${what} ${name}`)] as [string, number]);
    checkDistinct(what, n, ptrs);
    return ptrs.map(([, p]) => p);
  }

  nagUpdate(w: Ref, g: Ref, mom: Ref | null, n: number, p: NAGParams): void {
    const refs: [string, Ref][] = [['weight', w], ['grad', g]];
    if (mom) refs.push(['mom', mom]);
    const [wp, gp, mp] = this.operands('nagUpdate', n, refs);
    this.ex.mx_nag_update(wp!, gp!, mp ?? 0, n, p.lr, p.wd, p.momentum, p.rescale_grad, p.clip_gradient);
  }

  sgldUpdate(w: Ref, g: Ref, n: number, p: SGLDParams): void {
    const [wp, gp] = this.operands('sgldUpdate', n, [['weight', w], ['grad', g]]);
    if (!(p.lr >= 0)) throw new MXNetError(`sgldUpdate: the learning rate must be >= 0 (noise std is sqrt(lr)), got ${p.lr}`);
    this.ex.mx_sgld_update(wp!, gp!, n, -p.lr / 2, p.wd, p.rescale_grad, p.clip_gradient, Math.sqrt(p.lr),
      p.key >>> 0, p.counter >>> 0);
  }

  adamUpdate(w: Ref, g: Ref, mean: Ref, variance: Ref, n: number, p: AdamParams): void {
    const [wp, gp, mp, vp] = this.operands('adamUpdate', n, [['weight', w], ['grad', g], ['mean', mean], ['var', variance]]);
    this.ex.mx_adam_update(wp!, gp!, mp!, vp!, n, p.lr_t, p.wd, p.beta1, p.beta2, p.epsilon, p.rescale_grad,
      p.clip_gradient);
  }

  adagradUpdate(w: Ref, g: Ref, history: Ref, n: number, p: AdaGradParams): void {
    const [wp, gp, hp] = this.operands('adagradUpdate', n, [['weight', w], ['grad', g], ['history', history]]);
    this.ex.mx_adagrad_update(wp!, gp!, hp!, n, -p.lr, p.wd, p.eps, p.rescale_grad, p.clip_gradient);
  }

  rmspropUpdate(w: Ref, g: Ref, n_: Ref, gbar: Ref | null, delta: Ref | null, n: number, p: RMSPropParams): void {
    if ((gbar === null) !== (delta === null)) {
      throw new MXNetError('rmspropUpdate: the centered variant needs both gbar and delta (plain RMSProp: neither)');
    }
    const refs: [string, Ref][] = [['weight', w], ['grad', g], ['n', n_]];
    if (gbar && delta) refs.push(['gbar', gbar], ['delta', delta]);
    const [wp, gp, np, gbp, dp] = this.operands('rmspropUpdate', n, refs);
    if (gbp === undefined) {
      this.ex.mx_rmsprop_update(wp!, gp!, np!, n, p.lr, p.wd, p.gamma1, p.epsilon, p.rescale_grad, p.clip_gradient,
        p.clip_weights);
    } else {
      this.ex.mx_rmspropalex_update(wp!, gp!, np!, gbp, dp!, n, p.lr, p.wd, p.gamma1, p.gamma2, p.epsilon,
        p.rescale_grad, p.clip_gradient, p.clip_weights);
    }
  }

  adadeltaUpdate(w: Ref, g: Ref, acc_g: Ref, acc_delta: Ref, n: number, p: AdaDeltaParams): void {
    const [wp, gp, ap, dp] = this.operands('adadeltaUpdate', n,
      [['weight', w], ['grad', g], ['acc_g', acc_g], ['acc_delta', acc_delta]]);
    this.ex.mx_adadelta_update(wp!, gp!, ap!, dp!, n, p.wd, p.rho, 1 - p.rho, p.epsilon, p.rescale_grad,
      p.clip_gradient);
  }
}
