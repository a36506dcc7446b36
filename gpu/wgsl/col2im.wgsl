// col2im: x[c, y, xx] = sum of the col entries im2col would read from it (the adjoint), gathered per
// image element so no two invocations write the same place.
//!include grid
struct P { C: u32, H: i32, W: i32, kh: i32, kw: i32, sh: i32, sw: i32, ph: i32, pw: i32, dh: i32, dw: i32,
           oh: i32, ow: i32, col_ld: u32, xo: u32, co: u32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> col: array<f32>;
@group(0) @binding(2) var<storage, read_write> x: array<f32>;
@compute @workgroup_size(128)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let hw = u32(p.H * p.W);
  let n = p.C * hw;
  for (var t = gid.x; t < n; t += grid_stride(nwg)) {
    let c = i32(t / hw);
    let y = i32(t % hw) / p.W;
    let xx = i32(t % hw) % p.W;
    var s = 0.0;
    for (var i = 0; i < p.kh; i++) {
      let ny = y + p.ph - i * p.dh;
      if (ny < 0 || ny % p.sh != 0 || ny / p.sh >= p.oh) { continue; }
      for (var j = 0; j < p.kw; j++) {
        let nx = xx + p.pw - j * p.dw;
        if (nx < 0 || nx % p.sw != 0 || nx / p.sw >= p.ow) { continue; }
        let row = u32((c * p.kh + i) * p.kw + j);
        s += col[p.co + row * p.col_ld + u32((ny / p.sh) * p.ow + nx / p.sw)];
      }
    }
    x[p.xo + t] = s;
  }
}
