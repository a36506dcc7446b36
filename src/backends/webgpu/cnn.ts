// The `cnn` kernel family on WebGPU (gpu/wgsl/{im2col,col2im,pool*,bn_*,lrn*,leaky,prelu_gamma_grad,
// strided_copy,broadcast_binary,embedding,upsample_nearest}.wgsl) with core/kernels/cnn_*.cc's semantics.
// Scatter-style C loops (col2im, pool and embedding gradients) become gathers: WGSL has no float atomics.

import { MXNetError, prod } from '../../base.js';
import type { BinaryOp, Ref } from '../backend.js';
import type { CnnKernels, ConvGeometry, LeakyAct, PoolGeometry } from '../kernels/cnn.js';
import { checkCount } from '../wasm/backend.js';
import { binaryCode } from '../wasm/opcodes.js';
import type { WebGpuBackend } from './backend.js';
import type { Operand, Win } from './operands.js';

const LEAKY: readonly LeakyAct[] = ['leaky', 'prelu', 'elu', 'selu', 'gelu'];
const POOL = { max: 0, avg: 1, sum: 2 } as const;
const MAX_DIMS = 8;

function checkDims(what: string, values: Record<string, number>): void {
  for (const [k, v] of Object.entries(values)) checkCount(what, k, v);
}

/** 3 × 8 packed dims (shape, two stride lists) after 8 scalar words, as the N-d kernels' uniforms. */
function dims8(shape: readonly number[], s1: readonly number[], s2: readonly number[]): number[] {
  const pad = (a: readonly number[]) => [...a, ...new Array(MAX_DIMS - a.length).fill(0)];
  return [...pad(shape), ...pad(s1), ...pad(s2)];
}

export class WebGpuCnnKernels implements CnnKernels {
  constructor(private readonly b: WebGpuBackend) {}

  im2col(x: Ref, col: Ref, g: ConvGeometry, colLd: number, batch = 1): void {
    // One dispatch per image: the shader lowers a single image into its column block.
    if (batch !== 1) return this.perImage(x, col, g, batch, (xi, ci) => this.im2col(xi, ci, g, colLd));
    this.checkConv('im2col', g);
    const c = this.b.at2d(col, g.C * g.kh * g.kw, g.oh * g.ow, colLd, 'im2col col');
    const xo = this.b.readable(this.b.at(x, g.C * g.H * g.W, 'im2col x'), g.C * g.H * g.W, [c.b]);
    this.b.rt.run('im2col', {}, 'uiiuuiiiiiiuuuuu', [...this.conv(g), colLd, xo.o, c.o], [xo.b, c.b],
      { threads: g.C * g.kh * g.kw * g.oh * g.ow });
    this.b.done();
  }

  col2im(col: Ref, x: Ref, g: ConvGeometry, colLd: number, batch = 1): void {
    if (batch !== 1) return this.perImage(x, col, g, batch, (xi, ci) => this.col2im(ci, xi, g, colLd));
    this.checkConv('col2im', g);
    const xo = this.b.at(x, g.C * g.H * g.W, 'col2im x');
    const rows = g.C * g.kh * g.kw;
    const c = this.b.readable(this.b.at2d(col, rows, g.oh * g.ow, colLd, 'col2im col'),
      rows === 0 ? 0 : (rows - 1) * colLd + g.oh * g.ow, [xo.b]);
    this.b.rt.run('col2im', {}, 'uiiiiiiiiiiiiuuu', [...this.conv(g), colLd, xo.o, c.o], [c.b, xo.b],
      { threads: g.C * g.H * g.W });
    this.b.done();
  }

  private perImage(x: Ref, col: Ref, g: ConvGeometry, batch: number, one: (x: Ref, col: Ref) => void): void {
    checkCount('im2col/col2im', 'batch', batch);
    const img = g.C * g.H * g.W, L = g.oh * g.ow;
    for (let b = 0; b < batch; b++) one({ buf: x.buf, off: x.off + b * img }, { buf: col.buf, off: col.off + b * L });
  }

