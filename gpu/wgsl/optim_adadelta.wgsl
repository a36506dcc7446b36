// optim_adadelta: AdaDelta as MXNet's Python fuses it; the gradient is rescaled in place (MXNet's
// `grad *= rescale_grad`), then clipped for the update only. As core/kernels/optim_adadelta.cc.
//!include grid
//!include optim
struct P { n: u32, wo: u32, go: u32, ao: u32, do_: u32, wd: f32, rho: f32, one_minus_rho: f32, epsilon: f32, rg: f32,
           clip: f32, clipping: u32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read_write> g: array<f32>;
@group(0) @binding(2) var<storage, read_write> w: array<f32>;
@group(0) @binding(3) var<storage, read_write> acc_g: array<f32>;
@group(0) @binding(4) var<storage, read_write> acc_d: array<f32>;
@compute @workgroup_size(128)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var i = gid.x; i < p.n; i += grid_stride(nwg)) {
    let gs = g[p.go + i] * p.rg;
    g[p.go + i] = gs;
    var t = gs;
    if (p.clipping != 0u) { t = oclip(gs, p.clip); }
    let ag = acc_g[p.ao + i] * p.rho + p.one_minus_rho * t * t;
    let d = sqrt(acc_d[p.do_ + i] + p.epsilon) / sqrt(ag + p.epsilon) * t;
    acc_g[p.ao + i] = ag;
    acc_d[p.do_ + i] = acc_d[p.do_ + i] * p.rho + p.one_minus_rho * d * d;
    let wi = w[p.wo + i];
    w[p.wo + i] = wi - (d + p.wd * wi);
  }
}
