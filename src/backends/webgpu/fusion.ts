// The fusion kernel family on WebGPU (gpu/wgsl/bias_act.wgsl, bn_fold_*.wgsl) with core/kernels/
// fusion.cc's semantics: bias + activation in one pass, and BatchNorm inference folded into weights.

import { MXNetError } from '../../base.js';
import type { Ref } from '../backend.js';
import type { FusedAct, FusionKernels } from '../kernels/fusion.js';
import { checkCount } from '../wasm/backend.js';
import { unaryCode } from '../wasm/opcodes.js';
import type { WebGpuBackend } from './backend.js';

const ACTS: ReadonlySet<FusedAct> = new Set(['identity', 'relu', 'sigmoid', 'tanh', 'softrelu', 'softsign']);

export class WebGpuFusionKernels implements FusionKernels {
  constructor(private readonly b: WebGpuBackend) {}

  biasAct(x: Ref, bias: Ref | null, y: Ref, outer: number, C: number, inner: number, act: FusedAct): void {
    if (!ACTS.has(act)) throw new MXNetError(`biasAct: unknown activation '${act}'; known: ${[...ACTS].join(', ')}`);
    for (const [k, v] of Object.entries({ outer, C, inner })) checkCount('biasAct', k, v);
    const be = this.b, n = outer * C * inner;
    const yo = be.at(y, n, 'biasAct y');
    const xo = be.readable(be.at(x, n, 'biasAct x'), n, [yo.b]);
    const bo = bias ? be.readable(be.at(bias, C, 'biasAct bias'), C, [yo.b]) : be.unusedOperand();
    const wb = be.win(bo, 0, bias ? C : 1, 'biasAct bias');
    // Runs start at whole [C, inner] blocks, so the shader's channel index (i / inner) % C stays right.
    be.chunked('biasAct', outer, [[xo, C * inner], [yo, C * inner]], ([wx, wy], k) =>
      be.rt.run('bias_act', { OP: unaryCode.get(act)!, HAS_BIAS: bias !== null }, 'uuuuuu',
        [k * C * inner, C, Math.max(1, inner), wx!.o, wb.o, wy!.o], [wx!.b, wb.b, wy!.b], { threads: k * C * inner }));
    be.done();
  }

  bnFold(w: Ref, bias: Ref | null, gamma: Ref, beta: Ref, mean: Ref, variance: Ref, eps: number, fixGamma: boolean,
    F: number, K: number, w2: Ref, b2: Ref): void {
    checkCount('bnFold', 'F', F);
    checkCount('bnFold', 'K', K);
    const be = this.b;
    // Weights are small next to activations: one window each (win() refuses what a binding cannot hold).
    const win = (r: Ref, n: number, what: string) => be.win(be.at(r, n, `bnFold ${what}`), 0, n, `bnFold ${what}`);
    const s = win(b2, F, 'bias out'), wo = win(w2, F * K, 'weight out');
    const g = fixGamma ? be.win(be.unusedOperand(), 0, 1, 'bnFold gamma') : win(gamma, F, 'gamma');
    const v = win(variance, F, 'moving_var');
    be.rt.run('bn_fold_scale', { FIX_GAMMA: fixGamma }, 'ufuuu', [F, eps, g.o, v.o, s.o], [g.b, v.b, s.b], { threads: F });
    const wi = win(w, F * K, 'weight');
    if (F * K > 0) be.rt.run('bn_fold_weight', {}, 'uuuuu', [F * K, K, wi.o, s.o, wo.o], [wi.b, s.b, wo.b], { threads: F * K });
    const bi = bias ? win(bias, F, 'bias') : be.win(be.unusedOperand(), 0, 1, 'bnFold bias');
    const m = win(mean, F, 'moving_mean'), bt = win(beta, F, 'beta');
    be.rt.run('bn_fold_bias', { HAS_BIAS: bias !== null }, 'uuuuu', [F, bi.o, m.o, bt.o, s.o], [bi.b, m.b, bt.b, s.b], { threads: F });
    be.done();
  }
}
