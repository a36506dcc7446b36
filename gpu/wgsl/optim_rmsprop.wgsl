// optim_rmsprop: rmsprop_update (Tieleman & Hinton) or, with CENTERED, rmspropalex_update (Graves);
// wd joins the gradient before clipping, epsilon inside the root, clip_weights bounds the new weight.
// The centered states gbar and delta share one buffer `st` (at gbo, dlo): compat mode allows 4 storage buffers.
//!include grid
//!include optim
struct P { n: u32, wo: u32, go: u32, no: u32, gbo: u32, dlo: u32, lr: f32, wd: f32, gamma1: f32, gamma2: f32,
           epsilon: f32, rg: f32, clip: f32, clipping: u32, clip_w: f32, clipping_w: u32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> g: array<f32>;
@group(0) @binding(2) var<storage, read_write> w: array<f32>;
@group(0) @binding(3) var<storage, read_write> sn: array<f32>;
@group(0) @binding(4) var<storage, read_write> st: array<f32>;
override CENTERED: bool = false;
@compute @workgroup_size(128)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let a1 = 1.0 - p.gamma1;
  for (var i = gid.x; i < p.n; i += grid_stride(nwg)) {
    let wi = w[p.wo + i];
    var gr = p.rg * g[p.go + i] + p.wd * wi;
    if (p.clipping != 0u) { gr = oclip(gr, p.clip); }
    var wn: f32;
    if (CENTERED) {
      let s = a1 * gr * gr + p.gamma1 * sn[p.no + i];
      let m = a1 * gr + p.gamma1 * st[p.gbo + i];
      let d = p.gamma2 * st[p.dlo + i] - p.lr * gr / sqrt(s - m * m + p.epsilon);
      sn[p.no + i] = s;
      st[p.gbo + i] = m;
      st[p.dlo + i] = d;
      wn = wi + d;
    } else {
      let s = a1 * (gr * gr) + p.gamma1 * sn[p.no + i];
      sn[p.no + i] = s;
      wn = wi - p.lr * (gr / sqrt(s + p.epsilon));
    }
    if (p.clipping_w != 0u) { wn = oclip(wn, p.clip_w); }
    w[p.wo + i] = wn;
  }
}
