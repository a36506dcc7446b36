// Loading the core: clear MXNetErrors for a missing file or a foreign module, loading from bytes,
// and initWasmBackend() retrying after a failed first attempt.
import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { MXNetError } from '../../src/base.js';
import { backendFor } from '../../src/backends/registry.js';
import { initWasmBackend } from '../../src/backends/wasm/init.js';
import { loadWasm } from '../../src/backends/wasm/loader.js';
import { setWasmLocation, wasmLocation } from '../../src/backends/wasm/location.js';
import { cpu } from '../../src/context.js';

describe('wasm loader', () => {
  it('a failed init reports the location, and a later init with a good location succeeds', async () => {
    const good = wasmLocation();
    setWasmLocation('/nonexistent/dir/mxjs.wasm');
    await expect(initWasmBackend()).rejects.toThrow(/cannot load the mxjs WebAssembly core from \/nonexistent\/dir\/mxjs\.wasm/);
    expect(() => backendFor(cpu())).toThrow(/not loaded: cannot load/);
    setWasmLocation(good);
    const b = await initWasmBackend();
    expect(backendFor(cpu())).toBe(b);
  });

  it('loads from bytes and from a file: URL string', async () => {
    const url = new URL('../../build/wasm/mxjs.wasm', import.meta.url);
    const fromBytes = await loadWasm(await readFile(url));
    expect(typeof fromBytes.ex.mx_gemm).toBe('function');
    expect(fromBytes.shared).toBeUndefined();
    const fromString = await loadWasm(url.href);
    expect(fromString.ex.memory).toBeInstanceOf(WebAssembly.Memory);
  });

  it('the threaded core gets a shared memory, recognised from its imports', async () => {
    const mt = await loadWasm(new URL('../../build/wasm/mxjs-mt.wasm', import.meta.url));
    expect(mt.shared).toBeInstanceOf(WebAssembly.Memory);
    expect(mt.ex.memory).toBe(mt.shared);
    expect(mt.ex.memory.buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  it('rejects a module that is not the mxjs core', async () => {
    const empty = new Uint8Array([0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00]); // valid, exports nothing
    await expect(loadWasm(empty)).rejects.toThrow(/not a matching mxjs core: missing exports memory, mx_malloc/);
    await expect(loadWasm(new Uint8Array([1, 2, 3]))).rejects.toBeInstanceOf(MXNetError);
  });
});
