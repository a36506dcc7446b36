// The wasm implementation of the fusion kernel family (src/backends/kernels/fusion.ts): checks the Refs
// against their buffers, then calls core/kernels/fusion.cc.

import { MXNetError } from '../../base.js';
import type { Ref } from '../backend.js';
import type { FusedAct, FusionKernels } from '../kernels/fusion.js';
import { checkCount, type WasmBackend } from './backend.js';
import { unaryCode } from './opcodes.js';

/** The exports of core/include/mxjs_fusion.h. */
interface FusionExports {
  mx_bias_act(x: number, b: number, y: number, outer: number, C: number, inner: number, act: number): void;
  mx_bn_fold(w: number, b: number, gamma: number, beta: number, mean: number, variance: number, eps: number,
    fixGamma: number, F: number, K: number, w2: number, b2: number): void;
}

const ACTS: ReadonlySet<FusedAct> = new Set(['identity', 'relu', 'sigmoid', 'tanh', 'softrelu', 'softsign']);

export class WasmFusionKernels implements FusionKernels {
  private checked: FusionExports | undefined;

  // WasmBackend builds its families in field initialisers, before its `ex` is assigned: look it up lazily.
  constructor(private readonly be: WasmBackend) {}

  private get ex(): FusionExports {
    if (this.checked) return this.checked;
    if (!('mx_bias_act' in this.be.ex)) {
      throw new MXNetError('the wasm module lacks the fusion kernels (mx_bias_act); rebuild it with npm run build:wasm');
    }
    return (this.checked = this.be.ex as unknown as FusionExports);
  }

  biasAct(x: Ref, b: Ref | null, y: Ref, outer: number, C: number, inner: number, act: FusedAct): void {
    if (!ACTS.has(act)) throw new MXNetError(`biasAct: unknown activation '${act}'; known: ${[...ACTS].join(', ')}`);
    const n = this.be.volume('biasAct', outer, C, inner);
    this.ex.mx_bias_act(this.be.addr(x, n, 'biasAct x'), b ? this.be.addr(b, C, 'biasAct bias') : 0,
      this.be.addr(y, n, 'biasAct y'), outer, C, inner, unaryCode.get(act)!);
  }

  bnFold(w: Ref, b: Ref | null, gamma: Ref, beta: Ref, mean: Ref, variance: Ref, eps: number, fixGamma: boolean,
    F: number, K: number, w2: Ref, b2: Ref): void {
    checkCount('bnFold', 'F', F);
    checkCount('bnFold', 'K', K);
    const be = this.be;
    this.ex.mx_bn_fold(be.addr(w, F * K, 'bnFold weight'), b ? be.addr(b, F, 'bnFold bias') : 0,
      be.addr(gamma, F, 'bnFold gamma'), be.addr(beta, F, 'bnFold beta'), be.addr(mean, F, 'bnFold moving_mean'),
      be.addr(variance, F, 'bnFold moving_var'), eps, fixGamma ? 1 : 0, F, K, be.addr(w2, F * K, 'bnFold weight out'),
      be.addr(b2, F, 'bnFold bias out'));
  }
}