  pool(x: Ref, y: Ref, g: PoolGeometry): void {
    this.checkPool('pool', g);
    const yo = this.b.at(y, g.P * g.oh * g.ow, 'pool y');
    const xo = this.b.readable(this.b.at(x, g.P * g.H * g.W, 'pool x'), g.P * g.H * g.W, [yo.b]);
    this.b.rt.run('pool', { TYPE: POOL[g.type] }, 'uiiiiiiiiiiuuu', [...this.poolArgs(g), xo.o, yo.o], [xo.b, yo.b],
      { threads: g.P * g.oh * g.ow });
    this.b.done();
  }

  poolGrad(x: Ref, y: Ref, dy: Ref, dx: Ref, g: PoolGeometry): void {
    this.checkPool('poolGrad', g);
    const nIn = g.P * g.H * g.W, nOut = g.P * g.oh * g.ow;
    const dxo = this.b.at(dx, nIn, 'poolGrad dx');
    const xo = this.b.readable(this.b.at(x, nIn, 'poolGrad x'), nIn, [dxo.b]);
    const yo = this.b.readable(this.b.at(y, nOut, 'poolGrad y'), nOut, [dxo.b]);
    const dyo = this.b.readable(this.b.at(dy, nOut, 'poolGrad dy'), nOut, [dxo.b]);
    this.b.rt.run('pool_grad', { TYPE: POOL[g.type] }, 'uiiiiiiiiiiuuuuu',
      [...this.poolArgs(g), xo.o, yo.o, dyo.o, dxo.o], [xo.b, yo.b, dyo.b, dxo.b], { threads: nIn });
    this.b.done();
  }

  bnStats(x: Ref, mean: Ref, invstd: Ref, outer: number, C: number, inner: number, eps: number): void {
    const n = this.volume('bnStats', outer, C, inner);
    const mo = this.b.at(mean, C, 'bnStats mean');
    const so = this.b.at(invstd, C, 'bnStats invstd');
    if (mo.b === so.b) throw new MXNetError('bnStats: mean and invstd must be separate arrays');
    const xo = this.b.readable(this.b.at(x, n, 'bnStats x'), n, [mo.b, so.b]);
    if (C > 0) this.b.rt.run('bn_stats', {}, 'uuuuuuf', [outer, C, inner, xo.o, mo.o, so.o, eps], [xo.b, mo.b, so.b], [Math.min(C, 65535)]);
    this.b.done();
  }

  bnApply(x: Ref, y: Ref, mean: Ref, invstd: Ref, gamma: Ref | null, beta: Ref, outer: number, C: number,
    inner: number): void {
    const n = this.volume('bnApply', outer, C, inner);
    const yo = this.b.at(y, n, 'bnApply y');
    const r = (ref: Ref, len: number, what: string) => this.b.readable(this.b.at(ref, len, `bnApply ${what}`), len, [yo.b]);
    const xo = r(x, n, 'x'), mo = r(mean, C, 'mean'), so = r(invstd, C, 'invstd'), bo = r(beta, C, 'beta');
    const go = gamma ? r(gamma, C, 'gamma') : so;
    if (n === 0) return this.b.done();
    // [mean | invstd | gamma | beta] packed into one buffer: compat mode binds at most 4 storage buffers.
    const prm = this.pack([mo, so, go, bo], C);
    const wp = this.b.win({ b: prm, o: 0 }, 0, 4 * C, 'bnApply parameters');
    this.b.chunked('bnApply', outer, [[xo, C * inner], [yo, C * inner]], ([wx, wy], k) =>
      this.b.rt.run('bn_apply', { HAS_GAMMA: gamma !== null }, 'uuuuuuuuu',
        [k * C * inner, C, Math.max(1, inner), wx!.o, wy!.o, wp.o, wp.o + C, wp.o + 2 * C, wp.o + 3 * C],
        [wx!.b, wp.b, wy!.b], { threads: k * C * inner }));
    this.b.rt.release(prm);
    this.b.done();
  }

