// The numerics-check kernel family on WebGPU: countNonFinite as one reduction dispatch whose result
// stays on the device until the executor reads it back.

import type { Ref } from '../backend.js';
import type { CheckKernels } from '../kernels/check.js';
import { checkCount } from '../wasm/backend.js';
import type { WebGpuBackend } from './backend.js';

export class WebGpuCheckKernels implements CheckKernels {
  constructor(private readonly b: WebGpuBackend) {}

  countNonFinite(x: Ref, n: number, out: Ref): void {
    checkCount('countNonFinite', 'n', n);
    const o = this.b.at(out, 1, 'countNonFinite out');
    const xo = this.b.readable(this.b.at(x, n, 'countNonFinite x'), n, [o.b]);
    this.b.rt.run('count_nonfinite', {}, 'uuu', [n, xo.o, o.o], [xo.b, o.b], [1]);
    this.b.done();
  }
}
