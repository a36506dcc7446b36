import { beforeAll, describe, expect, it } from 'vitest';
import { initWasmBackend } from '../../src/backends/wasm/init.js';
import { checkOp } from './cnn_reference.js';
import { OpHarness, rand } from './helpers.js';

beforeAll(async () => { await initWasmBackend(); });

/** operators.md §3.12: norm = knorm + alpha/nsize·Σ_{|j−c| ≤ nsize/2} x_j², out = x·norm^−beta. */
function lrnRef(x: Float64Array, [N, C, I]: number[], nsize: number, alpha: number, beta: number, knorm: number, wantNorm = false) {
  const y = new Float64Array(x.length), norm = new Float64Array(x.length);
  const h = Math.floor(nsize / 2);
  for (let n = 0; n < N!; n++) for (let c = 0; c < C!; c++) for (let i = 0; i < I!; i++) {
    let s = 0;
    for (let j = Math.max(0, c - h); j <= Math.min(C! - 1, c + h); j++) s += x[(n * C! + j) * I! + i]! ** 2;
    const k = (n * C! + c) * I! + i;
    norm[k] = knorm + (alpha / nsize) * s;
    y[k] = x[k]! * norm[k]! ** -beta;
  }
  return wantNorm ? norm : y;
}

describe('LRN', () => {
  const shape = [2, 5, 2, 3];
  const x = rand(60, 61, -2, 2);
  it('forward, tmp_norm and gradient (large alpha so the normalisation matters)', () => {
    const op = new OpHarness('LRN', { nsize: 3, alpha: 0.5, beta: 0.75, knorm: 1.5 });
    expect(op.def.outputNames(op.p)).toEqual(['output', 'tmp_norm']);
    expect(op.def.numVisibleOutputs!(op.p)).toBe(1);
    const r = checkOp(op, [{ shape, data: x }], (xs) => lrnRef(xs[0]!, [2, 5, 6], 3, 0.5, 0.75, 1.5));
    const norm = lrnRef(x, [2, 5, 6], 3, 0.5, 0.75, 1.5, true);
    r.outputs[1]!.forEach((v, i) => expect(Math.abs(v - norm[i]!)).toBeLessThan(1e-5));
  });
  it('defaults with nsize 5 (window clipped at the edges)', () => {
    checkOp(new OpHarness('LRN', { nsize: 5 }), [{ shape, data: x }], (xs) => lrnRef(xs[0]!, [2, 5, 6], 5, 1e-4, 0.75, 2));
  });
  it('rejects an even nsize', () => {
    const op = new OpHarness('LRN', { nsize: 4 });
    expect(() => op.def.inferShape(op.p, [shape], 'norm1')).toThrow(/LRN norm1: nsize must be odd/);
  });
});
