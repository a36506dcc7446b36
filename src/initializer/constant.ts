// mx.init.Zero ('zeros'), One ('ones') and Constant(value) (python/mxnet/initializer.py). Like every
// subclass they override only _init_weight: biases still get 0 and gammas 1 on the name paths.

import { bindArgs, checkKwargs, MXNetError } from '../base.js';
import { NDArray } from '../ndarray/ndarray.js';
import { alias, Initializer, register, type Desc } from './initializer.js';

export class Zero extends Initializer {
  constructor(...args: unknown[]) {
    checkKwargs('Zero', bindArgs('Zero', [], args), []);
    super();
  }
  override _init_weight(_desc: Desc, arr: NDArray): void {
    arr.set(0);
  }
}
register(Zero);
alias('zeros')(Zero);

export class One extends Initializer {
  constructor(...args: unknown[]) {
    checkKwargs('One', bindArgs('One', [], args), []);
    super();
  }
  override _init_weight(_desc: Desc, arr: NDArray): void {
    arr.set(1);
  }
}
register(One);
alias('ones')(One);

export class Constant extends Initializer {
  readonly value: number | NDArray | ArrayLike<number>;

  /** Constant(value): a scalar, or an NDArray / host values with exactly the parameter's size. */
  constructor(...args: unknown[]) {
    const kw = bindArgs('Constant', ['value'], args);
    checkKwargs('Constant', kw, ['value']);
    if (kw.value === undefined || kw.value === null) throw new MXNetError('Constant() missing required argument: value');
    super({ value: kw.value });
    this.value = kw.value as number | NDArray | ArrayLike<number>;
  }
  override _init_weight(desc: Desc, arr: NDArray): void {
    const v = this.value;
    if (v instanceof NDArray && v.size !== arr.size) {
      throw new MXNetError(`Constant: value of shape [${v.shape}] cannot initialize '${String(desc)}' of shape [${arr.shape}]`);
    }
    if (v instanceof NDArray) arr.set(v.shape.length === arr.shape.length ? v : v.reshape(arr.shape));
    else arr.set(v);
  }
}
register(Constant);
