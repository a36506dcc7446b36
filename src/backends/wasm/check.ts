// The wasm implementation of the numerics-check kernel family (src/backends/kernels/check.ts):
// checks the Refs against their buffers, then calls core/kernels/check.cc.

import { MXNetError } from '../../base.js';
import type { Ref } from '../backend.js';
import type { CheckKernels } from '../kernels/check.js';
import { checkCount, type WasmBackend } from './backend.js';

/** The exports of core/include/mxjs_check.h. */
interface CheckExports {
  mx_count_nonfinite(x: number, n: number, out: number): void;
}

export class WasmCheckKernels implements CheckKernels {
  private checked: CheckExports | undefined;

  // WasmBackend builds its families in field initialisers, before its `ex` is assigned: look it up lazily.
  constructor(private readonly be: WasmBackend) {}

  private get ex(): CheckExports {
    if (this.checked) return this.checked;
    if (!('mx_count_nonfinite' in this.be.ex)) {
      throw new MXNetError('the wasm module lacks the numerics-check kernel (mx_count_nonfinite); rebuild it with npm run build:wasm');
    }
    return (this.checked = this.be.ex as unknown as CheckExports);
  }

  countNonFinite(x: Ref, n: number, out: Ref): void {
    checkCount('countNonFinite', 'n', n);
    this.ex.mx_count_nonfinite(this.be.addr(x, n, 'countNonFinite x'), n, this.be.addr(out, 1, 'countNonFinite out'));
  }
}
