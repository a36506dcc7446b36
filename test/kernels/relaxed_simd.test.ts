// Relaxed SIMD: the -relaxed builds hold only standard opcodes (they validate exactly where relaxed SIMD
// is on), the loader picks them where the host validates relaxed SIMD and falls back to SIMD128
// elsewhere (or with MXJS_RELAXED_SIMD=0), and their FMA GEMM matches the float64 reference and stays
// bit-identical across thread counts. Node 20 enables relaxed SIMD only behind a V8 flag, so the
// relaxed runs happen in child processes started with it.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { relaxedSimdAvailable, wasmCandidates } from '../../src/backends/wasm/location.js';

const FLAG = '--experimental-wasm-relaxed-simd';

/** Run `script` (TypeScript, repo root as cwd) in a child Node; returns its last stdout line parsed as JSON. */
function child(script: string, flags: string[], env: Record<string, string> = {}): Record<string, unknown> {
  const out = execFileSync(process.execPath, [...flags, '--import', 'tsx', '--input-type=module', '-e', script], {
    encoding: 'utf8', timeout: 90_000, env: { ...process.env, ...env },
  });
  return JSON.parse(out.trim().split('\n').at(-1)!) as Record<string, unknown>;
}

const PROBE = `
import { initWasmBackend, loadedCore } from './src/backends/wasm/init.ts';
import { set_num_threads } from './src/engine.ts';
import { gemmRef, maxViolation, randomArray } from './test/kernels/reference.ts';
const b = await initWasmBackend();
const M = 70, N = 300, K = 257;
const A = randomArray(M * K, 1), B = randomArray(K * N, 2), C0 = randomArray(M * N, 3);
const run = (t) => {
  set_num_threads(t);
  const a = b.alloc(M * K), bb = b.alloc(K * N), c = b.alloc(M * N);
  b.upload({ buf: a, off: 0 }, A); b.upload({ buf: bb, off: 0 }, B); b.upload({ buf: c, off: 0 }, C0);
  b.gemm(false, false, M, N, K, 0.5, { buf: a, off: 0 }, K, { buf: bb, off: 0 }, N, 0.25, { buf: c, off: 0 }, N);
  return b.downloadSync({ buf: c, off: 0 }, M * N);
};
const one = run(1), two = run(2);
const want = gemmRef(false, false, M, N, K, 0.5, A, K, B, N, 0.25, C0, N);
console.log(JSON.stringify({
  core: loadedCore().name.split('/').pop(),
  violation: maxViolation(one, want, 1e-5 * K, 1e-5),
  sameOnTwoThreads: one.every((v, i) => v === two[i]),
}));`;

describe('relaxed SIMD', () => {
  it('the -relaxed builds validate only where relaxed SIMD is on; the others everywhere', () => {
    const mod = (f: string) => readFileSync(new URL(`../../build/wasm/${f}`, import.meta.url));
    const script = `import { readFileSync } from 'node:fs';
      const v = (f) => WebAssembly.validate(readFileSync('build/wasm/' + f));
      console.log(JSON.stringify({ relaxed: v('mxjs-relaxed.wasm'), mtRelaxed: v('mxjs-mt-relaxed.wasm'), plain: v('mxjs.wasm') }));`;
    expect(child(script, [FLAG])).toEqual({ relaxed: true, mtRelaxed: true, plain: true });
    // In this process (Node 20 without the flag: off) the load-time probe agrees with the real module.
    expect(WebAssembly.validate(mod('mxjs-relaxed.wasm'))).toBe(relaxedSimdAvailable());
    expect(WebAssembly.validate(mod('mxjs.wasm'))).toBe(true);
  });

  it('the loader tries relaxed builds only where relaxed SIMD validates, threaded ones first', () => {
    const names = wasmCandidates().map((u) => String(u).split('/').pop());
    expect(names).toEqual(relaxedSimdAvailable()
      ? ['mxjs-mt-relaxed.wasm', 'mxjs-mt.wasm', 'mxjs-relaxed.wasm', 'mxjs.wasm']
      : ['mxjs-mt.wasm', 'mxjs.wasm']);
  });

  it('where relaxed SIMD validates, the relaxed threaded core loads and its FMA GEMM is right and thread-independent', () => {
    const got = child(PROBE, [FLAG]);
    expect(got.core).toBe('mxjs-mt-relaxed.wasm');
    expect(got.violation).toBeLessThanOrEqual(1);
    expect(got.sameOnTwoThreads).toBe(true);
  });

  it('MXJS_RELAXED_SIMD=0 keeps the SIMD128 core even where relaxed SIMD validates', () => {
    expect(child(PROBE, [FLAG], { MXJS_RELAXED_SIMD: '0' }).core).toBe('mxjs-mt.wasm');
  });
});
