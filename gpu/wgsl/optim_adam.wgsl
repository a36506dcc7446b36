// optim_adam: MXNet 1.9.1 adam_update; wd joins the rescaled gradient before clipping, lr_t carries
// the bias corrections (computed by the caller). As core/kernels/optim_adam.cc.
//!include grid
//!include optim
struct P { n: u32, wo: u32, go: u32, mo: u32, vo: u32, lr_t: f32, wd: f32, beta1: f32, beta2: f32, epsilon: f32,
           rg: f32, clip: f32, clipping: u32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> g: array<f32>;
@group(0) @binding(2) var<storage, read_write> w: array<f32>;
@group(0) @binding(3) var<storage, read_write> mean: array<f32>;
@group(0) @binding(4) var<storage, read_write> variance: array<f32>;
@compute @workgroup_size(128)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var i = gid.x; i < p.n; i += grid_stride(nwg)) {
    var gr = g[p.go + i] * p.rg + w[p.wo + i] * p.wd;
    if (p.clipping != 0u) { gr = oclip(gr, p.clip); }
    let m = p.beta1 * mean[p.mo + i] + (1.0 - p.beta1) * gr;
    let v = p.beta2 * variance[p.vo + i] + (1.0 - p.beta2) * gr * gr;
    mean[p.mo + i] = m;
    variance[p.vo + i] = v;
    w[p.wo + i] = w[p.wo + i] - p.lr_t * m / (sqrt(v) + p.epsilon);
  }
}
