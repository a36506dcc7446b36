// softmax_grad: softmax dx = y * (dy - sum(dy * y)) / T; log_softmax (LOG) dx = (dy - exp(y) * sum(dy)) / T.
//!include grid
struct P { outer: u32, C: u32, inner: u32, yo: u32, dyo: u32, dxo: u32, inv_t: f32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> y: array<f32>;
@group(0) @binding(2) var<storage, read> dy: array<f32>;
@group(0) @binding(3) var<storage, read_write> dx: array<f32>;
override LOG: bool = false;
@compute @workgroup_size(128)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let n = p.outer * p.inner;
  for (var t = gid.x; t < n; t += grid_stride(nwg)) {
    let off = (t / p.inner) * p.C * p.inner + t % p.inner;
    var s = 0.0;
    for (var c = 0u; c < p.C; c++) {
      let k = off + c * p.inner;
      if (LOG) { s += dy[p.dyo + k]; } else { s += dy[p.dyo + k] * y[p.yo + k]; }
    }
    for (var c = 0u; c < p.C; c++) {
      let k = off + c * p.inner;
      if (LOG) {
        dx[p.dxo + k] = (dy[p.dyo + k] - exp(y[p.yo + k]) * s) * p.inv_t;
      } else {
        dx[p.dxo + k] = y[p.yo + k] * (dy[p.dyo + k] - s) * p.inv_t;
      }
    }
  }
}
