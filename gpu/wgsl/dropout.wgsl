// dropout: mask = (u < keep) / keep, y = x * mask, u from the Philox stream (operators.md §3.3);
// inv_keep is 1/keep rounded on the host, as the C core's 1.f / keep.
//!include grid
//!include philox
struct P { n: u32, xo: u32, yo: u32, mo: u32, key: u32, counter: u32, keep: f32, inv_keep: f32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
@group(0) @binding(3) var<storage, read_write> mask: array<f32>;
@compute @workgroup_size(128)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let blocks = (p.n + 3u) / 4u;
  for (var b = gid.x; b < blocks; b += grid_stride(nwg)) {
    let u = philox_uniforms(b, p.counter, p.key);
    for (var l = 0u; l < 4u; l++) {
      let i = b * 4u + l;
      if (i < p.n) {
        let m = select(0.0, p.inv_keep, u[l] < p.keep);
        mask[p.mo + i] = m;
        y[p.yo + i] = x[p.xo + i] * m;
      }
    }
  }
}
