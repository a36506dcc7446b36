// bn_fold_weight, step 2 of bnFold: w2[f, k] = w[f, k] · s[f] for a weight [F, K].
//!include grid
struct P { n: u32, K: u32, wo: u32, so: u32, w2o: u32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> w: array<f32>;
@group(0) @binding(2) var<storage, read> s: array<f32>;
@group(0) @binding(3) var<storage, read_write> w2: array<f32>;
@compute @workgroup_size(128)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var i = gid.x; i < p.n; i += grid_stride(nwg)) { w2[p.w2o + i] = w[p.wo + i] * s[p.so + i / p.K]; }
}
