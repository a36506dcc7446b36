// The thread pool of the threaded core: every kernel that splits work gives bit-identical results on
// 1, 2 and 3 threads (each output element is computed in the same order whatever the split), GEMM
// also matches a float64 reference, mx.engine validates its argument, OMP_NUM_THREADS sets the start
// count, and a process with live pool workers still exits on its own.
import { execFileSync } from 'node:child_process';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Ref } from '../../src/backends/backend.js';
import type { WasmBackend } from '../../src/backends/wasm/backend.js';
import { cpuThreadPool, initWasmBackend } from '../../src/backends/wasm/init.js';
import { setWasmLocation, threadedWasmLocation, wasmLocation } from '../../src/backends/wasm/location.js';
import { MXNetError } from '../../src/base.js';
import { get_num_threads, set_num_threads } from '../../src/engine.js';
import { keepThreadCount, Scratch } from './device.js';
import { gemmRef, maxViolation, randomArray } from './reference.js';

let b: WasmBackend;
let s: Scratch;
beforeAll(async () => {
  b = await initWasmBackend();
  s = new Scratch(b);
});
afterEach(() => s.freeAll());
keepThreadCount();

/** Run `kernel` (which returns the output to compare) once per thread count; all results must be equal. */
function sameOnEveryThreadCount(kernel: () => Float32Array): Float32Array {
  const results = [1, 2, 3].map((t) => {
    set_num_threads(t);
    return kernel();
  });
  for (const r of results.slice(1)) expect(Buffer.from(r.buffer).equals(Buffer.from(results[0]!.buffer))).toBe(true);
  return results[0]!;
}

