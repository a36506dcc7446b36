// The `optim` kernel family on WebGPU: one fused WGSL update per optimizer (gpu/wgsl/optim_*.wgsl) with
// core/kernels/optim_*.cc's float32 order. Derived scalars (−lr/2, sqrt(lr), 1 − rho, −lr) are computed
// here in double like the wasm family; clipping is on for thresholds >= 0 (NaN or negative: off).
// Each update runs in element runs that fit one storage binding (several dispatches for huge weights).

import { MXNetError } from '../../base.js';
import type { Ref } from '../backend.js';
import type {
  AdaDeltaParams, AdaGradParams, AdamParams, NAGParams, OptimKernels, RMSPropParams, SGLDParams,
} from '../kernels/optim.js';
import { checkCount } from '../wasm/backend.js';
import type { WebGpuBackend } from './backend.js';
import type { Operand, Win } from './operands.js';

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

  /** Run `body` over element runs with every operand windowed (all have n elements). */
  private each(what: string, n: number, ops: readonly Operand[], body: (w: Win[], k: number) => void): void {
    this.b.chunked(what, n, ops.map((o) => [o, 1] as const), body);
  }

  nagUpdate(w: Ref, g: Ref, mom: Ref | null, n: number, p: NAGParams): void {
    const refs: [string, Ref][] = [['weight', w], ['grad', g]];
    if (mom) refs.push(['mom', mom]);
    const [wo, go, mo] = this.operands('nagUpdate', n, refs);
    const m = mo ?? this.b.unusedOperand();
    this.b.chunked('nagUpdate', n, [[go!, 1], [wo!, 1], [m, mo ? 1 : 0]], ([wg, ww, wm], k) =>
      this.b.rt.run('optim_nag', { MOM: mom !== null }, 'uuuufffffu',
        [k, ww!.o, wg!.o, wm!.o, p.lr, p.wd, p.momentum, p.rescale_grad, p.clip_gradient, clipping(p.clip_gradient)],
        [wg!.b, ww!.b, wm!.b], { threads: k }));
  }

  sgldUpdate(w: Ref, g: Ref, n: number, p: SGLDParams): void {
    const [wo, go] = this.operands('sgldUpdate', n, [['weight', w], ['grad', g]]);
    if (!(p.lr >= 0)) throw new MXNetError(`sgldUpdate: the learning rate must be >= 0 (noise std is sqrt(lr)), got ${p.lr}`);
    this.b.blocks('sgldUpdate', n, [go!, wo!], p.counter, (k, [wg, ww], ctr) =>
      this.b.rt.run('optim_sgld', {}, 'uuuuuffffuf',
        [k, ww!.o, wg!.o, p.key >>> 0, ctr, -p.lr / 2, p.wd, p.rescale_grad, p.clip_gradient,
          clipping(p.clip_gradient), Math.sqrt(p.lr)],
        [wg!.b, ww!.b], { threads: Math.ceil(k / 4) }));
  }

  adamUpdate(w: Ref, g: Ref, mean: Ref, variance: Ref, n: number, p: AdamParams): void {
    const [wo, go, mo, vo] = this.operands('adamUpdate', n, [['weight', w], ['grad', g], ['mean', mean], ['var', variance]]);
    this.each('adamUpdate', n, [go!, wo!, mo!, vo!], ([wg, ww, wm, wv], k) =>
      this.b.rt.run('optim_adam', {}, 'uuuuufffffffu',
        [k, ww!.o, wg!.o, wm!.o, wv!.o, p.lr_t, p.wd, p.beta1, p.beta2, p.epsilon, p.rescale_grad, p.clip_gradient,
          clipping(p.clip_gradient)],
        [wg!.b, ww!.b, wm!.b, wv!.b], { threads: k }));
  }

  adagradUpdate(w: Ref, g: Ref, history: Ref, n: number, p: AdaGradParams): void {
    const [wo, go, ho] = this.operands('adagradUpdate', n, [['weight', w], ['grad', g], ['history', history]]);
    this.each('adagradUpdate', n, [go!, wo!, ho!], ([wg, ww, wh], k) =>
      this.b.rt.run('optim_adagrad', {}, 'uuuufffffu',
        [k, ww!.o, wg!.o, wh!.o, -p.lr, p.wd, p.eps, p.rescale_grad, p.clip_gradient, clipping(p.clip_gradient)],
        [wg!.b, ww!.b, wh!.b], { threads: k }));
  }

  rmspropUpdate(w: Ref, g: Ref, n_: Ref, gbar: Ref | null, delta: Ref | null, n: number, p: RMSPropParams): void {
    if ((gbar === null) !== (delta === null)) {
      throw new MXNetError('rmspropUpdate: the centered variant needs both gbar and delta (plain RMSProp: neither)');
    }
    const refs: [string, Ref][] = [['weight', w], ['grad', g], ['n', n_]];
    if (gbar && delta) refs.push(['gbar', gbar], ['delta', delta]);
    const [wo, go, no, gbo, dlo] = this.operands('rmspropUpdate', n, refs);
    const centered = gbo !== undefined && dlo !== undefined;
    // Compat mode binds at most 4 storage buffers: the centered states are copied side by side into one
    // temp (gbar at 0, delta at k) around each dispatch; the plain variant binds an unused buffer there.
    const st = centered ? this.b.rt.acquire(2 * Math.min(n, this.b.bindingElems() >> 1) * 4 || 4) : this.b.unusedOperand().b;
    for (const [s, k] of this.b.split('rmspropUpdate', n, centered ? [1, 1, 1, 2] : [1, 1, 1])) {
      const [wg, ww, wn] = [go!, wo!, no!].map((o) => this.b.win(o, s, k, 'rmspropUpdate'));
      if (centered) {
        this.b.rt.copy(gbo.b, (gbo.o + s) * 4, st, 0, k * 4);
        this.b.rt.copy(dlo.b, (dlo.o + s) * 4, st, k * 4, k * 4);
      }
      const wst = this.b.win({ b: st, o: 0 }, 0, centered ? 2 * k : 0, 'rmspropUpdate states');
      this.b.rt.run('optim_rmsprop', { CENTERED: centered }, 'uuuuuufffffffufu',
        [k, ww!.o, wg!.o, wn!.o, wst.o, wst.o + k, p.lr, p.wd, p.gamma1, p.gamma2, p.epsilon, p.rescale_grad, p.clip_gradient,
          clipping(p.clip_gradient), p.clip_weights, clipping(p.clip_weights)],
        [wg!.b, ww!.b, wn!.b, wst.b], { threads: k });
      if (centered) {
        this.b.rt.copy(st, 0, gbo.b, (gbo.o + s) * 4, k * 4);
        this.b.rt.copy(st, k * 4, dlo.b, (dlo.o + s) * 4, k * 4);
      }
    }
    if (centered) this.b.rt.release(st);
  }

  adadeltaUpdate(w: Ref, g: Ref, acc_g: Ref, acc_delta: Ref, n: number, p: AdaDeltaParams): void {
    const [wo, go, ao, dlo] = this.operands('adadeltaUpdate', n,
      [['weight', w], ['grad', g], ['acc_g', acc_g], ['acc_delta', acc_delta]]);
    this.each('adadeltaUpdate', n, [go!, wo!, ao!, dlo!], ([wg, ww, wa, wd], k) =>
      this.b.rt.run('optim_adadelta', {}, 'uuuuuffffffu',
        [k, ww!.o, wg!.o, wa!.o, wd!.o, p.wd, p.rho, 1 - p.rho, p.epsilon, p.rescale_grad, p.clip_gradient,
          clipping(p.clip_gradient)],
        [wg!.b, ww!.b, wa!.b, wd!.b], { threads: k }));
  }
}
