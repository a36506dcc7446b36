// Float64 reference of the test MLP (FullyConnected → relu → FullyConnected → SoftmaxOutput) and its
// hand-derived backward pass, for comparing executor results.

export interface MlpParams {
  w1: Float64Array; b1: Float64Array; w2: Float64Array; b2: Float64Array;
}

export interface MlpDims { N: number; D: number; H: number; C: number }

function fc(x: ArrayLike<number>, w: ArrayLike<number>, b: ArrayLike<number>, M: number, K: number, N: number): Float64Array {
  const y = new Float64Array(M * N);
  for (let m = 0; m < M; m++) {
    for (let n = 0; n < N; n++) {
      let s = b[n]!;
      for (let k = 0; k < K; k++) s += x[m * K + k]! * w[n * K + k]!;
      y[m * N + n] = s;
    }
  }
  return y;
}

export function mlpForward(x: ArrayLike<number>, p: MlpParams, d: MlpDims) {
  const h1 = fc(x, p.w1, p.b1, d.N, d.D, d.H);
  const a1 = h1.map((v) => Math.max(v, 0));
  const h2 = fc(a1, p.w2, p.b2, d.N, d.H, d.C);
  const prob = new Float64Array(h2.length);
  for (let n = 0; n < d.N; n++) {
    const row = h2.subarray(n * d.C, (n + 1) * d.C);
    const m = Math.max(...row);
    const e = Array.from(row, (v) => Math.exp(v - m));
    const s = e.reduce((a, b) => a + b, 0);
    e.forEach((v, c) => { prob[n * d.C + c] = v / s; });
  }
  return { h1, a1, prob };
}

/** Σ_n −log p[n, label[n]]: the loss whose gradient SoftmaxOutput (normalization null) writes. */
export function mlpLoss(x: ArrayLike<number>, label: ArrayLike<number>, p: MlpParams, d: MlpDims): number {
  const { prob } = mlpForward(x, p, d);
  let s = 0;
  for (let n = 0; n < d.N; n++) s -= Math.log(prob[n * d.C + label[n]!]!);
  return s;
}

export function mlpBackward(x: ArrayLike<number>, label: ArrayLike<number>, p: MlpParams, d: MlpDims) {
  const { h1, a1, prob } = mlpForward(x, p, d);
  const d2 = Float64Array.from(prob);
  for (let n = 0; n < d.N; n++) d2[n * d.C + label[n]!]! -= 1;
  const w2 = new Float64Array(d.C * d.H), b2 = new Float64Array(d.C);
  const da1 = new Float64Array(d.N * d.H);
  for (let n = 0; n < d.N; n++) {
    for (let c = 0; c < d.C; c++) {
      const g = d2[n * d.C + c]!;
      b2[c]! += g;
      for (let h = 0; h < d.H; h++) {
        w2[c * d.H + h]! += g * a1[n * d.H + h]!;
        da1[n * d.H + h]! += g * p.w2[c * d.H + h]!;
      }
    }
  }
  const dh1 = da1.map((v, i) => (h1[i]! > 0 ? v : 0));
  const w1 = new Float64Array(d.H * d.D), b1 = new Float64Array(d.H), data = new Float64Array(d.N * d.D);
  for (let n = 0; n < d.N; n++) {
    for (let h = 0; h < d.H; h++) {
      const g = dh1[n * d.H + h]!;
      b1[h]! += g;
      for (let k = 0; k < d.D; k++) {
        w1[h * d.D + k]! += g * x[n * d.D + k]!;
        data[n * d.D + k]! += g * p.w1[h * d.D + k]!;
      }
    }
  }
  return { prob, grads: { data, fc1_weight: w1, fc1_bias: b1, fc2_weight: w2, fc2_bias: b2 } };
}
