// WebGPU device acquisition for mx.gpu(i): navigator.gpu in browsers and Deno; in Node the optional
// 'webgpu' package (Dawn), imported lazily through a variable specifier so bundles never pull it in.
// Each gpu(i) is its own GPUDevice (several may share one adapter), created by init_gpus / ensureGpus.

import { MXNetError } from '../../base.js';
import type { Context } from '../../context.js';
import { registerGpuBackend } from '../registry.js';
import type { WebGpuBackend } from './backend.js';

const isNode = typeof (globalThis as { process?: { versions?: { node?: string } } }).process?.versions?.node === 'string'
  && typeof (globalThis as { Deno?: unknown }).Deno === 'undefined';

let gpuPromise: Promise<GPU | null> | undefined;
let gpuError = '';
const devices = new Map<number, Promise<WebGpuBackend>>();
const ready = new Map<number, WebGpuBackend>();

/** The GPU entry point of this runtime, or null (with the reason kept for error messages). */
function getGPU(): Promise<GPU | null> {
  gpuPromise ??= (async () => {
    const nav = (globalThis as { navigator?: { gpu?: GPU } }).navigator?.gpu;
    if (nav) return nav;
    if (!isNode) {
      gpuError = 'this runtime has no navigator.gpu';
      return null;
    }
    const spec = 'webgpu';
    try {
      const mod = (await import(/* @vite-ignore */ /* webpackIgnore: true */ spec)) as { create(options: string[]): GPU };
      return mod.create([]);
    } catch (e) {
      gpuError = `the optional 'webgpu' package could not be loaded (${(e as Error).message})`;
      return null;
    }
  })();
  return gpuPromise;
}

let adapterOptions: GPURequestAdapterOptions = { powerPreference: 'high-performance' };

/**
 * @internal Adapter options for the devices created from now on; tests pass
 * `{ featureLevel: 'compatibility' }` to run the kernels on a compatibility-mode device.
 */
export function setAdapterOptions(options: GPURequestAdapterOptions): void {
  adapterOptions = options;
}

async function requestAdapter(): Promise<GPUAdapter | null> {
  const gpu = await getGPU();
  if (!gpu) return null;
  // An adapter creates one device, so every gpu(i) asks for its own adapter object.
  const adapter = await gpu.requestAdapter(adapterOptions)
    ?? await gpu.requestAdapter({ featureLevel: 'compatibility' } as GPURequestAdapterOptions);
  if (!adapter) gpuError = 'navigator.gpu.requestAdapter() found no adapter (in Node: a Vulkan driver such as SwiftShader via VK_ICD_FILENAMES)';
  return adapter;
}

async function createDevice(id: number): Promise<WebGpuBackend> {
  // Loaded on first use: the backend and its WGSL sources are a quarter of the bundle, which a process
  // that never touches a gpu() should not have to parse at start-up
  // (imported before the device is created, so a failed load leaves no device behind).
  const [{ WebGpuBackend }, { GpuRuntime }] = await Promise.all([import('./backend.js'), import('./runtime.js')]);
  const adapter = await requestAdapter();
  if (!adapter) throw new MXNetError(`no WebGPU adapter for gpu(${id}): ${gpuError}`);
  const lim = adapter.limits;
  const device = await adapter.requestDevice({
    label: `mxjs gpu(${id})`,
    // The largest buffers and storage bindings the adapter offers (a tensor beyond one binding runs its
    // kernels window by window); no shader binds more than 4 storage buffers, compat mode's default.
    requiredLimits: {
      maxStorageBufferBindingSize: lim.maxStorageBufferBindingSize,
      maxBufferSize: lim.maxBufferSize,
    },
  });
  const backend = new WebGpuBackend(new GpuRuntime(device, `gpu(${id})`, adapter.info ?? null));
  ready.set(id, backend);
  registerGpuBackend(id, backend);
  // A lost device stays registered (its calls then fail with the loss reason) but no longer counts,
  // and the next ensureGpu / init_gpus creates a fresh one.
  device.lost.then(() => {
    if (ready.get(id) !== backend) return;
    ready.delete(id);
    devices.delete(id);
  }, () => undefined);
  return backend;
}

/** The backend of gpu(id), creating its device on first use. */
export function ensureGpu(id: number): Promise<WebGpuBackend> {
  if (!Number.isInteger(id) || id < 0) return Promise.reject(new MXNetError(`gpu device id must be a non-negative integer, got ${id}`));
  let p = devices.get(id);
  if (!p) {
    p = createDevice(id);
    devices.set(id, p);
    // A failure is not cached: a later call may find an adapter (e.g. after installing a driver).
    p.catch(() => devices.delete(id));
  }
  return p;
}

/** Create the devices of every gpu context in `ctx` (FeedForward fit/predict/score call this). */
export async function ensureGpus(ctx: readonly Context[]): Promise<void> {
  for (const c of ctx) if (!c.isCpu) await ensureGpu(c.device_id);
}

/**
 * mx.context.init_gpus(count=1): create WebGPU devices gpu(0) … gpu(count-1) and return how many gpu
 * contexts are usable (0 when this runtime has no WebGPU adapter; never throws for that).
 */
export async function init_gpus(count = 1): Promise<number> {
  if (!Number.isInteger(count) || count < 0) throw new MXNetError(`init_gpus: count must be a non-negative integer, got ${count}`);
  try {
    for (let i = 0; i < count; i++) await ensureGpu(i);
  } catch (e) {
    if (!(e instanceof MXNetError) || ready.size > 0) throw e;
  }
  return num_gpus();
}

/** Number of gpu contexts with a live WebGPU device (0 before init_gpus / a gpu fit). */
export function num_gpus(): number {
  return ready.size;
}
