// mx.init.Orthogonal(scale=1.414, rand_type='uniform') (python/mxnet/initializer.py): draw a
// (nout, nin) matrix (U(-1, 1) or N(0, 1), nin = prod(shape[1:])), take the orthonormal factor of its
// thin SVD — u when nout >= nin, else v — and scale it (Saxe et al., arXiv:1312.6120).

import { bindArgs, checkKwargs, MXNetError, pop, prod } from '../base.js';
import { cpu } from '../context.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { normal, uniform } from '../random.js';
import { Initializer, register, type Desc } from './initializer.js';
import { leftSingularVectors } from './svd.js';

export class Orthogonal extends Initializer {
  scale: number;
  rand_type: string;

  /** Orthogonal(scale=1.414, rand_type='uniform') */
  constructor(...args: unknown[]) {
    const kw = bindArgs('Orthogonal', ['scale', 'rand_type'], args);
    checkKwargs('Orthogonal', kw, ['scale', 'rand_type']);
    const scale = pop(kw, 'scale', 1.414);
    const rand_type = pop(kw, 'rand_type', 'uniform');
    super({ scale, rand_type });
    this.scale = scale;
    this.rand_type = rand_type;
  }

  override _init_weight(desc: Desc, arr: NDArray): void {
    if (arr.ndim < 1) throw new MXNetError(`Orthogonal: '${String(desc)}' must have at least one dimension`);
    const nout = arr.shape[0]!;
    const nin = prod(arr.shape.slice(1));
    let draw: NDArray;
    if (this.rand_type === 'uniform') draw = uniform(-1, 1, { shape: [nout, nin], ctx: cpu() });
    else if (this.rand_type === 'normal') draw = normal(0, 1, { shape: [nout, nin], ctx: cpu() });
    else throw new MXNetError(`Orthogonal: rand_type must be 'uniform' or 'normal', got '${this.rand_type}'`);
    const tmp = draw._dataSync();
    draw.dispose();
    const res = new Float32Array(nout * nin);
    if (nout >= nin) {
      const u = leftSingularVectors(tmp, nout, nin);
      for (let k = 0; k < res.length; k++) res[k] = this.scale * u[k]!;
    } else {
      // tmpᵀ = V·S·Uᵀ: its left singular vectors are the rows of numpy's v.
      const t = new Float64Array(nin * nout);
      for (let i = 0; i < nout; i++) for (let j = 0; j < nin; j++) t[j * nout + i] = tmp[i * nin + j]!;
      const v = leftSingularVectors(t, nin, nout);
      for (let i = 0; i < nout; i++) for (let j = 0; j < nin; j++) res[i * nin + j] = this.scale * v[j * nout + i]!;
    }
    arr.set(res);
  }
}
register(Orthogonal);
