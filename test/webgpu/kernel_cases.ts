// One table of Backend kernel calls, each run on the wasm backend and on WebGPU with the same inputs
// (stored at element offsets, so Ref.off is exercised) and compared. Inputs named in `read` are
// read back too (in-place calls). `exact` cases must match bit for bit (data movement, Philox, masks).

import type { Backend, BinaryOp, Ref, ScalarOp, UnaryGradOp, UnaryOp } from '../../src/backends/backend.js';
import { randomArray } from '../kernels/reference.js';

export interface KernelCase {
  name: string;
  inputs: Record<string, ArrayLike<number>>;
  /** Fresh NaN-filled outputs: name → element count. */
  outputs: Record<string, number>;
  run(be: Backend, r: Record<string, Ref>): void;
  /** Extra arrays to read back (inputs written in place). */
  read?: string[];
  exact?: boolean;
  atol?: number;
  rtol?: number;
}

const r = (n: number, seed: number, lo = -1, hi = 1) => randomArray(n, seed, lo, hi);
const UNARY: [UnaryOp, number, number][] = [
  ['relu', -3, 3], ['sigmoid', -30, 30], ['tanh', -12, 12], ['softrelu', -30, 30], ['softsign', -5, 5],
  ['exp', -20, 20], ['log', 0.01, 50], ['sqrt', 0, 100], ['rsqrt', 0.01, 100], ['square', -9, 9], ['abs', -4, 4],
  ['neg', -4, 4], ['sign', -2, 2], ['reciprocal', 0.1, 8], ['floor', -9, 9], ['ceil', -9, 9], ['round', -9, 9],
  ['identity', -4, 4],
];
const SPECIAL = [0, -0, 0.5, -0.5, 1.5, -2.5, 2.5, 1e-3, -1e-3];
const GRAD: UnaryGradOp[] = ['relu', 'sigmoid', 'tanh', 'softrelu', 'softsign'];
const BINARY: BinaryOp[] = ['add', 'sub', 'mul', 'div', 'max', 'min'];
const SCALAR: ScalarOp[] = ['add', 'sub', 'rsub', 'mul', 'div', 'rdiv', 'pow', 'rpow', 'max', 'min', 'eq', 'ne', 'gt', 'ge', 'lt', 'le'];
const N = 1003;

function gemmCase(ta: boolean, tb: boolean, M: number, Nn: number, K: number, beta: number, seed: number): KernelCase {
  const lda = (ta ? M : K) + 2, ldb = (tb ? K : Nn) + 1, ldc = Nn + 3;
  const aRows = ta ? K : M, bRows = tb ? Nn : K;
  return {
    name: `gemm ${ta ? 'T' : 'N'}${tb ? 'T' : 'N'} ${M}x${Nn}x${K} beta=${beta}`,
    inputs: { A: r(aRows * lda, seed), B: r(bRows * ldb, seed + 1), C: r(M * ldc, seed + 2) },
    outputs: {},
    read: ['C'],
    run: (be, x) => be.gemm(ta, tb, M, Nn, K, 0.75, x.A!, lda, x.B!, ldb, beta, x.C!, ldc),
    atol: 1e-5, rtol: 1e-4,
  };
}

