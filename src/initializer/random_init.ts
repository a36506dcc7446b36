// mx.init.Uniform(scale=0.07) and Normal(sigma=0.01) (python/mxnet/initializer.py): weights drawn on
// the array's device from MXNet's own stream (mx.random.seed), U(-scale, scale) and N(0, sigma²).

import { bindArgs, checkKwargs, pop } from '../base.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { normal, uniform } from '../random.js';
import { Initializer, register, type Desc } from './initializer.js';

export class Uniform extends Initializer {
  readonly scale: number;

  /** Uniform(scale=0.07) */
  constructor(...args: unknown[]) {
    const kw = bindArgs('Uniform', ['scale'], args);
    checkKwargs('Uniform', kw, ['scale']);
    const scale = pop(kw, 'scale', 0.07);
    super({ scale });
    this.scale = scale;
  }
  override _init_weight(_desc: Desc, arr: NDArray): void {
    uniform(-this.scale, this.scale, { out: arr });
  }
}
register(Uniform);

export class Normal extends Initializer {
  readonly sigma: number;

  /** Normal(sigma=0.01) */
  constructor(...args: unknown[]) {
    const kw = bindArgs('Normal', ['sigma'], args);
    checkKwargs('Normal', kw, ['sigma']);
    const sigma = pop(kw, 'sigma', 0.01);
    super({ sigma });
    this.sigma = sigma;
  }
  override _init_weight(_desc: Desc, arr: NDArray): void {
    normal(0, this.sigma, { out: arr });
  }
}
register(Normal);
