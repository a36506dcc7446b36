// Test-only operators for what the registered ops of this release do not exercise: mutated (aux)
// inputs with `__init__` hooks, as BatchNorm has. Shape inference only; they have no kernels.

import { MXNetError } from '../../src/base.js';
import type { ParsedParams } from '../../src/ops/params.js';
import { defineOp } from '../../src/ops/registry.js';

interface NormParams extends ParsedParams {
  eps: number;
  fix_gamma: boolean;
  output_mean_var: boolean;
}

/** BatchNorm's interface under another name: inputs data, gamma, beta, moving_mean, moving_var (aux). */
export const TEST_NORM = 'TestNorm';

defineOp<NormParams>({
  name: TEST_NORM,
  params: {
    eps: { type: 'float', default: 1e-3 },
    fix_gamma: { type: 'bool', default: true },
    output_mean_var: { type: 'bool', default: false },
  },
  inputNames: () => ['data', 'gamma', 'beta', 'moving_mean', 'moving_var'],
  numAux: () => 2,
  outputNames: () => ['output', 'mean', 'var'],
  numVisibleOutputs: (p) => (p.output_mean_var ? 3 : 1),
  inputInitAttrs: () => ({ 3: '["zero", {}]', 4: '["one", {}]' }),
  inferShape(_p, inputs) {
    const data = inputs[0];
    const c = data?.[1];
    const vec = c === undefined ? undefined : [c];
    return { inputs: [data, vec, vec, vec, vec], outputs: [data, vec, vec] };
  },
  forward() {
    throw new MXNetError(`${TEST_NORM} is a test operator without kernels`);
  },
});
