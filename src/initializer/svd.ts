// Left singular vectors of a small dense matrix for mx.init.Orthogonal (numpy.linalg.svd's role):
// one-sided Jacobi rotations in float64 on the host. Used once per parameter at initialisation.

/**
 * For A (m×n, row-major, m >= n) return U (m×n, row-major) with orthonormal columns such that
 * A = U·diag(s)·Vᵀ; columns are ordered by decreasing singular value, as numpy orders them.
 */
export function leftSingularVectors(a: ArrayLike<number>, m: number, n: number): Float64Array {
  const cols = Array.from({ length: n }, (_, j) => Float64Array.from({ length: m }, (_, i) => a[i * n + j]!));
  for (let sweep = 0; sweep < 60; sweep++) {
    let rotated = false;
    for (let p = 0; p < n - 1; p++) {
      for (let q = p + 1; q < n; q++) {
        const x = cols[p]!, y = cols[q]!;
        let alpha = 0, beta = 0, gamma = 0;
        for (let i = 0; i < m; i++) {
          alpha += x[i]! * x[i]!;
          beta += y[i]! * y[i]!;
          gamma += x[i]! * y[i]!;
        }
        if (Math.abs(gamma) <= 1e-15 * Math.sqrt(alpha * beta)) continue;
        rotated = true;
        const zeta = (beta - alpha) / (2 * gamma);
        const t = Math.sign(zeta || 1) / (Math.abs(zeta) + Math.sqrt(1 + zeta * zeta));
        const c = 1 / Math.sqrt(1 + t * t);
        const s = c * t;
        for (let i = 0; i < m; i++) {
          const xi = x[i]!, yi = y[i]!;
          x[i] = c * xi - s * yi;
          y[i] = s * xi + c * yi;
        }
      }
    }
    if (!rotated) break;
  }
  const norms = cols.map((c) => Math.sqrt(c.reduce((acc, v) => acc + v * v, 0)));
  const order = norms.map((_, j) => j).sort((p, q) => norms[q]! - norms[p]!);
  const u = new Float64Array(m * n);
  order.forEach((j, k) => {
    const c = cols[j]!, nj = norms[j]! || 1;
    for (let i = 0; i < m; i++) u[i * n + k] = c[i]! / nj;
  });
  return u;
}
