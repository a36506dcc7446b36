// Which backend serves which context: cpu(0) → the WebAssembly backend on the calling thread, cpu(i)
// for i >= 1 → a device worker of its own where the host has threads (else the same backend as
// cpu(0)), gpu → WebGPU. Backends register themselves once they are ready (the wasm module loads
// asynchronously at import).

import { MXNetError } from '../base.js';
import type { Context } from '../context.js';
import type { Backend } from './backend.js';

let cpuBackend: Backend | undefined;
let cpuInitError: unknown;
let cpuDeviceFactory: ((id: number) => Backend) | undefined;
const cpuDevices = new Map<number, Backend>();
const gpuBackends = new Map<number, Backend>();

/** Register the cpu(0) backend and, where the host has threads, the maker of cpu(i >= 1) backends. */
export function registerCpuBackend(b: Backend, deviceFactory?: (id: number) => Backend): void {
  cpuBackend = b;
  cpuDeviceFactory = deviceFactory;
  cpuDevices.clear();
  cpuInitError = undefined;
}

export function setCpuBackendError(e: unknown): void {
  cpuInitError = e;
}

export function registerGpuBackend(id: number, b: Backend): void {
  gpuBackends.set(id, b);
}

export function backendFor(ctx: Context): Backend {
  if (ctx.isCpu) {
    if (cpuBackend && (ctx.device_id === 0 || !cpuDeviceFactory)) return cpuBackend;
    if (cpuBackend) {
      let b = cpuDevices.get(ctx.device_id);
      if (!b) cpuDevices.set(ctx.device_id, (b = cpuDeviceFactory!(ctx.device_id)));
      return b;
    }
    const why = cpuInitError instanceof Error ? `: ${cpuInitError.message}` : '';
    throw new MXNetError(`the WebAssembly backend for ${ctx} is not loaded${why} (await mx.ready() after setting the wasm location)`);
  }
  const b = gpuBackends.get(ctx.device_id);
  if (b) return b;
  throw new MXNetError(
    `no WebGPU device for ${ctx}: mx.gpu() needs a WebGPU adapter (a browser or Deno with WebGPU, or Node with the optional 'webgpu' package and a Vulkan driver); create it with await mx.context.init_gpus(), or use mx.cpu() to run on WebAssembly`,
  );
}
