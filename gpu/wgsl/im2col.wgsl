// im2col: col[(c*kh + i)*kw + j, oy*ow + ox] (rows col_ld apart) = x[c, oy*sh + i*dh - ph, ox*sw + j*dw - pw],
// 0 outside the image (core/kernels/cnn_im2col.cc's layout); one invocation per col element.
//!include grid
struct P { C: u32, H: i32, W: i32, kh: u32, kw: u32, sh: i32, sw: i32, ph: i32, pw: i32, dh: i32, dw: i32,
           oh: u32, ow: u32, col_ld: u32, xo: u32, co: u32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> col: array<f32>;
@compute @workgroup_size(128)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let L = p.oh * p.ow;
  let n = p.C * p.kh * p.kw * L;
  for (var t = gid.x; t < n; t += grid_stride(nwg)) {
    let row = t / L;
    let q = t % L;
    let j = i32(row % p.kw);
    let i = i32((row / p.kw) % p.kh);
    let c = row / (p.kw * p.kh);
    let y = i32(q / p.ow) * p.sh + i * p.dh - p.ph;
    let xx = i32(q % p.ow) * p.sw + j * p.dw - p.pw;
    var v = 0.0;
    if (y >= 0 && y < p.H && xx >= 0 && xx < p.W) { v = x[p.xo + c * u32(p.H * p.W) + u32(y * p.W + xx)]; }
    col[p.co + row * p.col_ld + q] = v;
  }
}