export function kernelCases(): KernelCase[] {
  const cases: KernelCase[] = [
    { name: 'copy', inputs: { x: r(N, 1) }, outputs: { y: N }, exact: true, run: (be, x) => be.copy(x.y!, x.x!, N) },
    { name: 'copy within one buffer (overlapping, memmove)', inputs: { x: r(N, 2) }, outputs: {}, read: ['x'], exact: true,
      run: (be, x) => be.copy({ buf: x.x!.buf, off: x.x!.off + 10 }, x.x!, N - 10) },
    { name: 'fill', inputs: {}, outputs: { y: N }, exact: true, run: (be, x) => be.fill(x.y!, N, -2.25) },
    { name: 'copy2d', inputs: { x: r(13 * 20, 3) }, outputs: { y: 13 * 17 }, exact: true,
      run: (be, x) => be.copy2d(x.y!, 17, x.x!, 20, 13, 15) },
    { name: 'takeRows', inputs: { x: r(9 * 7, 4) }, outputs: { y: 6 * 7 }, exact: true,
      run: (be, x) => be.takeRows(x.y!, x.x!, Int32Array.from([8, 0, 3, 3, 7, 1]), 7) },
    ...[false, true].flatMap((ta) => [false, true].map((tb) => gemmCase(ta, tb, 67, 45, 70, 0, 10))),
    gemmCase(false, true, 130, 129, 33, 0.5, 20),
    gemmCase(true, false, 1, 200, 300, 1, 30),
    ...UNARY.map(([op, lo, hi], i): KernelCase => {
      const xs = Float32Array.from([...r(N, 40 + i, lo, hi), ...(op === 'log' || op === 'sqrt' || op === 'rsqrt' || op === 'reciprocal' ? [] : SPECIAL)]);
      return { name: `unary ${op}`, inputs: { x: xs }, outputs: { y: xs.length }, atol: 1e-6, rtol: 1e-5,
        run: (be, x) => be.unary(op, x.x!, x.y!, xs.length) };
    }),
    { name: 'unary sigmoid in place', inputs: { x: r(N, 60, -8, 8) }, outputs: {}, read: ['x'], atol: 1e-6, rtol: 1e-5,
      run: (be, x) => be.unary('sigmoid', x.x!, x.x!, N) },
    ...GRAD.map((op, i): KernelCase => ({
      name: `unaryGrad ${op}`, inputs: { x: r(N, 70 + i, -6, 6), y: r(N, 80 + i, -0.99, 0.99), dy: r(N, 90 + i) },
      outputs: { dx: N }, atol: 1e-6, rtol: 1e-5, run: (be, x) => be.unaryGrad(op, x.x!, x.y!, x.dy!, x.dx!, N),
    })),
    ...BINARY.map((op, i): KernelCase => ({
      name: `binary ${op}`, inputs: { a: r(N, 100 + i, -3, 3), b: r(N, 110 + i, 0.2, 3) }, outputs: { y: N },
      atol: 1e-6, rtol: 1e-5, run: (be, x) => be.binary(op, x.a!, x.b!, x.y!, N),
    })),
    { name: 'binary pow (positive bases; negative bases with integer exponents)',
      inputs: { a: Float32Array.from([...r(500, 120, 0.1, 4), -2, -2, -3, -0.5, 0, 0, 1, NaN]),
        b: Float32Array.from([...r(500, 121, -3, 3), 3, 2, -1, 4, 2, 0, NaN, 0]) },
      outputs: { y: 508 }, atol: 1e-6, rtol: 2e-5, run: (be, x) => be.binary('pow', x.a!, x.b!, x.y!, 508) },
    { name: 'binary max/min propagate NaN', inputs: { a: Float32Array.from([NaN, 1, NaN, -1]), b: Float32Array.from([1, NaN, NaN, 2]) },
      outputs: { y: 4, z: 4 }, exact: true, run: (be, x) => { be.binary('max', x.a!, x.b!, x.y!, 4); be.binary('min', x.a!, x.b!, x.z!, 4); } },
    { name: 'binary add in place (a += b)', inputs: { a: r(N, 130), b: r(N, 131) }, outputs: {}, read: ['a'], exact: true,
      run: (be, x) => be.binary('add', x.a!, x.b!, x.a!, N) },
    ...SCALAR.map((op, i): KernelCase => {
      const xs = Float32Array.from([...r(N, 140 + i, 0.1, 3), 1.5, 2, 1.25]);
      return { name: `scalar ${op}`, inputs: { x: xs }, outputs: { y: xs.length }, atol: 1e-6, rtol: 2e-5,
        run: (be, x) => be.scalar(op, x.x!, 1.5, x.y!, xs.length) };
    }),
    { name: 'axpby beta=0 (y holds NaN)', inputs: { x: r(N, 160) }, outputs: { y: N }, read: ['y'], atol: 1e-7, rtol: 1e-6,
      run: (be, x) => be.axpby(-1.5, x.x!, 0, x.y!, N) },
    { name: 'axpby beta=0.3', inputs: { x: r(N, 161), y: r(N, 162) }, outputs: {}, read: ['y'], atol: 1e-7, rtol: 1e-6,
      run: (be, x) => be.axpby(2, x.x!, 0.3, x.y!, N) },
    { name: 'biasAdd [3,5,7]', inputs: { x: r(105, 170), b: r(5, 171) }, outputs: { y: 105 }, exact: true,
      run: (be, x) => be.biasAdd(x.x!, x.b!, x.y!, 3, 5, 7) },
    { name: 'biasAdd in place, inner 1', inputs: { x: r(64 * 10, 172), b: r(10, 173) }, outputs: {}, read: ['x'], exact: true,
      run: (be, x) => be.biasAdd(x.x!, x.b!, x.x!, 64, 10, 1) },
    { name: 'clip', inputs: { x: Float32Array.from([...r(N, 180, -3, 3), NaN]) }, outputs: { y: N + 1 }, exact: true,
      run: (be, x) => be.clip(x.x!, x.y!, N + 1, -1, 0.5) },
    { name: 'sumAxis inner 1 (long rows)', inputs: { x: r(3 * 5000, 190) }, outputs: { y: 3 }, atol: 1e-4, rtol: 1e-4,
      run: (be, x) => be.sumAxis(x.x!, x.y!, 3, 5000, 1, false) },
    { name: 'sumAxis [4,30,9] accumulate', inputs: { x: r(4 * 30 * 9, 191), y: r(36, 192) }, outputs: {}, read: ['y'],
      atol: 1e-5, rtol: 1e-5, run: (be, x) => be.sumAxis(x.x!, x.y!, 4, 30, 9, true) },
    { name: 'argmaxAxis with ties and NaN', inputs: { x: Float32Array.from([1, 3, 3, 0, NaN, 2, 2, NaN, 5, 5, 1, 0]) },
      outputs: { y: 4 }, exact: true, run: (be, x) => be.argmaxAxis(x.x!, x.y!, 2, 3, 2) },
    { name: 'argmaxAxis [16,10]', inputs: { x: r(160, 193) }, outputs: { y: 16 }, exact: true,
      run: (be, x) => be.argmaxAxis(x.x!, x.y!, 16, 10, 1) },
  ];
  for (const log of [false, true]) {
    cases.push(
      { name: `softmax log=${log} [8,10,1] T=1`, inputs: { x: r(80, 200, -10, 10) }, outputs: { y: 80 }, atol: 1e-6, rtol: 1e-5,
        run: (be, x) => be.softmax(x.x!, x.y!, 8, 10, 1, 1, log) },
      { name: `softmax log=${log} [3,7,5] T=2`, inputs: { x: r(105, 201, -10, 10) }, outputs: { y: 105 }, atol: 1e-6, rtol: 1e-5,
        run: (be, x) => be.softmax(x.x!, x.y!, 3, 7, 5, 2, log) },
      { name: `softmaxGrad log=${log} [3,7,5] T=2`, inputs: { y: r(105, 202, -2, 0.9), dy: r(105, 203) }, outputs: { dx: 105 },
        atol: 1e-6, rtol: 1e-5, run: (be, x) => be.softmaxGrad(x.y!, x.dy!, x.dx!, 3, 7, 5, 2, log) },
    );
  }
  const labels = Float32Array.from([0, 3, 2, 9, 1, 3, 3, -1, 4, 2, 7, 0]);
  for (const [i, params] of [
    { scale: 1, ignore_label: -1, use_ignore: false, smooth_alpha: 0, normalize_valid: false },
    { scale: 0.5, ignore_label: 3, use_ignore: true, smooth_alpha: 0, normalize_valid: true },
    { scale: 2, ignore_label: 3, use_ignore: false, smooth_alpha: 0.1, normalize_valid: true },
  ].entries()) {
    cases.push({ name: `softmaxOutputGrad ${JSON.stringify(params)}`, inputs: { p: r(12 * 5, 210 + i, 0, 1), label: labels },
      outputs: { dx: 60 }, atol: 1e-7, rtol: 1e-6, run: (be, x) => be.softmaxOutputGrad(x.p!, x.label!, x.dx!, 4, 5, 3, params) });
  }
  cases.push(
    { name: 'randomUniform [0,1) (bit-exact Philox)', inputs: {}, outputs: { y: 1001 }, exact: true,
      run: (be, x) => be.randomUniform(x.y!, 1001, 0, 1, 0xdeadbeef, 4294967290) },
    { name: 'randomUniform [-2,3)', inputs: {}, outputs: { y: 999 }, atol: 1e-6, rtol: 1e-6,
      run: (be, x) => be.randomUniform(x.y!, 999, -2, 3, 7, 11) },
    { name: 'randomNormal odd n', inputs: {}, outputs: { y: 1001 }, atol: 2e-6, rtol: 1e-5,
      run: (be, x) => be.randomNormal(x.y!, 1001, 1, 2, 12345, 77) },
    { name: 'dropout (bit-exact mask and output)', inputs: { x: r(1001, 220) }, outputs: { y: 1001, mask: 1001 }, exact: true,
      run: (be, x) => be.dropout(x.x!, x.y!, x.mask!, 1001, 0.7, 99, 5) },
    { name: 'sgdUpdate with momentum', inputs: { w: r(N, 230), g: r(N, 231, -5, 5), mom: r(N, 232) }, outputs: {},
      read: ['w', 'mom'], atol: 1e-7, rtol: 1e-6,
      run: (be, x) => be.sgdUpdate(x.w!, x.g!, x.mom!, N, { lr: 0.1, wd: 1e-3, momentum: 0.9, rescale_grad: 0.5, clip_gradient: -1 }) },
    { name: 'sgdUpdate without momentum, clipped', inputs: { w: r(N, 233), g: r(N, 234, -5, 5) }, outputs: {}, read: ['w'],
      atol: 1e-7, rtol: 1e-6,
      run: (be, x) => be.sgdUpdate(x.w!, x.g!, null, N, { lr: 0.1, wd: 1e-3, momentum: 0, rescale_grad: 0.5, clip_gradient: 1 }) },
  );
  // The optim family: every optimizer, with and without clipping / optional states.
  const st = (seed: number, lo = -1, hi = 1) => r(N, seed, lo, hi);
  const optim = (name: string, inputs: Record<string, ArrayLike<number>>, run: KernelCase['run']): KernelCase =>
    ({ name: `optim ${name}`, inputs, outputs: {}, read: Object.keys(inputs), atol: 1e-6, rtol: 1e-5, run });
  cases.push(
    optim('nag with momentum, clipped', { w: st(300), g: st(301, -5, 5), mom: st(302) },
      (be, x) => be.optim.nagUpdate(x.w!, x.g!, x.mom!, N, { lr: 0.1, wd: 1e-3, momentum: 0.9, rescale_grad: 0.5, clip_gradient: 1 })),
    optim('nag without momentum', { w: st(303), g: st(304) },
      (be, x) => be.optim.nagUpdate(x.w!, x.g!, null, N, { lr: 0.1, wd: 1e-3, momentum: 0, rescale_grad: 1, clip_gradient: -1 })),
    optim('sgld (Philox noise)', { w: st(305), g: st(306) },
      (be, x) => be.optim.sgldUpdate(x.w!, x.g!, N, { lr: 0.01, wd: 1e-3, rescale_grad: 1, clip_gradient: 0.5, key: 42, counter: 9 })),
    optim('adam', { w: st(307), g: st(308, -3, 3), mean: st(309), variance: st(310, 0, 1) },
      (be, x) => be.optim.adamUpdate(x.w!, x.g!, x.mean!, x.variance!, N,
        { lr_t: 0.01, wd: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8, rescale_grad: 1, clip_gradient: 2 })),
    optim('adagrad', { w: st(311), g: st(312), history: st(313, 0, 1) },
      (be, x) => be.optim.adagradUpdate(x.w!, x.g!, x.history!, N, { lr: 0.1, wd: 1e-3, eps: 1e-7, rescale_grad: 0.5, clip_gradient: -1 })),
    optim('rmsprop plain, clip_weights', { w: st(314), g: st(315), n: st(316, 0, 1) },
      (be, x) => be.optim.rmspropUpdate(x.w!, x.g!, x.n!, null, null, N,
        { lr: 0.01, wd: 0, gamma1: 0.9, gamma2: 0.9, epsilon: 1e-8, rescale_grad: 1, clip_gradient: -1, clip_weights: 0.5 })),
    optim('rmsprop centered', { w: st(317), g: st(318), n: st(319, 1, 2), gbar: st(320, -0.1, 0.1), delta: st(321) },
      (be, x) => be.optim.rmspropUpdate(x.w!, x.g!, x.n!, x.gbar!, x.delta!, N,
        { lr: 0.01, wd: 1e-3, gamma1: 0.95, gamma2: 0.9, epsilon: 1e-8, rescale_grad: 1, clip_gradient: 1, clip_weights: -1 })),
    optim('adadelta (gradient rescaled in place)', { w: st(322), g: st(323), acc_g: st(324, 0, 1), acc_delta: st(325, 0, 1) },
      (be, x) => be.optim.adadeltaUpdate(x.w!, x.g!, x.acc_g!, x.acc_delta!, N,
        { wd: 1e-3, rho: 0.9, epsilon: 1e-5, rescale_grad: 0.5, clip_gradient: 0.2 })),
  );
  return cases;
}
