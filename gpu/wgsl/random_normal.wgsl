// random_normal: Box-Muller on the uniform pairs (2j, 2j+1) of the Philox stream, exactly the
// pairing of core/kernels/random.cc (an odd n uses the uniform at position n of the last block).
//!include grid
//!include philox
//!include fmath
struct P { n: u32, yo: u32, key: u32, counter: u32, mean: f32, sd: f32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read_write> y: array<f32>;
const TWO_PI: f32 = 6.28318530717958647692;
@compute @workgroup_size(128)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let blocks = (p.n + 3u) / 4u;
  for (var b = gid.x; b < blocks; b += grid_stride(nwg)) {
    let u = philox_uniforms(b, p.counter, p.key);
    for (var h = 0u; h < 2u; h++) {
      let j = b * 4u + 2u * h;
      if (j < p.n) {
        let r = sqrt(-2.0 * f_log(1.0 - u[2u * h]));
        let sc = f_sincos(TWO_PI * u[2u * h + 1u]);
        y[p.yo + j] = p.mean + p.sd * (r * sc.y);
        if (j + 1u < p.n) { y[p.yo + j + 1u] = p.mean + p.sd * (r * sc.x); }
      }
    }
  }
}