  bnBackward(x: Ref, dy: Ref, mean: Ref, invstd: Ref, gamma: Ref | null, dx: Ref | null, dgamma: Ref | null,
    dbeta: Ref | null, outer: number, C: number, inner: number, batchStats: boolean): void {
    const n = this.volume('bnBackward', outer, C, inner);
    const dxo = dx ? this.b.at(dx, n, 'bnBackward dx') : this.b.unusedOperand(0);
    const dgo = dgamma ? this.b.at(dgamma, C, 'bnBackward dgamma') : this.b.unusedOperand(1);
    const dbo = dbeta ? this.b.at(dbeta, C, 'bnBackward dbeta') : this.b.unusedOperand(2);
    const outs = [dxo.b, dgo.b, dbo.b];
    if (new Set(outs).size !== 3) throw new MXNetError('bnBackward: dx, dgamma and dbeta must be separate arrays');
    const r = (ref: Ref, len: number, what: string) => this.b.readable(this.b.at(ref, len, `bnBackward ${what}`), len, outs);
    const xo = r(x, n, 'x'), dyo = r(dy, n, 'dy'), mo = r(mean, C, 'mean'), so = r(invstd, C, 'invstd');
    const go = gamma ? r(gamma, C, 'gamma') : so;
    if (C === 0) return this.b.done();
    // [sums (2C) | mean | invstd | gamma]: bn_backward reads them all from one buffer (compat mode's 4 storage buffers).
    const sums = this.b.rt.acquire(5 * C * 4);
    const wm = this.b.win(mo, 0, C, 'bnBackward mean');
    this.b.chunked('bnBackward', outer, [[xo, C * inner], [dyo, C * inner]], ([wx, wdy], k, s) =>
      this.b.rt.run('bn_sums', {}, 'uuuuuuu', [k, C, inner, wx!.o, wdy!.o, wm.o, s > 0 ? 1 : 0], [wx!.b, wdy!.b, wm.b, sums],
        [Math.min(C, 65535)]), true);
    if (dgamma || dbeta) {
      this.b.rt.run('bn_params', {}, 'uuuuuu', [C, so.o, dgo.o, dbo.o, dgamma ? 1 : 0, dbeta ? 1 : 0], [so.b, sums, dgo.b, dbo.b],
        { threads: C });
    }
    if (dx) {
      [mo, so, go].forEach((v, i) => this.b.rt.copy(v.b, v.o * 4, sums, (2 + i) * C * 4, C * 4));
      this.b.chunked('bnBackward', outer, [[xo, C * inner], [dyo, C * inner], [dxo, C * inner]], ([wx, wdy, wdx], k) =>
        this.b.rt.run('bn_backward', { HAS_GAMMA: gamma !== null }, 'uuufuuuuuuu',
          [k * C * inner, C, Math.max(1, inner), outer * inner, wx!.o, wdy!.o, 2 * C, 3 * C, 4 * C, wdx!.o, batchStats ? 1 : 0],
          [wx!.b, wdy!.b, sums, wdx!.b], { threads: k * C * inner }));
    }
    this.b.rt.release(sums);
    this.b.done();
  }

  lrn(x: Ref, y: Ref, norm: Ref, N: number, C: number, inner: number, nsize: number, alpha: number, beta: number,
    knorm: number): void {
    const n = this.volume('lrn', N, C, inner);
    const yo = this.b.at(y, n, 'lrn y');
    const no = this.b.at(norm, n, 'lrn norm');
    if (yo.b === no.b) throw new MXNetError('lrn: y and norm must be separate arrays');
    const xo = this.b.readable(this.b.at(x, n, 'lrn x'), n, [yo.b, no.b]);
    this.b.rt.run('lrn', {}, 'uiuifffuuu', [n, C, Math.max(1, inner), Math.floor(nsize / 2), alpha / nsize, beta, knorm, xo.o, yo.o, no.o],
      [xo.b, yo.b, no.b], { threads: n });
    this.b.done();
  }

