// optim_adagrad: AdaGrad (dense), eps inside the square root, weight decay outside the adaptive term.
//!include grid
//!include optim
struct P { n: u32, wo: u32, go: u32, ho: u32, neg_lr: f32, wd: f32, eps: f32, rg: f32, clip: f32, clipping: u32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> g: array<f32>;
@group(0) @binding(2) var<storage, read_write> w: array<f32>;
@group(0) @binding(3) var<storage, read_write> hist: array<f32>;
@compute @workgroup_size(128)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var i = gid.x; i < p.n; i += grid_stride(nwg)) {
    var t = g[p.go + i] * p.rg;
    if (p.clipping != 0u) { t = oclip(t, p.clip); }
    let h = hist[p.ho + i] + t * t;
    hist[p.ho + i] = h;
    let wi = w[p.wo + i];
    w[p.wo + i] = wi + (t / sqrt(h + p.eps) + wi * p.wd) * p.neg_lr;
  }
}
