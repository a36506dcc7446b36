// The `optim` kernel family on WebGPU: one fused WGSL update per optimizer (gpu/wgsl/optim_*.wgsl) with
// core/kernels/optim_*.cc's float32 order. Derived scalars (−lr/2, sqrt(lr), 1 − rho, −lr) are computed
// here in double like the wasm family; clipping is on for thresholds >= 0 (NaN or negative: off).

import { MXNetError } from '../../base.js';
import type { Ref } from '../backend.js';
import type {
  AdaDeltaParams, AdaGradParams, AdamParams, NAGParams, OptimKernels, RMSPropParams, SGLDParams,
} from '../kernels/optim.js';
import { checkCount } from '../wasm/backend.js';
import type { WebGpuBackend } from './backend.js';
import type { Operand } from './operands.js';

const clipping = (c: number) => (c >= 0 ? 1 : 0);

export class WebGpuOptimKernels implements OptimKernels {
  constructor(private readonly b: WebGpuBackend) {}

  /** Checked operands; weight, gradient and states must live in different buffers (all are bound writable or read). */
  private operands(what: string, n: number, refs: readonly [string, Ref][]): Operand[] {
    checkCount(what, 'n', n);
    const ops = refs.map(([name, r]) => this.b.at(r, n, `${what} ${name}`));
    for (let i = 0; i < ops.length; i++) {
      for (let j = i + 1; j < ops.length; j++) {
        if (ops[i]!.b === ops[j]!.b) throw new MXNetError(`${what}: ${refs[i]![0]} and ${refs[j]![0]} share a buffer; they must be separate arrays`);
      }
    }
    return ops;
  }

  nagUpdate(w: Ref, g: Ref, mom: Ref | null, n: number, p: NAGParams): void {
    const refs: [string, Ref][] = [['weight', w], ['grad', g]];
    if (mom) refs.push(['mom', mom]);
    const [wo, go, mo] = this.operands('nagUpdate', n, refs);
    const m = mo ?? this.b.unusedOperand();
    this.b.rt.run('optim_nag', { MOM: mom !== null }, 'uuuufffffu',
      [n, wo!.o, go!.o, m.o, p.lr, p.wd, p.momentum, p.rescale_grad, p.clip_gradient, clipping(p.clip_gradient)],
      [go!.b, wo!.b, m.b], { threads: n });
  }

  sgldUpdate(w: Ref, g: Ref, n: number, p: SGLDParams): void {
    const [wo, go] = this.operands('sgldUpdate', n, [['weight', w], ['grad', g]]);
    if (!(p.lr >= 0)) throw new MXNetError(`sgldUpdate: the learning rate must be >= 0 (noise std is sqrt(lr)), got ${p.lr}`);
    this.b.rt.run('optim_sgld', {}, 'uuuuuffffuf',
      [n, wo!.o, go!.o, p.key >>> 0, p.counter >>> 0, -p.lr / 2, p.wd, p.rescale_grad, p.clip_gradient,
        clipping(p.clip_gradient), Math.sqrt(p.lr)],
      [go!.b, wo!.b], { threads: Math.ceil(n / 4) });
  }

  adamUpdate(w: Ref, g: Ref, mean: Ref, variance: Ref, n: number, p: AdamParams): void {
    const [wo, go, mo, vo] = this.operands('adamUpdate', n, [['weight', w], ['grad', g], ['mean', mean], ['var', variance]]);
    this.b.rt.run('optim_adam', {}, 'uuuuufffffffu',
      [n, wo!.o, go!.o, mo!.o, vo!.o, p.lr_t, p.wd, p.beta1, p.beta2, p.epsilon, p.rescale_grad, p.clip_gradient,
        clipping(p.clip_gradient)],
      [go!.b, wo!.b, mo!.b, vo!.b], { threads: n });
  }

  adagradUpdate(w: Ref, g: Ref, history: Ref, n: number, p: AdaGradParams): void {
    const [wo, go, ho] = this.operands('adagradUpdate', n, [['weight', w], ['grad', g], ['history', history]]);
    this.b.rt.run('optim_adagrad', {}, 'uuuufffffu',
      [n, wo!.o, go!.o, ho!.o, -p.lr, p.wd, p.eps, p.rescale_grad, p.clip_gradient, clipping(p.clip_gradient)],
      [go!.b, wo!.b, ho!.b], { threads: n });
  }

  rmspropUpdate(w: Ref, g: Ref, n_: Ref, gbar: Ref | null, delta: Ref | null, n: number, p: RMSPropParams): void {
    if ((gbar === null) !== (delta === null)) {
      throw new MXNetError('rmspropUpdate: the centered variant needs both gbar and delta (plain RMSProp: neither)');
    }
    const refs: [string, Ref][] = [['weight', w], ['grad', g], ['n', n_]];
    if (gbar && delta) refs.push(['gbar', gbar], ['delta', delta]);
    const [wo, go, no, gbo, dlo] = this.operands('rmspropUpdate', n, refs);
    // The plain variant never touches the centered states: bind two distinct unused buffers there.
    const sg = gbo ?? this.b.unusedOperand(0);
    const dl = dlo ?? this.b.unusedOperand(1);
    this.b.rt.run('optim_rmsprop', { CENTERED: gbar !== null }, 'uuuuuufffffffufu',
      [n, wo!.o, go!.o, no!.o, sg.o, dl.o, p.lr, p.wd, p.gamma1, p.gamma2, p.epsilon, p.rescale_grad, p.clip_gradient,
        clipping(p.clip_gradient), p.clip_weights, clipping(p.clip_weights)],
      [go!.b, wo!.b, no!.b, sg.b, dl.b], { threads: n });
  }

  adadeltaUpdate(w: Ref, g: Ref, acc_g: Ref, acc_delta: Ref, n: number, p: AdaDeltaParams): void {
    const [wo, go, ao, dlo] = this.operands('adadeltaUpdate', n,
      [['weight', w], ['grad', g], ['acc_g', acc_g], ['acc_delta', acc_delta]]);
    this.b.rt.run('optim_adadelta', {}, 'uuuuuffffffu',
      [n, wo!.o, go!.o, ao!.o, dlo!.o, p.wd, p.rho, 1 - p.rho, p.epsilon, p.rescale_grad, p.clip_gradient,
        clipping(p.clip_gradient)],
      [go!.b, wo!.b, ao!.b, dlo!.b], { threads: n });
  }
}