describe('thread pool', () => {
  it('the threaded core is loaded in Node, with a pool', () => {
    expect(cpuThreadPool()).toBeDefined();
    expect(b.ex.memory.buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  it('GEMM splits by columns and by rows, all transposes, equal on 1-3 threads and to float64', () => {
    const cases = [
      { M: 64, N: 300, K: 129 }, // by columns
      { M: 333, N: 40, K: 70 }, // by rows
      { M: 3, N: 2000, K: 400 }, // small-M path, split by columns
      { M: 20, N: 25, K: 4096 }, // a convolution weight gradient: long K, tiny C (split by columns)
      { M: 20, N: 25, K: 9000 }, // longer still: split along K, partials added in chunk order
    ];
    for (const c of cases) {
      for (const [ta, tb] of [[false, false], [true, false], [false, true], [true, true]] as const) {
        const A = randomArray(c.M * c.K, 1), B = randomArray(c.K * c.N, 2), C0 = randomArray(c.M * c.N, 3);
        const lda = ta ? c.M : c.K, ldb = tb ? c.K : c.N;
        const got = sameOnEveryThreadCount(() => {
          const Cr = s.put(C0);
          b.gemm(ta, tb, c.M, c.N, c.K, 0.5, s.put(A), lda, s.put(B), ldb, 0.25, Cr, c.N);
          return s.get(Cr, C0.length);
        });
        const want = gemmRef(ta, tb, c.M, c.N, c.K, 0.5, A, lda, B, ldb, 0.25, C0, c.N);
        // float32 sums of K products of magnitude <= 1 (as in gemm.test.ts)
        expect(maxViolation(got, want, 1e-5 * c.K, 1e-5), `${JSON.stringify(c)} ${ta} ${tb}`).toBeLessThanOrEqual(1);
      }
    }
  });

  it('element-wise, reductions, pooling, im2col/col2im and strided copies are equal on 1-3 threads', () => {
    const n = 100_003; // above the split threshold, not a multiple of the 16-float grain
    const x = randomArray(n, 4), y = randomArray(n, 5), g = randomArray(n, 6);
    const run = (f: (o: Ref) => void, len = n) => () => { const o = s.out(len); f(o); return s.get(o, len); };
    sameOnEveryThreadCount(run((o) => b.unary('tanh', s.put(x), o, n)));
    sameOnEveryThreadCount(run((o) => b.binary('mul', s.put(x), s.put(y), o, n)));
    sameOnEveryThreadCount(run((o) => b.scalar('rdiv', s.put(x), 3, o, n)));
    sameOnEveryThreadCount(run((o) => { b.upload(o, y); b.axpby(2, s.put(x), -0.5, o, n); }));
    sameOnEveryThreadCount(run((o) => b.clip(s.put(x), o, n, -0.3, 0.4)));
    sameOnEveryThreadCount(run((o) => b.unaryGrad('sigmoid', s.put(x), s.put(y), s.put(g), o, n)));
    sameOnEveryThreadCount(run((o) => b.biasAdd(s.put(x), s.put(y.subarray(0, 7)), o, 1000, 7, 14), 98_000));
    sameOnEveryThreadCount(run((o) => b.sumAxis(s.put(x), o, 1000, 100, 1, false), 1000));
    sameOnEveryThreadCount(run((o) => {
      b.upload(o, y);
      b.sgdUpdate(o, s.put(g), s.put(x), n, { lr: 0.1, wd: 1e-4, momentum: 0.9, rescale_grad: 0.5, clip_gradient: 0.7 });
    }));
    const pool = { P: 200, H: 24, W: 24, oh: 12, ow: 12, kh: 2, kw: 2, sh: 2, sw: 2, ph: 0, pw: 0, type: 'max', countIncludePad: true } as const;
    const px = randomArray(200 * 576, 7);
    const pooled = sameOnEveryThreadCount(run((o) => b.cnn.pool(s.put(px), o, pool), 200 * 144));
    sameOnEveryThreadCount(run((o) => b.cnn.poolGrad(s.put(px), s.put(pooled), s.put(randomArray(200 * 144, 8)), o, pool), 200 * 576));
    const conv = { C: 3, H: 14, W: 14, kh: 3, kw: 3, sh: 1, sw: 1, ph: 1, pw: 1, dh: 1, dw: 1, oh: 14, ow: 14 };
    const B = 9, L = 196, rows = 27;
    const cx = randomArray(B * 3 * 196, 9);
    const col = sameOnEveryThreadCount(run((o) => b.cnn.im2col(s.put(cx), o, conv, B * L, B), rows * B * L));
    // Batched im2col equals one call per image.
    const one = s.out(rows * B * L);
    for (let i = 0; i < B; i++) b.cnn.im2col({ ...s.put(cx.subarray(i * 588, (i + 1) * 588)) }, { buf: one.buf, off: i * L }, conv, B * L);
    expect(s.get(one, rows * B * L)).toEqual(col);
    sameOnEveryThreadCount(run((o) => b.cnn.col2im(s.put(col), o, conv, B * L, B), B * 588));
    // [F, B, L] -> [B, F, L] and back: the reorders around a convolution's GEMM.
    const F = 50, BB = 64, LL = 64, t = randomArray(F * BB * LL, 10);
    sameOnEveryThreadCount(run((o) => b.cnn.stridedCopy(o, [LL, F * LL, 1], s.put(t), [BB * LL, LL, 1], [F, BB, LL], false), t.length));
    sameOnEveryThreadCount(run((o) => b.cnn.stridedCopy(o, [BB * LL, LL, 1], s.put(t), [LL, F * LL, 1], [F, BB, LL], false), t.length));
  });

  it('mx.engine.set_num_threads validates and reports the count in effect', () => {
    expect(set_num_threads(2)).toBe(2);
    expect(get_num_threads()).toBe(2);
    expect(set_num_threads(1000)).toBe(b.ex.mx_max_threads());
    for (const bad of [0, -1, 1.5, NaN]) expect(() => set_num_threads(bad)).toThrow(MXNetError);
  });

  it('finds mxjs-mt.wasm next to a relocated mxjs.wasm, and none next to a renamed core', () => {
    const before = wasmLocation();
    try {
      setWasmLocation('https://cdn.example/x/mxjs.wasm');
      expect(String(threadedWasmLocation())).toBe('https://cdn.example/x/mxjs-mt.wasm');
      setWasmLocation('/assets/core.wasm');
      expect(threadedWasmLocation()).toBeUndefined();
      setWasmLocation('/assets/core.wasm', '/assets/core-mt.wasm');
      expect(threadedWasmLocation()).toBe('/assets/core-mt.wasm');
    } finally {
      setWasmLocation(before);
    }
  });

  it('OMP_NUM_THREADS sets the start count, and a process with pool workers exits by itself', () => {
    const script = `import * as mx from './src/index.ts';
      const a = mx.nd.ones([512, 512]); const c = mx.nd.dot(a, a);
      console.log(mx.engine.get_num_threads(), (await c.asnumpy())[0]);`;
    for (const [omp, want] of [['1', '1'], ['3', '3']] as const) {
      const out = execFileSync('npx', ['tsx', '--input-type=module', '-e', script], {
        env: { ...process.env, OMP_NUM_THREADS: omp }, encoding: 'utf8', timeout: 60_000,
      });
      expect(out.trim()).toBe(`${want} 512`);
    }
  });
});