  lrnGrad(x: Ref, norm: Ref, dy: Ref, dx: Ref, N: number, C: number, inner: number, nsize: number, alpha: number,
    beta: number): void {
    const n = this.volume('lrnGrad', N, C, inner);
    const dxo = this.b.at(dx, n, 'lrnGrad dx');
    const r = (ref: Ref, what: string) => this.b.readable(this.b.at(ref, n, `lrnGrad ${what}`), n, [dxo.b]);
    const xo = r(x, 'x'), no = r(norm, 'norm'), dyo = r(dy, 'dy');
    this.b.rt.run('lrn_grad', {}, 'uiuiffuuuu',
      [n, C, Math.max(1, inner), Math.floor(nsize / 2), Math.fround(2 * alpha * beta) / nsize, beta, xo.o, no.o, dyo.o, dxo.o],
      [xo.b, no.b, dyo.b, dxo.b], { threads: n });
    this.b.done();
  }

  leaky(act: LeakyAct, x: Ref, slopes: Ref | null, y: Ref, outer: number, C: number, inner: number, slope: number): void {
    const n = this.volume('leaky', outer, C, inner);
    const yo = this.b.at(y, n, 'leaky y');
    const xo = this.b.readable(this.b.at(x, n, 'leaky x'), n, [yo.b]);
    const so = this.slopes(act, slopes, C, 'leaky', [yo.b]);
    this.leakyRuns('leaky', act, so, outer, C, inner, [xo, xo, yo], ([wx, wa, wy], k, aux) =>
      this.b.rt.run('leaky', { ACT: this.actCode(act), GRAD: false }, 'uuufuuuuu',
        [k, C, Math.max(1, inner), slope, wx!.o, wa!.o, aux.o, wx!.o, wy!.o], [wx!.b, aux.b, wx!.b, wy!.b], { threads: k }));
    this.b.done();
  }

  leakyGrad(act: LeakyAct, x: Ref, y: Ref, slopes: Ref | null, dy: Ref, dx: Ref, outer: number, C: number,
    inner: number, slope: number): void {
    const n = this.volume('leakyGrad', outer, C, inner);
    const dxo = this.b.at(dx, n, 'leakyGrad dx');
    const r = (ref: Ref, what: string) => this.b.readable(this.b.at(ref, n, `leakyGrad ${what}`), n, [dxo.b]);
    const xo = r(x, 'x'), dyo = r(dy, 'dy');
    // elu's derivative reads y, prelu's the slopes: whichever is needed is bound as `aux`.
    const yo = act === 'elu' ? r(y, 'y') : xo;
    const so = this.slopes(act, slopes, C, 'leakyGrad', [dxo.b]);
    this.leakyRuns('leakyGrad', act, so, outer, C, inner, [xo, yo, dyo, dxo], ([wx, wy, wdy, wdx], k, aux) =>
      this.b.rt.run('leaky', { ACT: this.actCode(act), GRAD: true }, 'uuufuuuuu',
        [k, C, Math.max(1, inner), slope, wx!.o, wy!.o, aux.o, wdy!.o, wdx!.o], [wx!.b, aux.b, wdy!.b, wdx!.b], { threads: k }));
    this.b.done();
  }

