// embedding: y[i, :] = w[clip(trunc(idx[i]), 0, rows - 1), :] (NaN → row 0); GRAD gathers
// dw[r, k] = sum of dy[i, k] over the indices i that map to row r (no float atomics in WGSL).
// Only rows [r0, r0 + rc) are bound (a weight larger than one binding is looked up window by window);
// with acc the gradient continues the running sums already in dw (dy split into runs of indices).
//!include grid
//!include fmath
struct P { n: u32, dim: u32, rows: u32, io: u32, wo: u32, yo: u32, r0: u32, rc: u32, acc: u32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> idx: array<f32>;
@group(0) @binding(2) var<storage, read> src: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;
override GRAD: bool = false;
fn row_of(v: f32) -> u32 {
  if (is_nan(v)) { return 0u; }
  return u32(clamp(i32(v), 0, i32(p.rows) - 1));
}
@compute @workgroup_size(128)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  if (!GRAD) {
    for (var t = gid.x; t < p.n * p.dim; t += grid_stride(nwg)) {
      let r = row_of(idx[p.io + t / p.dim]);
      if (r >= p.r0 && r - p.r0 < p.rc) { y[p.yo + t] = src[p.wo + (r - p.r0) * p.dim + t % p.dim]; }
    }
    return;
  }
  for (var t = gid.x; t < p.rc * p.dim; t += grid_stride(nwg)) {
    let r = p.r0 + t / p.dim;
    let k = t % p.dim;
    var s = select(0.0, y[p.yo + t], p.acc != 0u);
    for (var i = 0u; i < p.n; i++) {
      if (row_of(idx[p.io + i]) == r) { s += src[p.wo + i * p.dim + k]; }
    }
    y[p.yo + t] = s;
  }
}
