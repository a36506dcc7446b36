// Test helpers for operators: seeded data, params with schema defaults, a harness that runs one op's
// forward/backward on the cpu backend, float64 central finite differences and tolerance checks.

import { expect } from 'vitest';
import { array, empty } from '../../src/ndarray/create.js';
import type { NDArray } from '../../src/ndarray/ndarray.js';
import '../../src/ops/index.js';
import type { ParsedParams } from '../../src/ops/params.js';
import { getOp, type OpContext, type OpDef } from '../../src/ops/registry.js';

/** Seeded uniform [lo, hi) data, rounded to float32 so references see exactly what the device sees. */
export function rand(n: number, seed: number, lo = -1, hi = 1): Float64Array {
  let a = seed >>> 0;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = Math.fround(lo + (hi - lo) * (((t ^ (t >>> 14)) >>> 0) / 4294967296));
  }
  return out;
}

/** Params as the parser would produce them: schema defaults overridden by `given` (already typed). */
export function withDefaults(def: OpDef, given: ParsedParams = {}): ParsedParams {
  const p: ParsedParams = {};
  for (const [k, spec] of Object.entries(def.params)) if (spec.default !== undefined) p[k] = spec.default;
  return { ...p, ...given };
}

export interface Tensor {
  shape: number[];
  data: Float64Array;
}

export interface OpRun {
  outputs: Float32Array[];
  outShapes: number[][];
  /** Input gradients (null where not requested). */
  grads: (Float32Array | null)[];
}

/** One operator with fixed params, run directly through its OpDef (no executor). */
export class OpHarness {
  readonly def: OpDef;
  readonly p: ParsedParams;
  constructor(op: string, given: ParsedParams = {}) {
    this.def = getOp(op);
    this.p = withDefaults(this.def, given);
  }

  outShapes(inputs: readonly number[][]): number[][] {
    const res = this.def.inferShape(this.p, inputs.map((s) => [...s]), 'test');
    return res.outputs.map((s) => {
      if (!s) throw new Error('output shape not inferred');
      return s;
    });
  }

  /**
   * Forward (and backward when `outGrads` is given or the op is a loss): `gradFor[i]` says which
   * input gradients to request (default: every input). Everything allocated is freed before returning.
   */
  run(inputs: Tensor[], opts: { isTrain?: boolean; outGrads?: (Float64Array | undefined)[]; gradFor?: boolean[]; backward?: boolean } = {}): OpRun {
    const live: NDArray[] = [];
    const keep = <T extends NDArray>(a: T): T => { live.push(a); return a; };
    try {
      const ins = inputs.map((t) => keep(array(t.data, { shape: t.shape })));
      const outShapes = this.outShapes(inputs.map((t) => t.shape));
      const outs = outShapes.map((s) => keep(empty(s)));
      const ctx: OpContext = {
        backend: ins[0]!.backend,
        isTrain: opts.isTrain ?? true,
        temp: (shape) => keep(empty([...shape])),
      };
      this.def.forward(ctx, this.p, ins, outs);
      const outputs = outs.map((o) => o._dataSync());
      let grads: (Float32Array | null)[] = [];
      if (opts.backward ?? opts.outGrads !== undefined) {
        const og = outShapes.map((s, i) => {
          const g = opts.outGrads?.[i];
          return g === undefined ? undefined : keep(array(g, { shape: s }));
        });
        const gradArrs = ins.map((x, i) => {
          if (!(opts.gradFor?.[i] ?? true)) return null;
          const g = keep(empty(x.shape));
          g.set(NaN); // an unwritten gradient shows up as NaN
          return g;
        });
        this.def.backward!(ctx, this.p, og, ins, outs, gradArrs);
        grads = gradArrs.map((g) => (g ? g._dataSync() : null));
      }
      return { outputs, outShapes, grads };
    } finally {
      for (const a of live) a.dispose();
    }
  }
}

/** Central finite differences in float64 of scalar `f` w.r.t. input `which`. */
export function numericGrad(f: (xs: Float64Array[]) => number, xs: Float64Array[], which: number, eps = 1e-5): Float64Array {
  const x = xs[which]!;
  const g = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) {
    const v = x[i]!;
    x[i] = v + eps;
    const up = f(xs);
    x[i] = v - eps;
    const down = f(xs);
    x[i] = v;
    g[i] = (up - down) / (2 * eps);
  }
  return g;
}

/** Σ w·y: the scalar whose gradient w.r.t. y is w (used to turn a head gradient into a loss). */
export function dot(w: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < w.length; i++) s += w[i]! * y[i]!;
  return s;
}

/** Every |actual − expected| ≤ atol + rtol·|expected|; reports the first offending index. */
export function expectClose(actual: ArrayLike<number> | null, expected: ArrayLike<number>, atol: number, rtol: number, what = ''): void {
  expect(actual, `${what}: missing`).not.toBeNull();
  const a = actual!;
  expect(a.length, `${what}: length`).toBe(expected.length);
  for (let i = 0; i < expected.length; i++) {
    const e = expected[i]!, v = a[i]!;
    if (!(Math.abs(v - e) <= atol + rtol * Math.abs(e))) {
      expect.fail(`${what}: element ${i} is ${v}, expected ${e} (atol ${atol}, rtol ${rtol})`);
    }
  }
}

