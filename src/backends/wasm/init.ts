// Loads the wasm core once and registers it as the backend of every cpu() context: the best build the
// host runs (threaded with its pool where shared memory exists, relaxed SIMD where it validates).

import { registerCpuBackend, setCpuBackendError } from '../registry.js';
import { WasmBackend } from './backend.js';
import { loadWasm, type LoadedCore, type WasmSource } from './loader.js';
import { wasmCandidates } from './location.js';
import { defaultThreads, serverHost, ThreadPool } from './threads.js';
import { WorkerDeviceBackend } from './device_worker.js';

let ready: Promise<WasmBackend> | undefined;
let pool: ThreadPool | undefined;
let loaded: LoadedCore | undefined;

async function loadCore(source?: WasmSource): Promise<LoadedCore> {
  if (source !== undefined) return loadWasm(source);
  const [...better] = wasmCandidates();
  const last = better.pop()!;
  for (const where of better) {
    try {
      return await loadWasm(where);
    } catch {
      // That build is missing (e.g. only mxjs.wasm was copied): fall back to a plainer one.
    }
  }
  return loadWasm(last);
}

/**
 * Load the core (from `source`, else the configured location) and register it for cpu contexts.
 * Memoised: later calls return the same promise; after a failure the next call tries again.
 */
export function initWasmBackend(source?: WasmSource): Promise<WasmBackend> {
  if (!ready) {
    ready = loadCore(source)
      .then((core) => {
        loaded = core;
        const backend = new WasmBackend(core.ex);
        pool = core.shared ? new ThreadPool({ ...core, shared: core.shared }) : undefined;
        pool?.setNumThreads(defaultThreads(), true);
        if (pool) backend.onHeavyKernel = () => pool?.ensureWorkers();
        // A browser's main thread may not wait for a worker, so there cpu(i) shares cpu(0)'s backend.
        const p = pool;
        registerCpuBackend(backend, p && serverHost() ? (id) => new WorkerDeviceBackend(id, p) : undefined);
        return backend;
      })
      .catch((e: unknown) => {
        ready = undefined;
        setCpuBackendError(e);
        throw e;
      });
  }
  return ready;
}

/** @internal the loaded core's thread pool; undefined for the single-threaded core or before loading */
export function cpuThreadPool(): ThreadPool | undefined {
  return pool;
}

/** @internal the loaded core (module and shared memory for device workers); undefined before loading */
export function loadedCore(): LoadedCore | undefined {
  return loaded;
}
