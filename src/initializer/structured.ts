// mx.init.Bilinear and LSTMBias (python/mxnet/initializer.py): deterministic weights — the bilinear
// upsampling kernel, and LSTM biases that are 0 except the forget gate (the second quarter).

import { bindArgs, checkKwargs, MXNetError, pop, shapeStr } from '../base.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { fillBilinear } from './fill.js';
import { Initializer, register, type Desc } from './initializer.js';

export class Bilinear extends Initializer {
  constructor(...args: unknown[]) {
    checkKwargs('Bilinear', bindArgs('Bilinear', [], args), []);
    super();
  }
  override _init_weight(desc: Desc, arr: NDArray): void {
    fillBilinear(String(desc), arr);
  }
}
register(Bilinear);

export class LSTMBias extends Initializer {
  forget_bias: number;

  /** LSTMBias(forget_bias=1.0) */
  constructor(...args: unknown[]) {
    const kw = bindArgs('LSTMBias', ['forget_bias'], args);
    checkKwargs('LSTMBias', kw, ['forget_bias']);
    const forget_bias = pop(kw, 'forget_bias', 1.0);
    super({ forget_bias });
    this.forget_bias = forget_bias;
  }
  override _init_weight(desc: Desc, arr: NDArray): void {
    if (arr.ndim < 1) throw new MXNetError(`LSTMBias: '${String(desc)}' has shape ${shapeStr(arr.shape)}`);
    arr.set(0);
    const h = Math.trunc(arr.shape[0]! / 4);
    const gate = arr.slice(h, 2 * h);
    gate.set(this.forget_bias);
    gate.dispose();
  }
}
register(LSTMBias);
