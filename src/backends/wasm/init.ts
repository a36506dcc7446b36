// Loads the wasm core once and registers it as the backend of every cpu() context.

import { registerCpuBackend, setCpuBackendError } from '../registry.js';
import { WasmBackend } from './backend.js';
import { loadWasm, type WasmSource } from './loader.js';
import { wasmLocation } from './location.js';

let ready: Promise<WasmBackend> | undefined;

/**
 * Load mxjs.wasm (from `source`, else the configured location) and register it for cpu contexts.
 * Memoised: later calls return the same promise; after a failure the next call tries again.
 */
export function initWasmBackend(source?: WasmSource): Promise<WasmBackend> {
  if (!ready) {
    ready = loadWasm(source ?? wasmLocation())
      .then((ex) => {
        const backend = new WasmBackend(ex);
        registerCpuBackend(backend);
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
