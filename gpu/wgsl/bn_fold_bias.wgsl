// bn_fold_bias, step 3 of bnFold: b2[f] = (b[f] − mean[f]) · s[f] + beta[f], with s[f] read from b2
// itself (step 1) and b = 0 without HAS_BIAS.
//!include grid
struct P { F: u32, bo: u32, mo: u32, beo: u32, b2o: u32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read> mean: array<f32>;
@group(0) @binding(3) var<storage, read> beta: array<f32>;
@group(0) @binding(4) var<storage, read_write> b2: array<f32>;
override HAS_BIAS: bool = true;
@compute @workgroup_size(128)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var f = gid.x; f < p.F; f += grid_stride(nwg)) {
    let bias = select(0.0, b[p.bo + f], HAS_BIAS);
    b2[p.b2o + f] = (bias - mean[p.mo + f]) * b2[p.b2o + f] + beta[p.beo + f];
  }
}
