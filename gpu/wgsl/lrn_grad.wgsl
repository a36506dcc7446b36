// lrn_grad: dx_c = dy_c*norm_c^-beta - 2*alpha*beta/nsize * x_c * sum_{j in window(c)} dy_j*x_j*norm_j^(-beta-1).
//!include grid
//!include fmath
struct P { n: u32, C: i32, inner: u32, half: i32, k: f32, beta: f32, xo: u32, no: u32, dyo: u32, dxo: u32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> norm: array<f32>;
@group(0) @binding(3) var<storage, read> dy: array<f32>;
@group(0) @binding(4) var<storage, read_write> dx: array<f32>;
@compute @workgroup_size(128)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let cs = u32(p.C) * p.inner;
  for (var t = gid.x; t < p.n; t += grid_stride(nwg)) {
    let b = (t / cs) * cs + t % p.inner;
    let c = i32((t % cs) / p.inner);
    var s = 0.0;
    for (var j = max(0, c - p.half); j <= min(p.C - 1, c + p.half); j++) {
      let q = b + u32(j) * p.inner;
      s += dy[p.dyo + q] * x[p.xo + q] * f_pow(norm[p.no + q], -p.beta - 1.0);
    }
    dx[p.dxo + t] = dy[p.dyo + t] * f_pow(norm[p.no + t], -p.beta) - p.k * x[p.xo + t] * s;
  }
}
