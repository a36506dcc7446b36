// random_uniform: y = low + (high - low) * u with u from the Philox stream (key, counter); one
// invocation per 4-element block, as core/kernels/random.cc walks the stream.
//!include grid
//!include philox
struct P { n: u32, yo: u32, key: u32, counter: u32, low: f32, range: f32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
@compute @workgroup_size(128)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let blocks = (p.n + 3u) / 4u;
  for (var b = gid.x; b < blocks; b += grid_stride(nwg)) {
    let u = philox_uniforms(b, p.counter, p.key);
    for (var l = 0u; l < 4u; l++) {
      let i = b * 4u + l;
      if (i < p.n) { y[p.yo + i] = p.low + p.range * u[l]; }
    }
  }
}
