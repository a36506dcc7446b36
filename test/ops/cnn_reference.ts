// Float64 reference implementations for the CNN operator tests, written from operators.md (§2.2–2.4,
// §3.2, §3.12) as direct loops, plus `checkOp`: forward vs the reference and every requested input
// gradient vs central finite differences of Σ og·ref(inputs).

import { dot, expectClose, numericGrad, type OpHarness, rand, type Tensor } from './helpers.js';

export interface Conv2d {
  N: number; C: number; H: number; W: number; F: number; G: number;
  kh: number; kw: number; sh: number; sw: number; ph: number; pw: number; dh: number; dw: number;
}

export function convOutHW(c: Conv2d): [number, number] {
  return [Math.floor((c.H + 2 * c.ph - (c.dh * (c.kh - 1) + 1)) / c.sh) + 1,
    Math.floor((c.W + 2 * c.pw - (c.dw * (c.kw - 1) + 1)) / c.sw) + 1];
}

/** y[n,f,oy,ox] = b[f] + Σ_{c in group, i, j} x[n, c, oy·sh − ph + i·dh, ox·sw − pw + j·dw]·w[f, c', i, j]. */
export function convRef(c: Conv2d, x: Float64Array, w: Float64Array, b: Float64Array | null): Float64Array {
  const [oh, ow] = convOutHW(c);
  const Cg = c.C / c.G, Fg = c.F / c.G;
  const y = new Float64Array(c.N * c.F * oh * ow);
  for (let n = 0; n < c.N; n++) for (let f = 0; f < c.F; f++) {
    const g = Math.floor(f / Fg);
    for (let oy = 0; oy < oh; oy++) for (let ox = 0; ox < ow; ox++) {
      let s = b ? b[f]! : 0;
      for (let cc = 0; cc < Cg; cc++) for (let i = 0; i < c.kh; i++) for (let j = 0; j < c.kw; j++) {
        const iy = oy * c.sh - c.ph + i * c.dh, ix = ox * c.sw - c.pw + j * c.dw;
        if (iy < 0 || iy >= c.H || ix < 0 || ix >= c.W) continue;
        s += x[((n * c.C + g * Cg + cc) * c.H + iy) * c.W + ix]! * w[((f * Cg + cc) * c.kh + i) * c.kw + j]!;
      }
      y[((n * c.F + f) * oh + oy) * ow + ox] = s;
    }
  }
  return y;
}

/** Deconvolution as a scatter: each x[n, c, iy, ix] adds x·w[c, f', i, j] at (iy·s − p + i·d, ix·s − p + j·d). */
export function deconvRef(c: Conv2d, oh: number, ow: number, x: Float64Array, w: Float64Array, b: Float64Array | null): Float64Array {
  const Cg = c.C / c.G, Fg = c.F / c.G;
  const y = new Float64Array(c.N * c.F * oh * ow);
  for (let n = 0; n < c.N; n++) for (let ci = 0; ci < c.C; ci++) {
    const g = Math.floor(ci / Cg);
    for (let iy = 0; iy < c.H; iy++) for (let ix = 0; ix < c.W; ix++) {
      const v = x[((n * c.C + ci) * c.H + iy) * c.W + ix]!;
      for (let f = 0; f < Fg; f++) for (let i = 0; i < c.kh; i++) for (let j = 0; j < c.kw; j++) {
        const oy = iy * c.sh - c.ph + i * c.dh, ox = ix * c.sw - c.pw + j * c.dw;
        if (oy < 0 || oy >= oh || ox < 0 || ox >= ow) continue;
        y[((n * c.F + g * Fg + f) * oh + oy) * ow + ox] += v * w[((ci * Fg + f) * c.kh + i) * c.kw + j]!;
      }
    }
  }
  if (b) for (let n = 0; n < c.N; n++) for (let f = 0; f < c.F; f++) for (let k = 0; k < oh * ow; k++) y[(n * c.F + f) * oh * ow + k] += b[f]!;
  return y;
}

export interface CheckOptions {
  isTrain?: boolean;
  gradFor?: boolean[];
  atol?: number;
  rtol?: number;
  gradAtol?: number;
  gradRtol?: number;
  seed?: number;
  /** Which output the reference computes and the head gradient is applied to (default 0). */
  output?: number;
}

/** Forward of output `output` vs `ref`, and input gradients vs finite differences of Σ og·ref. */
export function checkOp(op: OpHarness, inputs: Tensor[], ref: (xs: Float64Array[]) => Float64Array, o: CheckOptions = {}) {
  const xs = inputs.map((t) => Float64Array.from(t.data));
  const expected = ref(xs);
  const k = o.output ?? 0;
  const og = rand(expected.length, o.seed ?? 97);
  const outGrads: (Float64Array | undefined)[] = [];
  outGrads[k] = og;
  const r = op.run(inputs, { outGrads, isTrain: o.isTrain ?? true, gradFor: o.gradFor });
  expectClose(r.outputs[k]!, expected, o.atol ?? 1e-4, o.rtol ?? 1e-4, 'forward');
  const loss = (v: Float64Array[]) => dot(og, ref(v));
  inputs.forEach((_, i) => {
    if (!(o.gradFor?.[i] ?? true)) return;
    expectClose(r.grads[i]!, numericGrad(loss, xs, i), o.gradAtol ?? 1e-3, o.gradRtol ?? 1e-3, `gradient of input ${i}`);
  });
  return r;
}
