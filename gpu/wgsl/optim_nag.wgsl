// optim_nag: NAG (MXNet 1.9.1 nag_mom_update, the momentum term reads the updated weight); without
// a momentum state (MOM false) the single-tensor sgd_update form. As core/kernels/optim_nag.cc.
//!include grid
//!include optim
struct P { n: u32, wo: u32, go: u32, mo: u32, lr: f32, wd: f32, momentum: f32, rg: f32, clip: f32, clipping: u32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> g: array<f32>;
@group(0) @binding(2) var<storage, read_write> w: array<f32>;
@group(0) @binding(3) var<storage, read_write> mom: array<f32>;
override MOM: bool = false;
@compute @workgroup_size(128)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var i = gid.x; i < p.n; i += grid_stride(nwg)) {
    var gr = p.rg * g[p.go + i];
    if (p.clipping != 0u) { gr = oclip(gr, p.clip); }
    let wi = w[p.wo + i];
    if (MOM) {
      let m1 = p.momentum * mom[p.mo + i];
      let wn = wi - m1 + (p.momentum + 1.0) * (m1 - p.lr * (gr + p.wd * wi));
      w[p.wo + i] = wn;
      mom[p.mo + i] = m1 - p.lr * (gr + p.wd * wn);
    } else {
      w[p.wo + i] = (1.0 - p.lr * p.wd) * wi - p.lr * gr;
    }
  }
}
