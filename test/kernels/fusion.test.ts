// The wasm fusion kernels (core/kernels/fusion.cc) against float64 references: biasAct for every
// activation in both layouts (bias per row element / per row), with and without bias, in place; bnFold.
import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../src/backends/backend.js';
import { initWasmBackend } from '../../src/backends/wasm/init.js';
import { fusionCases, type FusionCase } from './fusion_cases.js';
import { maxViolation, randomArray } from './reference.js';

let be: Backend;
beforeAll(async () => { be = await initWasmBackend(); });

/** Run a case with its inputs and NaN-filled outputs at odd offsets of one buffer; read the outputs back. */
function runCase(c: FusionCase): Record<string, Float32Array> {
  const all = [...Object.entries(c.inputs).map(([k, v]) => [k, v.length, v] as const),
    ...Object.entries(c.outputs).map(([k, n]) => [k, n, null] as const)];
  const buf = be.alloc(all.reduce((s, [, n]) => s + n + 3, 0));
  try {
    be.fill({ buf, off: 0 }, buf.length, NaN);
    const refs: Record<string, { buf: typeof buf; off: number }> = {};
    let off = 3;
    for (const [k, n, data] of all) {
      refs[k] = { buf, off };
      if (data) be.upload(refs[k], data);
      off += n + 3;
    }
    c.run(be, refs);
    return Object.fromEntries(Object.entries(c.outputs).map(([k, n]) => [k, be.downloadSync!(refs[k]!, n)]));
  } finally {
    be.free(buf);
  }
}

describe('fusion kernels (wasm)', () => {
  for (const c of fusionCases()) {
    it(c.name, () => {
      const got = runCase(c);
      for (const [k, want] of Object.entries(c.expected)) {
        expect(maxViolation(got[k]!, want, c.atol!, c.rtol!), `${c.name}: ${k}`).toBeLessThanOrEqual(1);
      }
    });
  }

  it('biasAct runs in place and equals biasAdd followed by unary (the unfused path) bit for bit', () => {
    const outer = 4, C = 5, inner = 11, n = outer * C * inner;
    const x = randomArray(n, 901, -5, 5), b = randomArray(C, 902);
    const buf = be.alloc(3 * n + C);
    try {
      const [fused, plain, bias] = [{ buf, off: 0 }, { buf, off: n }, { buf, off: 3 * n }];
      be.upload(bias, b);
      for (const act of ['relu', 'sigmoid', 'tanh', 'softrelu', 'softsign'] as const) {
        be.upload(fused, x);
        be.fusion!.biasAct(fused, bias, fused, outer, C, inner, act);
        be.upload(plain, x);
        be.biasAdd(plain, bias, plain, outer, C, inner);
        be.unary(act, plain, plain, n);
        expect(Array.from(be.downloadSync!(fused, n)), act).toEqual(Array.from(be.downloadSync!(plain, n)));
      }
    } finally {
      be.free(buf);
    }
  });

  it('rejects an unknown activation and out-of-range refs', () => {
    const buf = be.alloc(8);
    try {
      expect(() => be.fusion!.biasAct({ buf, off: 0 }, null, { buf, off: 0 }, 1, 2, 4, 'gelu' as never)).toThrow(/unknown activation 'gelu'/);
      expect(() => be.fusion!.biasAct({ buf, off: 0 }, null, { buf, off: 0 }, 3, 2, 2, 'relu')).toThrow(/outside the buffer/);
    } finally {
      be.free(buf);
    }
  });
});
