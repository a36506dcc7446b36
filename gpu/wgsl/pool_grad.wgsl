// pool_grad: dx of pool, gathered per input element over the windows that contain it; max routes each
// dy to the first (row-major) position of its window holding the maximum y, as the C kernel does.
//!include grid
struct P { P: u32, H: i32, W: i32, oh: i32, ow: i32, kh: i32, kw: i32, sh: i32, sw: i32, ph: i32, pw: i32,
           include_pad: u32, xo: u32, yo: u32, dyo: u32, dxo: u32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read> y: array<f32>;
@group(0) @binding(3) var<storage, read> dy: array<f32>;
@group(0) @binding(4) var<storage, read_write> dx: array<f32>;
override TYPE: u32 = 0u;
//!include pool
@compute @workgroup_size(128)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let hw = u32(p.H * p.W);
  let L = u32(p.oh * p.ow);
  let n = p.P * hw;
  for (var t = gid.x; t < n; t += grid_stride(nwg)) {
    let plane = t / hw;
    let iy = i32(t % hw) / p.W;
    let ix = i32(t % hw) % p.W;
    let xb = p.xo + plane * hw;
    var s = 0.0;
    // Output rows/cols whose window can contain (iy, ix): o*s - pad <= i < o*s - pad + k.
    let oy0 = max(0, (iy + p.ph - p.kh + p.sh) / p.sh);
    let oy1 = min(p.oh - 1, (iy + p.ph) / p.sh);
    let ox0 = max(0, (ix + p.pw - p.kw + p.sw) / p.sw);
    let ox1 = min(p.ow - 1, (ix + p.pw) / p.sw);
    for (var oy = oy0; oy <= oy1; oy++) {
      for (var ox = ox0; ox <= ox1; ox++) {
        let w = pool_window(oy, ox);
        if (iy < w.y0 || iy >= w.y1 || ix < w.x0 || ix >= w.x1) { continue; }
        let o = plane * L + u32(oy * p.ow + ox);
        let g = dy[p.dyo + o];
        if (TYPE == 0u) {
          let m = y[p.yo + o];
          var first = -1;
          for (var yy = w.y0; yy < w.y1 && first < 0; yy++) {
            for (var xx = w.x0; xx < w.x1; xx++) {
              if (x[xb + u32(yy * p.W + xx)] == m) { first = yy * p.W + xx; break; }
            }
          }
          if (first == iy * p.W + ix) { s += g; }
        } else if (TYPE == 1u) {
          s += g / w.size;
        } else {
          s += g;
        }
      }
    }
    dx[p.dxo + t] = s;
  }
}
