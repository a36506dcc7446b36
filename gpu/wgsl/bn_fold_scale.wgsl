// bn_fold_scale, step 1 of the fusion family's bnFold: s[f] = gamma[f] / sqrt(var[f] + eps) (gamma = 1
// under FIX_GAMMA), written into b2 (steps 2 and 3 read it from there). Three steps keep every shader
// at <= 4 storage buffers (compatibility mode's limit).
//!include grid
struct P { F: u32, eps: f32, go: u32, vo: u32, so: u32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> gamma: array<f32>;
@group(0) @binding(2) var<storage, read> variance: array<f32>;
@group(0) @binding(3) var<storage, read_write> s: array<f32>;
override FIX_GAMMA: bool = false;
@compute @workgroup_size(128)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var f = gid.x; f < p.F; f += grid_stride(nwg)) {
    s[p.so + f] = select(gamma[p.go + f], 1.0, FIX_GAMMA) / sqrt(variance[p.vo + f] + p.eps);
  }
}
