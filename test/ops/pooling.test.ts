import type { ParsedParams } from '../../src/ops/params.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { initWasmBackend } from '../../src/backends/wasm/init.js';
import { checkOp } from './cnn_reference.js';
import { OpHarness, rand } from './helpers.js';

beforeAll(async () => { await initWasmBackend(); });

interface Pool { P: number; H: number; W: number; kh: number; kw: number; sh: number; sw: number; ph: number; pw: number }

/** operators.md §3.2: window [o·s − p, min(o·s − p + k, in + p)) clipped to [0, in); avg divides by the
 *  size before clipping to the input (count_include_pad) or after it. */
function poolRef(c: Pool, oh: number, ow: number, type: string, cip: boolean, x: Float64Array): Float64Array {
  const y = new Float64Array(c.P * oh * ow);
  for (let p = 0; p < c.P; p++) for (let oy = 0; oy < oh; oy++) for (let ox = 0; ox < ow; ox++) {
    let y0 = oy * c.sh - c.ph, x0 = ox * c.sw - c.pw;
    let y1 = Math.min(y0 + c.kh, c.H + c.ph), x1 = Math.min(x0 + c.kw, c.W + c.pw);
    const padded = (y1 - y0) * (x1 - x0);
    y0 = Math.max(y0, 0); x0 = Math.max(x0, 0); y1 = Math.min(y1, c.H); x1 = Math.min(x1, c.W);
    const size = cip ? padded : (y1 - y0) * (x1 - x0);
    let acc = type === 'max' ? -Infinity : 0;
    for (let iy = y0; iy < y1; iy++) for (let ix = x0; ix < x1; ix++) {
      const v = x[(p * c.H + iy) * c.W + ix]!;
      acc = type === 'max' ? Math.max(acc, v) : acc + v;
    }
    y[(p * oh + oy) * ow + ox] = type === 'avg' ? acc / size : acc;
  }
  return y;
}

function poolCase(params: ParsedParams, c: Pool, N: number, expectHW: [number, number], type: string, cip = true) {
  const op = new OpHarness('Pooling', params);
  const shape = [N, c.P / N, c.H, c.W];
  expect(op.outShapes([shape])[0]).toEqual([N, c.P / N, ...expectHW]);
  checkOp(op, [{ shape, data: rand(c.P * c.H * c.W, 11) }], (xs) => poolRef(c, expectHW[0], expectHW[1], type, cip, xs[0]!));
}

const c0: Pool = { P: 6, H: 6, W: 7, kh: 2, kw: 2, sh: 2, sw: 2, ph: 0, pw: 0 };

