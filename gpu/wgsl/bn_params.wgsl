// bn_params: BatchNorm's parameter gradients from bn_sums: dbeta = sum(dy), dgamma = sum(dy*(x-mean))*invstd.
//!include grid
struct P { C: u32, so: u32, dgo: u32, dbo: u32, want_dgamma: u32, want_dbeta: u32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> invstd: array<f32>;
@group(0) @binding(2) var<storage, read> sums: array<f32>;
@group(0) @binding(3) var<storage, read_write> dgamma: array<f32>;
@group(0) @binding(4) var<storage, read_write> dbeta: array<f32>;
@compute @workgroup_size(128)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var c = gid.x; c < p.C; c += grid_stride(nwg)) {
    if (p.want_dbeta != 0u) { dbeta[p.dbo + c] = sums[2u * c]; }
    if (p.want_dgamma != 0u) { dgamma[p.dgo + c] = sums[2u * c + 1u] * invstd[p.so + c]; }
  }
}
