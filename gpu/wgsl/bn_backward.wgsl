// bn_backward: BatchNorm's dx from bn_sums: with batch statistics g*invstd*(dy - mean(dy) - (x-mean)*c2),
// c2 = mean(dy*(x-mean))*invstd², else dy*g*invstd (g = 1 without HAS_GAMMA). As core/kernels/cnn_norm.cc.
// `prm` packs bn_sums' 2C sums (at 0) with mean, invstd and gamma (compat mode allows 4 storage buffers).
//!include grid
struct P { n: u32, C: u32, inner: u32, m: f32, xo: u32, dyo: u32, mo: u32, so: u32, go: u32, dxo: u32, batch_stats: u32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> dy: array<f32>;
@group(0) @binding(3) var<storage, read> prm: array<f32>;
@group(0) @binding(4) var<storage, read_write> dx: array<f32>;
override HAS_GAMMA: bool = true;
@compute @workgroup_size(128)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var i = gid.x; i < p.n; i += grid_stride(nwg)) {
    let c = (i / p.inner) % p.C;
    let is = prm[p.so + c];
    var g = 1.0;
    if (HAS_GAMMA) { g = prm[p.go + c]; }
    let k = g * is;
    if (p.batch_stats != 0u) {
      let mdy = prm[2u * c] / p.m;
      let c2 = (prm[2u * c + 1u] / p.m) * is * is;
      dx[p.dxo + i] = k * (dy[p.dyo + i] - mdy - (x[p.xo + i] - prm[p.mo + c]) * c2);
    } else {
      dx[p.dxo + i] = dy[p.dyo + i] * k;
    }
  }
}