  preluGammaGrad(x: Ref, dy: Ref, dgamma: Ref, outer: number, C: number, inner: number): void {
    const n = this.volume('preluGammaGrad', outer, C, inner);
    const go = this.b.at(dgamma, C, 'preluGammaGrad dgamma');
    const xo = this.b.readable(this.b.at(x, n, 'preluGammaGrad x'), n, [go.b]);
    const dyo = this.b.readable(this.b.at(dy, n, 'preluGammaGrad dy'), n, [go.b]);
    // Runs of outer blocks add onto the first run's sums (another float32 order than one pass).
    const wg = this.b.win(go, 0, C, 'preluGammaGrad dgamma');
    if (C > 0) {
      this.b.chunked('preluGammaGrad', outer, [[xo, C * inner], [dyo, C * inner]], ([wx, wdy], k, s) =>
        this.b.rt.run('prelu_gamma_grad', {}, 'uuuuuuu', [k, C, inner, wx!.o, wdy!.o, wg.o, s > 0 ? 1 : 0], [wx!.b, wdy!.b, wg.b],
          [Math.min(C, 65535)]), true);
    }
    this.b.done();
  }

  stridedCopy(dst: Ref, dstStrides: readonly number[], src: Ref, srcStrides: readonly number[],
    shape: readonly number[], accumulate: boolean): void {
    const d = this.strided(dst, dstStrides, shape, 'stridedCopy dst');
    const s0 = this.strided(src, srcStrides, shape, 'stridedCopy src');
    if (prod(shape) === 0) return;
    const s = this.b.readable(s0.whole, s0.whole.b.size / 4, [d.whole.b]);
    // Dims where dst does not move are reduced inside one invocation (no two invocations share a dst element).
    const keep = shape.map((_, i) => i).filter((i) => dstStrides[i] !== 0);
    const red = shape.map((_, i) => i).filter((i) => dstStrides[i] === 0);
    const order = [...keep, ...red];
    const kept = prod(keep.map((i) => shape[i]!));
    this.b.rt.run('strided_copy', {}, 'uuuuiiuu' + 'u'.repeat(8) + 'i'.repeat(16),
      [keep.length, red.length, kept, prod(red.map((i) => shape[i]!)), d.base, s0.base, accumulate ? 1 : 0, 0,
        ...dims8(order.map((i) => shape[i]!), order.map((i) => dstStrides[i]!), order.map((i) => srcStrides[i]!))],
      [s.b, d.whole.b], { threads: kept });
    this.b.done();
  }

  broadcastBinary(op: BinaryOp, a: Ref, aStrides: readonly number[], b: Ref, bStrides: readonly number[], y: Ref,
    shape: readonly number[]): void {
    const c = binaryCode.get(op);
    if (c === undefined) throw new MXNetError(`broadcastBinary: unknown op '${op}'`);
    const pa = this.strided(a, aStrides, shape, `broadcast ${op} a`);
    const pb = this.strided(b, bStrides, shape, `broadcast ${op} b`);
    const n = prod(shape);
    const yo = this.b.at(y, n, `broadcast ${op} y`);
    if (n === 0) return;
    const ao = this.b.readable(pa.whole, pa.whole.b.size / 4, [yo.b]);
    const bo = this.b.readable(pb.whole, pb.whole.b.size / 4, [yo.b]);
    this.b.rt.run('broadcast_binary', { OP: c }, 'uuiiuuuu' + 'u'.repeat(8) + 'i'.repeat(16),
      [shape.length, n, pa.base, pb.base, yo.o, 0, 0, 0, ...dims8(shape, aStrides, bStrides)], [ao.b, bo.b, yo.b], { threads: n });
    this.b.done();
  }

  embedding(idx: Ref, w: Ref, y: Ref, n: number, dim: number, rows: number): void {
    this.embed('embedding', false, idx, w, y, n, dim, rows, n * dim, rows * dim);
  }

  embeddingGrad(idx: Ref, dy: Ref, dw: Ref, n: number, dim: number, rows: number): void {
    this.embed('embeddingGrad', true, idx, dy, dw, n, dim, rows, rows * dim, n * dim);
  }

