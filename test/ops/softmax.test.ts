import { beforeAll, describe, expect, it } from 'vitest';
import { initWasmBackend } from '../../src/backends/wasm/init.js';
import { checkOp } from './cnn_reference.js';
import { OpHarness, rand } from './helpers.js';

beforeAll(async () => { await initWasmBackend(); });

/** softmax (or log-softmax) of x/T along the middle axis of [O, C, I], float64. */
function softmaxRef(x: Float64Array, [O, C, I]: number[], T: number, log: boolean): Float64Array {
  const y = new Float64Array(x.length);
  for (let o = 0; o < O!; o++) for (let i = 0; i < I!; i++) {
    const at = (c: number) => (o * C! + c) * I! + i;
    let m = -Infinity;
    for (let c = 0; c < C!; c++) m = Math.max(m, x[at(c)]! / T);
    let s = 0;
    for (let c = 0; c < C!; c++) s += Math.exp(x[at(c)]! / T - m);
    for (let c = 0; c < C!; c++) y[at(c)] = log ? x[at(c)]! / T - m - Math.log(s) : Math.exp(x[at(c)]! / T - m) / s;
  }
  return y;
}

const shape = [2, 3, 4];
const x = rand(24, 51, -3, 3);

describe('softmax / log_softmax', () => {
  it('softmax along the default last axis', () => {
    checkOp(new OpHarness('softmax', {}), [{ shape, data: x }], (xs) => softmaxRef(xs[0]!, [6, 4, 1], 1, false));
  });
  it('softmax along axis 1 with temperature', () => {
    checkOp(new OpHarness('softmax', { axis: 1, temperature: 2.5 }), [{ shape, data: x }], (xs) => softmaxRef(xs[0]!, [2, 3, 4], 2.5, false));
  });
  it('log_softmax along axis 0', () => {
    checkOp(new OpHarness('log_softmax', { axis: 0 }), [{ shape, data: x }], (xs) => softmaxRef(xs[0]!, [1, 2, 12], 1, true));
  });
  it('rejects an out-of-range axis with the node name', () => {
    const op = new OpHarness('softmax', { axis: 3 });
    expect(() => op.def.inferShape(op.p, [shape], 'sm')).toThrow(/softmax sm: axis 3 out of range/);
  });
});

describe('SoftmaxActivation', () => {
  it('instance mode: over all non-batch dims', () => {
    checkOp(new OpHarness('SoftmaxActivation', {}), [{ shape, data: x }], (xs) => softmaxRef(xs[0]!, [2, 12, 1], 1, false));
  });
  it('channel mode: over axis 1 at every position', () => {
    checkOp(new OpHarness('SoftmaxActivation', { mode: 'channel' }), [{ shape, data: x }], (xs) => softmaxRef(xs[0]!, [2, 3, 4], 1, false));
  });
});
