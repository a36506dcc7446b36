// Plain-TypeScript float64 reference implementations of the Backend kernels, written from the
// formulas in operators.md / api-semantics.md (not from the C++ code), plus comparison helpers.
// Other test suites may import these.

/** Deterministic test data: mulberry32 uniform in [lo, hi). */
export function randomArray(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  let a = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = lo + (hi - lo) * (((t ^ (t >>> 14)) >>> 0) / 4294967296);
  }
  return out;
}

/** Largest |a - e| / (atol + rtol*|e|); <= 1 means every element is within tolerance. NaNs must match. */
export function maxViolation(actual: ArrayLike<number>, expected: ArrayLike<number>, atol: number, rtol: number): number {
  if (actual.length !== expected.length) throw new Error(`length ${actual.length} vs expected ${expected.length}`);
  let worst = 0;
  for (let i = 0; i < expected.length; i++) {
    const a = actual[i]!, e = expected[i]!;
    if (Number.isNaN(e) || Number.isNaN(a)) {
      if (!(Number.isNaN(e) && Number.isNaN(a))) return Infinity;
      continue;
    }
    if (a === e) continue; // also covers equal infinities
    worst = Math.max(worst, Math.abs(a - e) / (atol + rtol * Math.abs(e)));
  }
  return worst;
}

// ---- GEMM ----

/** C = alpha*op(A)*op(B) + beta*C in float64; beta == 0 ignores C's contents. Returns the new C buffer. */
export function gemmRef(transA: boolean, transB: boolean, M: number, N: number, K: number, alpha: number,
  A: ArrayLike<number>, lda: number, B: ArrayLike<number>, ldb: number, beta: number,
  C: ArrayLike<number>, ldc: number): Float64Array {
  const out = Float64Array.from(C);
  for (let i = 0; i < M; i++) {
    for (let j = 0; j < N; j++) {
      let s = 0;
      for (let p = 0; p < K; p++) {
        const a = transA ? A[p * lda + i]! : A[i * lda + p]!;
        const b = transB ? B[j * ldb + p]! : B[p * ldb + j]!;
        s += a * b;
      }
      out[i * ldc + j] = alpha * s + (beta === 0 ? 0 : beta * C[i * ldc + j]!);
    }
  }
  return out;
}

// ---- element-wise (operators.md §3.1, mshadow_op semantics) ----

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
const roundHalfAway = (x: number) => Math.sign(x) * Math.round(Math.abs(x));

export const unaryRef: Record<string, (x: number) => number> = {
  relu: (x) => Math.max(x, 0),
  sigmoid,
  tanh: Math.tanh,
  softrelu: (x) => (x > 20 ? x : Math.log1p(Math.exp(x))),
  softsign: (x) => x / (1 + Math.abs(x)),
  exp: Math.exp,
  log: Math.log,
  sqrt: Math.sqrt,
  rsqrt: (x) => 1 / Math.sqrt(x),
  square: (x) => x * x,
  abs: Math.abs,
  neg: (x) => -x,
  sign: (x) => (x < 0 ? -1 : x > 0 ? 1 : 0),
  reciprocal: (x) => 1 / x,
  floor: Math.floor,
  ceil: Math.ceil,
  round: roundHalfAway,
  identity: (x) => x,
};

/** f'(x) of each activation, as a function of the input x (the reference never uses y). */
export const activationDerivRef: Record<string, (x: number) => number> = {
  relu: (x) => (x > 0 ? 1 : 0),
  sigmoid: (x) => sigmoid(x) * (1 - sigmoid(x)),
  tanh: (x) => 1 - Math.tanh(x) ** 2,
  softrelu: (x) => (x > 20 ? 1 : sigmoid(x)),
  softsign: (x) => 1 / (1 + Math.abs(x)) ** 2,
};

export const binaryRef: Record<string, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
  max: (a, b) => Math.max(a, b),
  min: (a, b) => Math.min(a, b),
  pow: (a, b) => a ** b,
};

export const scalarRef: Record<string, (x: number, s: number) => number> = {
  add: (x, s) => x + s,
  sub: (x, s) => x - s,
  rsub: (x, s) => s - x,
  mul: (x, s) => x * s,
  div: (x, s) => x / s,
  rdiv: (x, s) => s / x,
  pow: (x, s) => x ** s,
  rpow: (x, s) => s ** x,
  max: (x, s) => Math.max(x, s),
  min: (x, s) => Math.min(x, s),
  eq: (x, s) => +(x === s),
  ne: (x, s) => +(x !== s),
  gt: (x, s) => +(x > s),
  ge: (x, s) => +(x >= s),
  lt: (x, s) => +(x < s),
  le: (x, s) => +(x <= s),
};

// ---- reductions and softmax over [outer, mid, inner] ----

export function sumAxisRef(x: ArrayLike<number>, outer: number, mid: number, inner: number): Float64Array {
  const y = new Float64Array(outer * inner);
  for (let o = 0; o < outer; o++)
    for (let m = 0; m < mid; m++)
      for (let i = 0; i < inner; i++) y[o * inner + i] += x[(o * mid + m) * inner + i]!;
  return y;
}

export function argmaxAxisRef(x: ArrayLike<number>, outer: number, mid: number, inner: number): Float64Array {
  const y = new Float64Array(outer * inner);
  for (let o = 0; o < outer; o++)
    for (let i = 0; i < inner; i++) {
      let best = 0;
      for (let m = 1; m < mid; m++) if (x[(o * mid + m) * inner + i]! > x[(o * mid + best) * inner + i]!) best = m;
      y[o * inner + i] = best;
    }
  return y;
}

