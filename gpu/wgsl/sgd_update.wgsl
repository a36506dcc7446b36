// sgd_update: MXNet 1.9 multi_sgd(_mom)_update in core/kernels/optimizer_sgd.cc's order:
// d = momentum*mom - lr*wd*w - lr*clip(rg*g); w += d; mom = d (MOM selects the momentum form).
//!include grid
struct P { n: u32, wo: u32, go: u32, mo: u32, lr: f32, wd: f32, momentum: f32, rescale_grad: f32, clip: f32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> g: array<f32>;
@group(0) @binding(2) var<storage, read_write> w: array<f32>;
@group(0) @binding(3) var<storage, read_write> mom: array<f32>;
override MOM: bool = false;
@compute @workgroup_size(128)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let lr_wd = p.lr * p.wd;
  let lr_rg = p.lr * p.rescale_grad;
  for (var i = gid.x; i < p.n; i += grid_stride(nwg)) {
    let wi = w[p.wo + i];
    var m = 0.0;
    if (MOM) { m = p.momentum * mom[p.mo + i]; }
    var d: f32;
    if (p.clip > 0.0) {
      let r = p.rescale_grad * g[p.go + i];
      let cg = select(select(r, -p.clip, r < -p.clip), p.clip, r > p.clip);
      d = m - lr_wd * wi - p.lr * cg;
    } else {
      d = m - lr_wd * wi - lr_rg * g[p.go + i];
    }
    if (MOM) { mom[p.mo + i] = d; }
    w[p.wo + i] = wi + d;
  }
}