describe('Pooling', () => {
  it('max 2×2 stride 2 (valid: floor)', () => poolCase({ kernel: [2, 2], stride: [2, 2] }, c0, 2, [3, 3], 'max'));
  it('max with padding and stride 1 (default)', () => poolCase({ kernel: [3, 3], pad: [1, 1] }, { ...c0, kh: 3, kw: 3, sh: 1, sw: 1, ph: 1, pw: 1 }, 2, [6, 7], 'max'));
  it('avg with padding counts the padding (count_include_pad default)', () => {
    const c = { ...c0, kh: 3, kw: 3, ph: 1, pw: 1 };
    poolCase({ kernel: [3, 3], stride: [2, 2], pad: [1, 1], pool_type: 'avg' }, c, 2, [3, 4], 'avg', true);
  });
  it('avg with count_include_pad=False divides by the real window', () => {
    const c = { ...c0, kh: 3, kw: 3, ph: 1, pw: 1 };
    poolCase({ kernel: [3, 3], stride: [2, 2], pad: [1, 1], pool_type: 'avg', count_include_pad: false }, c, 2, [3, 4], 'avg', false);
  });
  it('full convention: ceil output size; an overhanging window is not divided by k²', () => {
    // H: 1 + ceil((6 + 2 − 3)/2) = 4 (valid would give 3); W: 1 + ceil((7 + 2 − 3)/2) = 4.
    const c = { ...c0, kh: 3, kw: 3, ph: 1, pw: 1 };
    poolCase({ kernel: [3, 3], stride: [2, 2], pad: [1, 1], pool_type: 'avg', pooling_convention: 'full' }, c, 2, [4, 4], 'avg', true);
  });
  it('full convention max and avg on an odd size without padding', () => {
    const c = { ...c0, H: 5, W: 5 };
    poolCase({ kernel: [2, 2], stride: [2, 2], pooling_convention: 'full' }, c, 3, [3, 3], 'max');
    poolCase({ kernel: [2, 2], stride: [2, 2], pooling_convention: 'full', pool_type: 'avg' }, c, 3, [3, 3], 'avg');
  });
  it('sum', () => poolCase({ kernel: [2, 3], stride: [1, 2], pool_type: 'sum' }, { ...c0, kw: 3, sh: 1 }, 2, [5, 3], 'sum'));
  it('global_pool ignores the kernel: avg and max over the whole plane', () => {
    const c = { ...c0, kh: 6, kw: 7, sh: 1, sw: 1 };
    poolCase({ kernel: [1, 1], global_pool: true, pool_type: 'avg' }, c, 2, [1, 1], 'avg');
    poolCase({ global_pool: true }, c, 2, [1, 1], 'max');
  });
  it('1-D pooling (NCW)', () => {
    const op = new OpHarness('Pooling', { kernel: [3], stride: [2], pad: [1], pool_type: 'avg' });
    expect(op.outShapes([[2, 3, 9]])[0]).toEqual([2, 3, 5]);
    const c: Pool = { P: 6, H: 1, W: 9, kh: 1, kw: 3, sh: 1, sw: 2, ph: 0, pw: 1 };
    checkOp(op, [{ shape: [2, 3, 9], data: rand(54, 12) }], (xs) => poolRef(c, 1, 5, 'avg', true, xs[0]!));
  });

  it("'same' convention (1-D only): ceil((in + 2·pad) / stride)", () => {
    expect(new OpHarness('Pooling', { kernel: [3], stride: [2], pooling_convention: 'same' }).outShapes([[1, 2, 9]])[0]).toEqual([1, 2, 5]);
    const two = new OpHarness('Pooling', { kernel: [3, 3], pooling_convention: 'same' });
    expect(() => two.def.inferShape(two.p, [[1, 1, 5, 5]], 'ps')).toThrow(/Pooling ps: pooling_convention 'same' is only supported for 1-D/);
  });

  it('max backward routes each gradient to the first maximum of its window', () => {
    const op = new OpHarness('Pooling', { kernel: [2, 2], stride: [1, 1] });
    // Windows over [[1, 3, 3], [3, 2, 1]]: window 0 holds 3 at (0,1) and (1,0) → (0,1) (row-major first);
    // window 1 holds 3 at (0,1) and (0,2) → (0,1).
    const x = Float64Array.from([1, 3, 3, 3, 2, 1]);
    const r = op.run([{ shape: [1, 1, 2, 3], data: x }], { outGrads: [Float64Array.from([10, 100])] });
    expect(Array.from(r.outputs[0]!)).toEqual([3, 3]);
    expect(Array.from(r.grads[0]!)).toEqual([0, 110, 0, 0, 0, 0]);
  });

  it('2×2 stride-2 max (its own fast path) also routes ties to the first maximum', () => {
    const op = new OpHarness('Pooling', { kernel: [2, 2], stride: [2, 2] });
    // Windows [[5, 7], [7, 1]] → (0,1); [[2, 2], [2, 2]] → (0,2) … of a 2×4 plane.
    const x = Float64Array.from([5, 7, 2, 2, 7, 1, 2, 2]);
    const r = op.run([{ shape: [1, 1, 2, 4], data: x }], { outGrads: [Float64Array.from([10, 100])] });
    expect(Array.from(r.outputs[0]!)).toEqual([7, 2]);
    expect(Array.from(r.grads[0]!)).toEqual([0, 10, 100, 0, 0, 0, 0, 0]);
  });

  it('rejects a missing kernel, lp pooling and an oversized kernel, naming the node', () => {
    const noK = new OpHarness('Pooling', {});
    expect(() => noK.def.inferShape(noK.p, [[1, 1, 4, 4]], 'p1')).toThrow(/Pooling p1: kernel is required unless global_pool/);
    const lp = new OpHarness('Pooling', { kernel: [2, 2], pool_type: 'lp' });
    expect(() => lp.def.inferShape(lp.p, [[1, 1, 4, 4]], 'p2')).toThrow(/p2: pool_type 'lp' is not supported/);
    const big = new OpHarness('Pooling', { kernel: [5, 5] });
    expect(() => big.def.inferShape(big.p, [[1, 1, 4, 4]], 'p3')).toThrow(/p3: kernel size 5 exceeds/);
  });
});
