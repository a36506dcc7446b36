// mx.init.Xavier and MSRAPrelu (python/mxnet/initializer.py, 1.9.1): scale = sqrt(magnitude / factor) with
// fan_in = shape[1]·hw, fan_out = shape[0]·hw (hw = product of the kernel dims), uniform or gaussian.

import { bindArgs, checkKwargs, MXNetError, pop, prod, shapeStr } from '../base.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { normal, uniform } from '../random.js';
import { Initializer, register, type Desc } from './initializer.js';

const ARGS = ['rnd_type', 'factor_type', 'magnitude'] as const;

export class Xavier extends Initializer {
  rnd_type: string;
  factor_type: string;
  magnitude: number;

  /** Xavier(rnd_type='uniform', factor_type='avg', magnitude=3) */
  constructor(...args: unknown[]) {
    const kw = bindArgs('Xavier', ARGS, args);
    checkKwargs('Xavier', kw, ARGS);
    const rnd_type = pop(kw, 'rnd_type', 'uniform');
    const factor_type = pop(kw, 'factor_type', 'avg');
    const magnitude = pop(kw, 'magnitude', 3);
    super({ rnd_type, factor_type, magnitude });
    this.rnd_type = rnd_type;
    this.factor_type = factor_type;
    this.magnitude = Number(magnitude);
  }

  override _init_weight(desc: Desc, arr: NDArray): void {
    const shape = arr.shape;
    if (shape.length < 2) {
      throw new MXNetError(`Xavier initializer cannot be applied to vector ${String(desc)}. It requires at least 2D (got shape ${shapeStr(shape)}).`);
    }
    const hw = prod(shape.slice(2));
    const fanIn = shape[1]! * hw;
    const fanOut = shape[0]! * hw;
    let factor: number;
    if (this.factor_type === 'avg') factor = (fanIn + fanOut) / 2;
    else if (this.factor_type === 'in') factor = fanIn;
    else if (this.factor_type === 'out') factor = fanOut;
    else throw new MXNetError(`Incorrect factor type '${this.factor_type}' (use 'avg', 'in' or 'out')`);
    const scale = Math.sqrt(this.magnitude / factor);
    if (this.rnd_type === 'uniform') uniform(-scale, scale, { out: arr });
    else if (this.rnd_type === 'gaussian') normal(0, scale, { out: arr });
    else throw new MXNetError(`Unknown random type '${this.rnd_type}' (use 'uniform' or 'gaussian')`);
  }
}
register(Xavier);

export class MSRAPrelu extends Xavier {
  /** MSRAPrelu(factor_type='avg', slope=0.25): gaussian Xavier with magnitude 2 / (1 + slope²). */
  constructor(...args: unknown[]) {
    const kw = bindArgs('MSRAPrelu', ['factor_type', 'slope'], args);
    checkKwargs('MSRAPrelu', kw, ['factor_type', 'slope']);
    const factor_type = pop(kw, 'factor_type', 'avg');
    const slope = pop(kw, 'slope', 0.25);
    super('gaussian', factor_type, 2 / (1 + slope * slope));
    this._kwargs = { factor_type, slope };
  }
}
register(MSRAPrelu);
