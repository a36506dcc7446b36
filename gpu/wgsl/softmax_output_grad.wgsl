// softmax_output_grad: SoftmaxOutput backward with class labels, (p - onehot(label)) * factor with
// label smoothing and ignore_label (operators.md §3.8); VALID reads the factor from count_valid.
//!include grid
struct P { outer: u32, C: u32, inner: u32, po: u32, lo: u32, dxo: u32, ignore: i32, use_ignore: u32,
           scale: f32, smooth_alpha: f32, off_target: f32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> prob: array<f32>;
@group(0) @binding(2) var<storage, read> label: array<f32>;
@group(0) @binding(3) var<storage, read> factor: array<f32>;
@group(0) @binding(4) var<storage, read_write> dx: array<f32>;
override VALID: bool = false;
@compute @workgroup_size(128)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let n = p.outer * p.inner;
  var f = p.scale;
  if (VALID) { f = factor[0]; }
  let smoothing = p.smooth_alpha > 0.0;
  for (var t = gid.x; t < n; t += grid_stride(nwg)) {
    let k = i32(label[p.lo + t]);
    let off = (t / p.inner) * p.C * p.inner + t % p.inner;
    let ignored = p.use_ignore != 0u && k == p.ignore;
    for (var c = 0u; c < p.C; c++) {
      let j = off + c * p.inner;
      let v = prob[p.po + j];
      var g: f32;
      if (i32(c) == k) { g = select(v - 1.0, v - 1.0 + p.smooth_alpha, smoothing); } else { g = v - p.off_target; }
      dx[p.dxo + j] = select(g * f, 0.0, ignored);
    }
  }
}
