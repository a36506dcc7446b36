// The `cnn` kernel family in the same gpu-vs-wasm table form as kernel_cases.ts: convolution lowering,
// pooling, batch/local-response normalisation, LeakyReLU variants, strided/broadcast data movement,
// Embedding and UpSampling, each with padding / strides / negative strides where the kernel has them.

import type { LeakyAct, PoolGeometry } from '../../src/backends/kernels/cnn.js';
import { randomArray } from '../kernels/reference.js';
import type { KernelCase } from './kernel_cases.js';

const r = (n: number, seed: number, lo = -1, hi = 1) => randomArray(n, seed, lo, hi);
const TOL = { atol: 1e-5, rtol: 1e-4 };

export function cnnCases(): KernelCase[] {
  const g = { C: 3, H: 7, W: 6, kh: 3, kw: 2, sh: 2, sw: 1, ph: 1, pw: 1, dh: 1, dw: 2, oh: 4, ow: 5 };
  const rows = g.C * g.kh * g.kw, L = g.oh * g.ow, ld = L + 3;
  const pools: PoolGeometry[] = (['max', 'avg', 'sum'] as const).flatMap((type) => [true, false].map((countIncludePad) => ({
    P: 4, H: 7, W: 8, oh: 4, ow: 4, kh: 3, kw: 3, sh: 2, sw: 2, ph: 1, pw: 1, type, countIncludePad })));
  const nx = 2 * 5 * 6;
  const acts: LeakyAct[] = ['leaky', 'prelu', 'elu', 'selu', 'gelu'];
  return [
    { name: 'im2col (padding, stride, dilation, colLd)', inputs: { x: r(g.C * g.H * g.W, 400) }, outputs: { col: rows * ld },
      exact: true, run: (be, x) => be.cnn.im2col(x.x!, x.col!, g, ld) },
    { name: 'col2im', inputs: { col: r(rows * ld, 401) }, outputs: { x: g.C * g.H * g.W }, ...TOL,
      run: (be, x) => be.cnn.col2im(x.col!, x.x!, g, ld) },
    ...pools.flatMap((p, i): KernelCase[] => [
      { name: `pool ${p.type} include_pad=${p.countIncludePad}`, inputs: { x: r(4 * 56, 410 + i) }, outputs: { y: 64 }, ...TOL,
        run: (be, x) => be.cnn.pool(x.x!, x.y!, p) },
      { name: `poolGrad ${p.type} include_pad=${p.countIncludePad} (ties in x)`,
        inputs: { x: r(4 * 56, 420 + i).map((v) => Math.round(v * 2) / 2), dy: r(64, 430 + i) }, outputs: { y: 64, dx: 4 * 56 }, ...TOL,
        run: (be, x) => { be.cnn.pool(x.x!, x.y!, p); be.cnn.poolGrad(x.x!, x.y!, x.dy!, x.dx!, p); } },
    ]),
    { name: 'bnStats', inputs: { x: r(nx * 2, 440, -3, 5) }, outputs: { mean: 5, invstd: 5 }, ...TOL,
      run: (be, x) => be.cnn.bnStats(x.x!, x.mean!, x.invstd!, 4, 5, 6, 1e-3) },
    ...[true, false].map((withGamma): KernelCase => ({ name: `bnApply gamma=${withGamma}`,
      inputs: { x: r(nx, 441), mean: r(5, 442), invstd: r(5, 443, 0.5, 2), gamma: r(5, 444), beta: r(5, 445) }, outputs: { y: nx }, ...TOL,
      run: (be, x) => be.cnn.bnApply(x.x!, x.y!, x.mean!, x.invstd!, withGamma ? x.gamma! : null, x.beta!, 2, 5, 6) })),
    ...[true, false].map((batchStats): KernelCase => ({ name: `bnBackward batchStats=${batchStats}`,
      inputs: { x: r(nx, 446), dy: r(nx, 447), mean: r(5, 448), invstd: r(5, 449, 0.5, 2), gamma: r(5, 450) },
      outputs: { dx: nx, dgamma: 5, dbeta: 5 }, ...TOL,
      run: (be, x) => be.cnn.bnBackward(x.x!, x.dy!, x.mean!, x.invstd!, x.gamma!, x.dx!, x.dgamma!, x.dbeta!, 2, 5, 6, batchStats) })),
    { name: 'bnBackward dx only, no gamma', inputs: { x: r(nx, 451), dy: r(nx, 452), mean: r(5, 453), invstd: r(5, 454, 0.5, 2) },
      outputs: { dx: nx }, ...TOL, run: (be, x) => be.cnn.bnBackward(x.x!, x.dy!, x.mean!, x.invstd!, null, x.dx!, null, null, 2, 5, 6, true) },
    { name: 'lrn + lrnGrad', inputs: { x: r(2 * 7 * 5, 460), dy: r(2 * 7 * 5, 461) }, outputs: { y: 70, norm: 70, dx: 70 }, ...TOL,
      run: (be, x) => {
        be.cnn.lrn(x.x!, x.y!, x.norm!, 2, 7, 5, 5, 1e-2, 0.75, 2);
        be.cnn.lrnGrad(x.x!, x.norm!, x.dy!, x.dx!, 2, 7, 5, 5, 1e-2, 0.75);
      } },
    ...acts.map((act, i): KernelCase => ({ name: `leaky ${act} + leakyGrad`,
      inputs: { x: r(nx, 470 + i, -3, 3), slopes: r(5, 480 + i, 0, 0.5), dy: r(nx, 490 + i) }, outputs: { y: nx, dx: nx }, ...TOL,
      run: (be, x) => {
        be.cnn.leaky(act, x.x!, x.slopes!, x.y!, 2, 5, 6, 0.25);
        be.cnn.leakyGrad(act, x.x!, x.y!, x.slopes!, x.dy!, x.dx!, 2, 5, 6, 0.25);
      } })),
    { name: 'leaky in place', inputs: { x: r(nx, 475, -3, 3) }, outputs: {}, read: ['x'], ...TOL,
      run: (be, x) => be.cnn.leaky('elu', x.x!, null, x.x!, 2, 5, 6, 0.3) },
    { name: 'preluGammaGrad', inputs: { x: r(nx, 500, -2, 2), dy: r(nx, 501) }, outputs: { dg: 5 }, ...TOL,
      run: (be, x) => be.cnn.preluGammaGrad(x.x!, x.dy!, x.dg!, 2, 5, 6) },
    { name: 'stridedCopy transpose [2,3,4] → [4,2,3]', inputs: { x: r(24, 510) }, outputs: { y: 24 }, exact: true,
      run: (be, x) => be.cnn.stridedCopy(x.y!, [3, 1, 6], x.x!, [12, 4, 1], [2, 3, 4], false) },
    { name: 'stridedCopy reversed slice with step, broadcast read', inputs: { x: r(30, 511) }, outputs: { y: 20 }, exact: true,
      run: (be, x) => be.cnn.stridedCopy(x.y!, [5, 1], { buf: x.x!.buf, off: x.x!.off + 29 }, [0, -2], [4, 5], false) },
    { name: 'stridedCopy accumulate with reduced axes', inputs: { x: r(60, 512), y: r(4, 513) }, outputs: {}, read: ['y'], ...TOL,
      run: (be, x) => be.cnn.stridedCopy(x.y!, [0, 1, 0], x.x!, [20, 5, 1], [3, 4, 5], true) },
    ...(['add', 'sub', 'mul', 'div', 'max', 'min', 'pow'] as const).map((op, i): KernelCase => ({ name: `broadcastBinary ${op}`,
      inputs: { a: r(12, 520 + i, 0.5, 2), b: r(5, 530 + i, 0.5, 2) }, outputs: { y: 60 }, ...TOL,
      run: (be, x) => be.cnn.broadcastBinary(op, x.a!, [4, 1, 0], x.b!, [0, 0, 1], x.y!, [3, 4, 5]) })),
    { name: 'embedding (truncated, clipped, NaN indices) + embeddingGrad',
      inputs: { idx: Float32Array.from([2.7, -1, 9, NaN, 0, 2, 3.2]), w: r(4 * 6, 540), dy: r(7 * 6, 541) },
      outputs: { y: 42, dw: 24 }, ...TOL,
      run: (be, x) => {
        be.cnn.embedding(x.idx!, x.w!, x.y!, 7, 6, 4);
        be.cnn.embeddingGrad(x.idx!, x.dy!, x.dw!, 7, 6, 4);
      } },
    { name: 'upsampleNearest into a channel slice (accumulate) + grad', inputs: { x: r(2 * 2 * 3 * 2, 550), y: r(2 * 5 * 27 * 2 / 3 * 3, 551), dy: r(2 * 5 * 9 * 6, 552) },
      outputs: { dx: 24 }, read: ['y'], ...TOL,
      run: (be, x) => {
        be.cnn.upsampleNearest(x.x!, x.y!, 2, 2, 3, 2, 3, 5, 1, true);
        be.cnn.upsampleNearestGrad(x.dy!, x.dx!, 2, 2, 3, 2, 3, 5, 1);
      } },
  ];
}