/** softmax(x / T) or log_softmax along the middle axis (operators.md §3.10). */
export function softmaxRef(x: ArrayLike<number>, outer: number, C: number, inner: number, T: number, log: boolean): Float64Array {
  const y = new Float64Array(outer * C * inner);
  for (let o = 0; o < outer; o++)
    for (let i = 0; i < inner; i++) {
      const at = (c: number) => (o * C + c) * inner + i;
      let mx = -Infinity;
      for (let c = 0; c < C; c++) mx = Math.max(mx, x[at(c)]! / T);
      let s = 0;
      for (let c = 0; c < C; c++) s += Math.exp(x[at(c)]! / T - mx);
      for (let c = 0; c < C; c++) y[at(c)] = log ? x[at(c)]! / T - mx - Math.log(s) : Math.exp(x[at(c)]! / T - mx) / s;
    }
  return y;
}

export interface SoftmaxOutputGradRefParams {
  scale: number;
  ignore_label: number;
  use_ignore: boolean;
  smooth_alpha: number;
  normalize_valid: boolean;
}

/** SoftmaxOutput backward with class labels (operators.md §3.8), label of shape [outer, inner]. */
export function softmaxOutputGradRef(p: ArrayLike<number>, label: ArrayLike<number>, outer: number, C: number,
  inner: number, q: SoftmaxOutputGradRefParams): Float64Array {
  const dx = new Float64Array(outer * C * inner);
  const ign = Math.trunc(q.ignore_label);
  let factor = q.scale;
  if (q.normalize_valid) {
    let valid = 0;
    for (let k = 0; k < outer * inner; k++) if (Math.trunc(label[k]!) !== ign) valid++;
    factor /= Math.max(1, valid);
  }
  const a = q.smooth_alpha;
  for (let o = 0; o < outer; o++)
    for (let i = 0; i < inner; i++) {
      const k = Math.trunc(label[o * inner + i]!);
      if (q.use_ignore && k === ign) continue;
      for (let c = 0; c < C; c++) {
        const target = a > 0 ? (c === k ? 1 - a : a / (C - 1)) : c === k ? 1 : 0;
        dx[(o * C + c) * inner + i] = (p[(o * C + c) * inner + i]! - target) * factor;
      }
    }
  return dx;
}

// ---- SGD (api-semantics.md §7.2) ----

export interface SgdRefParams { lr: number; wd: number; momentum: number; rescale_grad: number; clip_gradient: number }

/** One SGD step in float64: returns the new weight and momentum. clip <= 0 means no clipping. */
export function sgdRef(w: ArrayLike<number>, g: ArrayLike<number>, mom: ArrayLike<number> | null, q: SgdRefParams):
  { w: Float64Array; mom: Float64Array | null } {
  const nw = new Float64Array(w.length);
  const nm = mom ? new Float64Array(w.length) : null;
  for (let i = 0; i < w.length; i++) {
    let rg = q.rescale_grad * g[i]!;
    if (q.clip_gradient > 0) rg = Math.min(Math.max(rg, -q.clip_gradient), q.clip_gradient);
    const d = (mom ? q.momentum * mom[i]! : 0) - q.lr * q.wd * w[i]! - q.lr * rg;
    nw[i] = w[i]! + d;
    if (nm) nm[i] = d;
  }
  return { w: nw, mom: nm };
}

// ---- Philox4x32-10 (Salmon et al. 2011), validated against Random123's known-answer vectors ----

function mulhilo(a: number, b: number): [number, number] {
  const p = BigInt(a) * BigInt(b);
  return [Number(p >> 32n) >>> 0, Number(p & 0xffffffffn) >>> 0];
}

export function philox4x32_10(ctr: readonly number[], key: readonly number[]): number[] {
  let [c0, c1, c2, c3] = ctr.map((v) => v >>> 0) as [number, number, number, number];
  let [k0, k1] = key.map((v) => v >>> 0) as [number, number];
  for (let r = 0; r < 10; r++) {
    if (r > 0) {
      k0 = (k0 + 0x9e3779b9) >>> 0;
      k1 = (k1 + 0xbb67ae85) >>> 0;
    }
    const [hi0, lo0] = mulhilo(0xd2511f53, c0);
    const [hi1, lo1] = mulhilo(0xcd9e8d57, c2);
    [c0, c1, c2, c3] = [(hi1 ^ c1 ^ k0) >>> 0, lo1, (hi0 ^ c3 ^ k1) >>> 0, lo0];
  }
  return [c0, c1, c2, c3];
}

/** The n uniforms of stream (key, counter) as the Backend contract defines them (exact float32 values). */
export function uniformStreamRef(n: number, key: number, counter: number): Float64Array {
  const u = new Float64Array(n);
  for (let i = 0; i < n; i += 4) {
    const block = philox4x32_10([(counter + i / 4) >>> 0, 0, 0, 0], [key, 0]);
    for (let l = 0; l < 4 && i + l < n; l++) u[i + l] = (block[l]! >>> 8) / 2 ** 24;
  }
  return u;
}

// ---- statistics for randomness tests ----

export function meanVar(x: ArrayLike<number>): { mean: number; variance: number } {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i]!;
  const mean = s / x.length;
  let v = 0;
  for (let i = 0; i < x.length; i++) v += (x[i]! - mean) ** 2;
  return { mean, variance: v / x.length };
}
