// Loads the wasm core once and registers it as the backend of every cpu() context: the threaded
// build (with its thread pool) where the host allows shared memory, else the single-threaded one.

import { registerCpuBackend, setCpuBackendError } from '../registry.js';
import { WasmBackend } from './backend.js';
import { loadWasm, type LoadedCore, type WasmSource } from './loader.js';
import { threadedWasmLocation, wasmLocation } from './location.js';
import { defaultThreads, ThreadPool } from './threads.js';
import { canBlock, WorkerDeviceBackend } from './device_worker.js';

let ready: Promise<WasmBackend> | undefined;
let pool: ThreadPool | undefined;
let loaded: LoadedCore | undefined;

async function loadCore(source?: WasmSource): Promise<LoadedCore> {
  if (source !== undefined) return loadWasm(source);
  const mt = threadedWasmLocation();
  if (mt !== undefined) {
    try {
      return await loadWasm(mt);
    } catch {
      // No threaded file next to mxjs.wasm (e.g. only that one was copied): run on one thread.
    }
  }
  return loadWasm(wasmLocation());
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
        pool?.setNumThreads(defaultThreads());
        // A browser's main thread may not wait for a worker, so there cpu(i) shares cpu(0)'s backend.
        const p = pool;
        registerCpuBackend(backend, p && canBlock() ? (id) => new WorkerDeviceBackend(id, p) : undefined);
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