  upsampleNearest(x: Ref, y: Ref, N: number, C: number, H: number, W: number, scale: number, yC: number,
    cOff: number, accumulate: boolean): void {
    this.checkUpsample('upsampleNearest', N, C, H, W, scale, yC, cOff);
    const yo = this.b.at(y, N * yC * H * W * scale * scale, 'upsample y');
    const xo = this.b.readable(this.b.at(x, N * C * H * W, 'upsample x'), N * C * H * W, [yo.b]);
    this.b.rt.run('upsample_nearest', { GRAD: false }, 'uuuuuuuuuu', [N, C, H, W, scale, yC, cOff, accumulate ? 1 : 0, xo.o, yo.o],
      [xo.b, yo.b], { threads: N * C * H * W * scale * scale });
    this.b.done();
  }

  upsampleNearestGrad(dy: Ref, dx: Ref, N: number, C: number, H: number, W: number, scale: number, yC: number,
    cOff: number): void {
    this.checkUpsample('upsampleNearestGrad', N, C, H, W, scale, yC, cOff);
    const nY = N * yC * H * W * scale * scale;
    const dxo = this.b.at(dx, N * C * H * W, 'upsampleGrad dx');
    const dyo = this.b.readable(this.b.at(dy, nY, 'upsampleGrad dy'), nY, [dxo.b]);
    this.b.rt.run('upsample_nearest', { GRAD: true }, 'uuuuuuuuuu', [N, C, H, W, scale, yC, cOff, 0, dyo.o, dxo.o],
      [dyo.b, dxo.b], { threads: N * C * H * W });
    this.b.done();
  }

  // ---- helpers ----

  private embed(what: string, grad: boolean, idx: Ref, src: Ref, out: Ref, n: number, dim: number, rows: number,
    nOut: number, nSrc: number): void {
    checkDims(what, { n, dim, rows });
    const oo = this.b.at(out, nOut, `${what} output`);
    const io = this.b.readable(this.b.at(idx, n, `${what} indices`), n, [oo.b]);
    const so = this.b.readable(this.b.at(src, nSrc, `${what} ${grad ? 'dy' : 'weight'}`), nSrc, [oo.b]);
    if (rows === 0 && n > 0 && !grad) throw new MXNetError(`${what}: no rows to look up`);
    // Row windows of the weight (forward) or dw (gradient), each paired with runs of indices whose y (forward)
    // or dy (gradient) fits a binding; gradient runs after the first continue dw's sums in the same order.
    const [byRow, byIdx] = grad ? [oo, so] : [so, oo];
    for (const [r0, rc] of this.b.split(what, rows, [dim])) {
      const wr = this.b.win(byRow, r0 * dim, rc * dim, what);
      for (const [i0, k] of this.b.split(what, n, [1, dim], true)) {
        const wi = this.b.win(io, i0, k, `${what} indices`), wn = this.b.win(byIdx, i0 * dim, k * dim, what);
        const [src, dst] = grad ? [wn, wr] : [wr, wn];
        this.b.rt.run('embedding', { GRAD: grad }, 'uuuuuuuuu', [k, dim, rows, wi.o, src.o, dst.o, r0, rc, i0 > 0 ? 1 : 0],
          [wi.b, src.b, dst.b], { threads: (grad ? rc : k) * dim });
      }
    }
    this.b.done();
  }

  /** mean, invstd … (C elements each) copied side by side into one temp buffer. */
  private pack(parts: readonly Operand[], C: number): GPUBuffer {
    const t = this.b.rt.acquire(parts.length * C * 4);
    parts.forEach((v, i) => this.b.rt.copy(v.b, v.o * 4, t, i * C * 4, C * 4));
    return t;
  }

  /**
   * The leaky kernels' runs: prelu in whole [C, inner] blocks (its channel index) with the slopes bound
   * whole, the other activations element by element with `aux` standing in for the unused slopes.
   */
  private leakyRuns(what: string, act: LeakyAct, slopes: Operand | null, outer: number, C: number, inner: number,
    ops: readonly Operand[], body: (w: Win[], count: number, aux: Win) => void): void {
    if (slopes) {
      const ws = this.b.win(slopes, 0, C, `${what} slopes`);
      this.b.chunked(what, outer, ops.map((o) => [o, C * inner] as const), (w, k) => body(w, k * C * inner, ws));
    } else {
      this.b.chunked(what, outer * C * inner, ops.map((o) => [o, 1] as const), (w, k) => body(w, k, w[1]!));
    }
  }

