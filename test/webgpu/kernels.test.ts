// Every Backend kernel on WebGPU against the wasm backend (whose kernels are tested against float64
// references in test/kernels), from the table in kernel_cases.ts; Philox streams also against the
// reference generator; plus the WebGPU-specific checks (errors, buffer pooling, lost-device errors).
import { describe, expect, it } from 'vitest';
import type { DeviceBuffer } from '../../src/backends/backend.js';
import { backendFor } from '../../src/backends/registry.js';
import { ensureGpu, num_gpus } from '../../src/backends/webgpu/device.js';
import { cpu, gpu } from '../../src/context.js';
import { MXNetError } from '../../src/base.js';
import { uniformStreamRef } from '../kernels/reference.js';
import { gpuBackend, hasGpu, SKIP_REASON } from './gpu_setup.js';
import { cnnCases } from './cnn_cases.js';
import { kernelCases } from './kernel_cases.js';
import { expectSameResults, runCase } from './run_case.js';

describe.skipIf(!hasGpu)(`WebGPU kernels vs wasm${SKIP_REASON}`, () => {
  for (const c of [...kernelCases(), ...cnnCases()]) {
    it(c.name, async () => {
      const g = gpuBackend();
      const before = g.stats();
      const [want, got] = [await runCase(backendFor(cpu()), c), await runCase(g, c)];
      expectSameResults(c, want, got);
      expect(g.stats()).toEqual(before);
    });
  }

  it('Philox uniforms equal the reference generator bit for bit (counter wrap-around included)', async () => {
    const g = gpuBackend();
    const buf = g.alloc(1030);
    try {
      g.randomUniform({ buf, off: 7 }, 1023, 0, 1, 0x12345678, 0xfffffff0);
      const got = await g.download({ buf, off: 7 }, 1023);
      expect(Array.from(got)).toEqual(Array.from(uniformStreamRef(1023, 0x12345678, 0xfffffff0)));
    } finally {
      g.free(buf);
    }
  });

  it('rejects bad refs, foreign buffers and out-of-range indices with MXNetError', () => {
    const g = gpuBackend();
    const a = g.alloc(10);
    const c = backendFor(cpu()).alloc(10);
    try {
      expect(() => g.unary('relu', { buf: a, off: 5 }, { buf: a, off: 0 }, 6)).toThrow(/outside the buffer of length 10/);
      expect(() => g.copy({ buf: a, off: 0 }, { buf: c, off: 0 }, 4)).toThrow(MXNetError);
      expect(() => g.takeRows({ buf: a, off: 0 }, { buf: a, off: 0 }, Int32Array.from([0, 5]), 2)).toThrow(/index 5 at position 1/);
      expect(() => g.unary('nope' as 'relu', { buf: a, off: 0 }, { buf: a, off: 0 }, 1)).toThrow(/unknown op 'nope'/);
    } finally {
      g.free(a);
      backendFor(cpu()).free(c);
    }
    expect(() => g.free(a)).toThrow(/already freed/);
  });

  it('reuses pooled buffers of the same size class', () => {
    const g = gpuBackend();
    const a = g.alloc(1000) as DeviceBuffer & { gpu: GPUBuffer };
    const first = a.gpu;
    g.free(a);
    const b = g.alloc(900) as DeviceBuffer & { gpu: GPUBuffer };
    expect(b.gpu).toBe(first);
    g.free(b);
  });

  it('a lost device fails later calls with MXNetError (a pending read-back rejects, never hangs)', async () => {
    const before = num_gpus();
    const b = await ensureGpu(7);
    expect(num_gpus()).toBe(before + 1);
    const buf = b.alloc(16);
    b.fill({ buf, off: 0 }, 16, 1);
    const pending = b.download({ buf, off: 0 }, 16).then(() => 'resolved', (e: unknown) => e);
    b.rt.device.destroy();
    await b.rt.lost;
    const outcome = await pending;
    // The read-back may have completed before the loss; if not, it must reject with the loss.
    if (outcome !== 'resolved') expect(String(outcome)).toMatch(/gpu\(7\) was lost/);
    await expect(b.download({ buf, off: 0 }, 16)).rejects.toThrow(/gpu\(7\) was lost/);
    expect(() => b.fill({ buf, off: 0 }, 16, 0)).toThrow(MXNetError);
    expect(() => backendFor(gpu(7)).alloc(4)).toThrow(/was lost/);
    expect(num_gpus()).toBe(before);
  });

  it('many dispatches in one step read back correctly (uniform slots recycled across submits)', async () => {
    const g = gpuBackend();
    const buf = g.alloc(4);
    try {
      g.fill({ buf, off: 0 }, 4, 0);
      for (let i = 0; i < 5000; i++) g.scalar('add', { buf, off: 0 }, 1, { buf, off: 0 }, 4);
      expect(Array.from(await g.download({ buf, off: 0 }, 4))).toEqual([5000, 5000, 5000, 5000]);
    } finally {
      g.free(buf);
    }
  });
});
