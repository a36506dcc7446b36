// Kernel cases shaped to split under binding_limits.test.ts's 1 KiB binding limit: row kernels (softmax,
// argmax, SoftmaxOutput gradient) with many rows, per-channel kernels (bias, BatchNorm apply, PReLU) with
// many [C, inner] blocks, and an Embedding weight / takeRows source that must be read window by window.
import { randomArray } from '../kernels/reference.js';
import type { KernelCase } from './kernel_cases.js';

const r = (n: number, seed: number, lo = -1, hi = 1) => randomArray(n, seed, lo, hi);
const TOL = { atol: 1e-6, rtol: 1e-5 };

export function largeCases(): KernelCase[] {
  const n = 40 * 10 * 3;
  const labels = Float32Array.from({ length: 64 * 3 }, (_, i) => (i * 7) % 6 - 1);
  const nb = 20 * 5 * 6;
  const rows = 100, dim = 6, nIdx = 50;
  const idx = Float32Array.from({ length: nIdx }, (_, i) => (i * 37) % (rows + 5) - 2);
  const cases: KernelCase[] = [];
  for (const log of [false, true]) {
    cases.push(
      { name: `large softmax log=${log} [40,10,3]`, inputs: { x: r(n, 600, -10, 10) }, outputs: { y: n }, ...TOL,
        run: (be, x) => be.softmax(x.x!, x.y!, 40, 10, 3, 1.5, log) },
      { name: `large softmaxGrad log=${log} [40,10,3]`, inputs: { y: r(n, 601, -2, 0.9), dy: r(n, 602) }, outputs: { dx: n }, ...TOL,
        run: (be, x) => be.softmaxGrad(x.y!, x.dy!, x.dx!, 40, 10, 3, 1.5, log) },
    );
  }
  cases.push(
    { name: 'large softmaxOutputGrad [64,5,3] normalize_valid', inputs: { p: r(64 * 15, 603, 0, 1), label: labels },
      outputs: { dx: 64 * 15 }, atol: 1e-7, rtol: 1e-6,
      run: (be, x) => be.softmaxOutputGrad(x.p!, x.label!, x.dx!, 64, 5, 3,
        { scale: 0.5, ignore_label: 2, use_ignore: true, smooth_alpha: 0.1, normalize_valid: true }) },
    { name: 'large argmaxAxis [60,10]', inputs: { x: r(600, 604) }, outputs: { y: 60 }, exact: true,
      run: (be, x) => be.argmaxAxis(x.x!, x.y!, 60, 10, 1) },
    { name: 'large argmaxAxis [30,7,3]', inputs: { x: r(630, 605) }, outputs: { y: 90 }, exact: true,
      run: (be, x) => be.argmaxAxis(x.x!, x.y!, 30, 7, 3) },
    { name: 'large sumAxis [50,4,5]', inputs: { x: r(1000, 606) }, outputs: { y: 250 }, ...TOL,
      run: (be, x) => be.sumAxis(x.x!, x.y!, 50, 4, 5, false) },
    { name: 'large biasAdd [20,5,6]', inputs: { x: r(nb, 607), b: r(5, 608) }, outputs: { y: nb }, exact: true,
      run: (be, x) => be.biasAdd(x.x!, x.b!, x.y!, 20, 5, 6) },
    { name: 'large takeRows (80-row src)', inputs: { x: r(80 * 7, 615) }, outputs: { y: 60 * 7 }, exact: true,
      run: (be, x) => be.takeRows(x.y!, x.x!, Int32Array.from({ length: 60 }, (_, i) => (i * 53) % 80), 7) },
    { name: 'large countNonFinite (NaN and ±Inf spread over 1000 elements)', outputs: { c: 1 }, exact: true,
      inputs: { x: Float32Array.from(r(1000, 616), (v, i) => (i % 97 === 5 ? NaN : i % 131 === 7 ? -Infinity : i === 999 ? Infinity : v)) },
      run: (be, x) => be.check.countNonFinite(x.x!, 1000, x.c!) },
    { name: 'large copy2d 40 rows', inputs: { x: r(40 * 33, 609) }, outputs: { y: 40 * 31 }, exact: true,
      run: (be, x) => be.copy2d(x.y!, 31, x.x!, 33, 40, 30) },
    ...[true, false].map((g): KernelCase => ({ name: `large bnApply gamma=${g} [20,5,6]`,
      inputs: { x: r(nb, 610), mean: r(5, 611), invstd: r(5, 612, 0.5, 2), gamma: r(5, 613), beta: r(5, 614) },
      outputs: { y: nb }, ...TOL,
      run: (be, x) => be.cnn.bnApply(x.x!, x.y!, x.mean!, x.invstd!, g ? x.gamma! : null, x.beta!, 20, 5, 6) })),
    ...[true, false].map((bs): KernelCase => ({ name: `large bnBackward batchStats=${bs} [20,5,6]`,
      inputs: { x: r(nb, 617), dy: r(nb, 618), mean: r(5, 619), invstd: r(5, 620, 0.5, 2), gamma: r(5, 621) },
      outputs: { dx: nb, dgamma: 5, dbeta: 5 }, atol: 1e-5, rtol: 1e-4,
      run: (be, x) => be.cnn.bnBackward(x.x!, x.dy!, x.mean!, x.invstd!, x.gamma!, x.dx!, x.dgamma!, x.dbeta!, 20, 5, 6, bs) })),
    { name: 'bnBackward and preluGammaGrad over an empty batch write zero parameter gradients', exact: true,
      inputs: { x: [], dy: [], mean: r(5, 624), invstd: r(5, 625, 0.5, 2), gamma: r(5, 626) }, outputs: { dx: 0, dgamma: 5, dbeta: 5, dg: 5 },
      run: (be, x) => {
        be.cnn.bnBackward(x.x!, x.dy!, x.mean!, x.invstd!, x.gamma!, x.dx!, x.dgamma!, x.dbeta!, 0, 5, 6, true);
        be.cnn.preluGammaGrad(x.x!, x.dy!, x.dg!, 0, 5, 6);
      } },
    { name: 'large preluGammaGrad [20,5,6]', inputs: { x: r(nb, 622, -2, 2), dy: r(nb, 623) }, outputs: { dg: 5 }, atol: 1e-5, rtol: 1e-4,
      run: (be, x) => be.cnn.preluGammaGrad(x.x!, x.dy!, x.dg!, 20, 5, 6) },
    ...(['prelu', 'elu', 'gelu'] as const).map((act, i): KernelCase => ({ name: `large leaky ${act} + leakyGrad [20,5,6]`,
      inputs: { x: r(nb, 620 + i, -3, 3), slopes: r(5, 630 + i, 0, 0.5), dy: r(nb, 640 + i) }, outputs: { y: nb, dx: nb }, ...TOL,
      run: (be, x) => {
        be.cnn.leaky(act, x.x!, x.slopes!, x.y!, 20, 5, 6, 0.25);
        be.cnn.leakyGrad(act, x.x!, x.y!, x.slopes!, x.dy!, x.dx!, 20, 5, 6, 0.25);
      } })),
    { name: `large embedding (${rows}-row weight) + embeddingGrad`,
      inputs: { idx, w: r(rows * dim, 650), dy: r(nIdx * dim, 651) }, outputs: { y: nIdx * dim, dw: rows * dim }, ...TOL,
      run: (be, x) => {
        be.cnn.embedding(x.idx!, x.w!, x.y!, nIdx, dim, rows);
        be.cnn.embeddingGrad(x.idx!, x.dy!, x.dw!, nIdx, dim, rows);
      } },
  );
  return cases;
}
