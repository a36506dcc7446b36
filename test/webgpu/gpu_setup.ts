// Shared setup of the WebGPU suites: load the wasm backend, create gpu(0), and say why the suites are
// skipped when this machine has no WebGPU adapter (CI installs chromium for SwiftShader, so they run there).
import { initWasmBackend } from '../../src/backends/wasm/init.js';
import { init_gpus, setAdapterOptions } from '../../src/backends/webgpu/device.js';
import { backendFor } from '../../src/backends/registry.js';
import { gpu } from '../../src/context.js';
import type { WebGpuBackend } from '../../src/backends/webgpu/backend.js';

// MXJS_WEBGPU_COMPAT=1 runs the WebGPU suites on a compatibility-mode device.
if (process.env.MXJS_WEBGPU_COMPAT === '1') setAdapterOptions({ featureLevel: 'compatibility' } as GPURequestAdapterOptions);
await initWasmBackend();
/** True when gpu(0) has a WebGPU device. */
export const hasGpu = (await init_gpus(1)) > 0;
export const SKIP_REASON = hasGpu ? '' : ' [SKIPPED: no WebGPU adapter — install Debian chromium for SwiftShader, or the webgpu package]';
if (!hasGpu) console.warn(`WebGPU suites skipped:${SKIP_REASON}`);

export function gpuBackend(): WebGpuBackend {
  return backendFor(gpu(0)) as WebGpuBackend;
}
