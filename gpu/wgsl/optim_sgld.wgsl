// optim_sgld: SGLD, w += -lr/2 * (clip(rg*g) + wd*w), then N(0, sqrt(lr)) noise from the Philox
// stream (key, counter) with random_normal's pairing; one invocation per 4-element block.
//!include grid
//!include optim
//!include philox
//!include fmath
struct P { n: u32, wo: u32, go: u32, key: u32, counter: u32, half_lr_neg: f32, wd: f32, rg: f32, clip: f32,
           clipping: u32, noise_std: f32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> g: array<f32>;
@group(0) @binding(2) var<storage, read_write> w: array<f32>;
const TWO_PI: f32 = 6.28318530717958647692;
@compute @workgroup_size(128)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let blocks = (p.n + 3u) / 4u;
  for (var b = gid.x; b < blocks; b += grid_stride(nwg)) {
    let u = philox_uniforms(b, p.counter, p.key);
    var z: array<f32, 4>;
    for (var h = 0u; h < 2u; h++) {
      let r = sqrt(-2.0 * f_log(1.0 - u[2u * h]));
      let sc = f_sincos(TWO_PI * u[2u * h + 1u]);
      z[2u * h] = r * sc.y;
      z[2u * h + 1u] = r * sc.x;
    }
    for (var l = 0u; l < 4u; l++) {
      let i = b * 4u + l;
      if (i < p.n) {
        var gr = g[p.go + i] * p.rg;
        if (p.clipping != 0u) { gr = oclip(gr, p.clip); }
        let ws = w[p.wo + i] + p.half_lr_neg * (gr + p.wd * w[p.wo + i]);
        w[p.wo + i] = ws + (0.0 + p.noise_std * z[l]);
      }
    }
  }
}
