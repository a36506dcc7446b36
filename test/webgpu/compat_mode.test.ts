// The kernel table on a WebGPU compatibility-mode device (the GL/D3D11-class profile): every pipeline
// must validate under its limits (≤ 128 invocations per workgroup) and give the wasm backend's results.
import './compat_setup.js';
import { describe, expect, it } from 'vitest';
import { backendFor } from '../../src/backends/registry.js';
import { cpu } from '../../src/context.js';
import { gpuBackend, hasGpu, SKIP_REASON } from './gpu_setup.js';
import { cnnCases } from './cnn_cases.js';
import { kernelCases } from './kernel_cases.js';
import { expectSameResults, runCase } from './run_case.js';

describe.skipIf(!hasGpu)(`WebGPU kernels on a compatibility-mode device${SKIP_REASON}`, () => {
  it('gpu(0) is a compatibility-mode device', () => {
    const d = gpuBackend().rt.device;
    expect(d.features.has('core-features-and-limits')).toBe(false);
    expect(d.limits.maxComputeInvocationsPerWorkgroup).toBeLessThanOrEqual(128);
  });

  for (const c of [...kernelCases(), ...cnnCases()]) {
    it(c.name, async () => {
      const g = gpuBackend();
      const [want, got] = [await runCase(backendFor(cpu()), c), await runCase(g, c)];
      expectSameResults(c, want, got);
      // A validation error is reported asynchronously: make it surface inside this case.
      await g.sync();
    });
  }
});
