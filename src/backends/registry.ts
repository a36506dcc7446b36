// Which backend serves which context: cpu* contexts → the WebAssembly backend, gpu → WebGPU.
// Backends register themselves once they are ready (the wasm module loads asynchronously at import).

import { MXNetError } from '../base.js';
import type { Context } from '../context.js';
import type { Backend } from './backend.js';

let cpuBackend: Backend | undefined;
let cpuInitError: unknown;
const gpuBackends = new Map<number, Backend>();

export function registerCpuBackend(b: Backend): void {
  cpuBackend = b;
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
    if (cpuBackend) return cpuBackend;
    const why = cpuInitError instanceof Error ? `: ${cpuInitError.message}` : '';
    throw new MXNetError(`the WebAssembly backend for ${ctx} is not loaded${why} (await mx.ready() after setting the wasm location)`);
  }
  const b = gpuBackends.get(ctx.device_id);
  if (b) return b;
  throw new MXNetError(
    `no WebGPU device for ${ctx}: mx.gpu() needs a WebGPU adapter (a browser or Deno with WebGPU, or Node with the optional 'webgpu' package and a Vulkan driver); create it with await mx.context.init_gpus(), or use mx.cpu() to run on WebAssembly`,
  );
}