  private volume(what: string, outer: number, mid: number, inner: number): number {
    checkDims(what, { outer, mid, inner });
    return outer * mid * inner;
  }

  private conv(g: ConvGeometry): number[] {
    return [g.C, g.H, g.W, g.kh, g.kw, g.sh, g.sw, g.ph, g.pw, g.dh, g.dw, g.oh, g.ow];
  }

  private poolArgs(g: PoolGeometry): number[] {
    return [g.P, g.H, g.W, g.oh, g.ow, g.kh, g.kw, g.sh, g.sw, g.ph, g.pw, g.countIncludePad ? 1 : 0];
  }

  private checkConv(what: string, g: ConvGeometry): void {
    checkDims(what, { ...g });
    if (g.kh < 1 || g.kw < 1 || g.sh < 1 || g.sw < 1 || g.dh < 1 || g.dw < 1) {
      throw new MXNetError(`${what}: kernel, stride and dilate must be >= 1, got ${JSON.stringify(g)}`);
    }
  }

  private checkPool(what: string, g: PoolGeometry): void {
    const { type, countIncludePad, ...dims } = g;
    checkDims(what, dims);
    if (!(type in POOL)) throw new MXNetError(`${what}: unknown pool type '${type}'`);
    if (g.sh < 1 || g.sw < 1) throw new MXNetError(`${what}: stride must be >= 1`);
    void countIncludePad;
  }

  private checkUpsample(what: string, N: number, C: number, H: number, W: number, scale: number, yC: number, cOff: number): void {
    checkDims(what, { N, C, H, W, scale, yC, cOff });
    if (scale < 1 || cOff + C > yC) throw new MXNetError(`${what}: scale ${scale} < 1 or channels [${cOff}, ${cOff + C}) outside ${yC}`);
  }

  private actCode(act: LeakyAct): number {
    const c = LEAKY.indexOf(act);
    if (c < 0) throw new MXNetError(`leaky: unknown act_type '${act}'; known: ${LEAKY.join(', ')}`);
    return c;
  }

  private slopes(act: LeakyAct, slopes: Ref | null, C: number, what: string, outs: GPUBuffer[]): Operand | null {
    if (act !== 'prelu') return null;
    if (!slopes) throw new MXNetError(`${what}: prelu needs the per-channel slopes`);
    return this.b.readable(this.b.at(slopes, C, `${what} slopes`), C, outs);
  }

  /**
   * Checks that every index of the box stays inside `ref`'s buffer; returns the element offset of index 0
   * and the whole buffer as an operand (strided kernels address it from offset 0).
   */
  private strided(ref: Ref, strides: readonly number[], shape: readonly number[], what: string): { base: number; whole: Operand } {
    if (strides.length !== shape.length || shape.length > MAX_DIMS) {
      throw new MXNetError(`${what}: ${strides.length} strides for ${shape.length} dims (at most ${MAX_DIMS})`);
    }
    checkDims(what, Object.fromEntries(shape.map((d, i) => [`dim ${i}`, d])));
    let lo = 0, hi = 0;
    if (prod(shape) > 0) {
      shape.forEach((d, i) => {
        const s = strides[i]!;
        if (!Number.isInteger(s)) throw new MXNetError(`${what}: stride ${s} is not an integer`);
        if (s < 0) lo += (d - 1) * s;
        else hi += (d - 1) * s;
      });
    }
    const first = this.b.at({ buf: ref.buf, off: ref.off + lo }, prod(shape) > 0 ? hi - lo + 1 : 0, what);
    return { base: first.o - lo, whole: { b: first.b, o: 0 } };
  }
}
