// The numerics-check kernel family on WebGPU: countNonFinite as one reduction dispatch whose result
// stays on the device until the executor reads it back; an x beyond one storage binding is counted in
// runs that add onto the first run's count.

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
    const wo = this.b.win(o, 0, 1, 'countNonFinite out');
    for (const [s, k] of this.b.split('countNonFinite', n, [1], true)) {
      const wx = this.b.win(xo, s, k, 'countNonFinite x');
      this.b.rt.run('count_nonfinite', {}, 'uuuu', [k, wx.o, wo.o, s > 0 ? 1 : 0], [wx.b, wo.b], [1]);
    }
    this.b.done();
  }
}
