// upsample_nearest: y[n, c_off + c, oy, ox] (+)= x[n, c, oy/s, ox/s]; GRAD: dx[n, c, iy, ix] = sum of
// the s×s block of dy it was copied to. One invocation per written element.
//!include grid
struct P { N: u32, C: u32, H: u32, W: u32, s: u32, yC: u32, c_off: u32, accumulate: u32, xo: u32, yo: u32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> src: array<f32>;
@group(0) @binding(2) var<storage, read_write> dst: array<f32>;
override GRAD: bool = false;
@compute @workgroup_size(128)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let oh = p.H * p.s;
  let ow = p.W * p.s;
  if (!GRAD) {
    let plane = oh * ow;
    for (var t = gid.x; t < p.N * p.C * plane; t += grid_stride(nwg)) {
      let nc = t / plane;
      let n = nc / p.C;
      let c = nc % p.C;
      let oy = (t % plane) / ow;
      let ox = (t % plane) % ow;
      let v = src[p.xo + nc * p.H * p.W + (oy / p.s) * p.W + ox / p.s];
      let at = p.yo + (n * p.yC + p.c_off + c) * plane + oy * ow + ox;
      if (p.accumulate != 0u) { dst[at] += v; } else { dst[at] = v; }
    }
    return;
  }
  let plane = p.H * p.W;
  for (var t = gid.x; t < p.N * p.C * plane; t += grid_stride(nwg)) {
    let nc = t / plane;
    let n = nc / p.C;
    let c = nc % p.C;
    let iy = (t % plane) / p.W;
    let ix = (t % plane) % p.W;
    let base = p.xo + (n * p.yC + p.c_off + c) * oh * ow;
    var s = 0.0;
    for (var a = 0u; a < p.s; a++) {
      for (var b = 0u; b < p.s; b++) { s += src[base + (iy * p.s + a) * ow + ix * p.s + b]; }
    }
    dst[p.yo + t] = s;
  }
}
