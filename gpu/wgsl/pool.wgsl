// pool: max / avg / sum (TYPE 0 / 1 / 2) over planes [P, H, W] (core/kernels/cnn_pool.cc); avg divides
// every element before summing, as MXNet does. One invocation per output element.
//!include grid
struct P { P: u32, H: i32, W: i32, oh: i32, ow: i32, kh: i32, kw: i32, sh: i32, sw: i32, ph: i32, pw: i32,
           include_pad: u32, xo: u32, yo: u32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> y: array<f32>;
override TYPE: u32 = 0u;
//!include pool
@compute @workgroup_size(128)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let L = u32(p.oh * p.ow);
  let n = p.P * L;
  for (var t = gid.x; t < n; t += grid_stride(nwg)) {
    let base = p.xo + (t / L) * u32(p.H * p.W);
    let w = pool_window(i32(t % L) / p.ow, i32(t % L) % p.ow);
    var acc = select(0.0, bitcast<f32>(0xff7fffffu), TYPE == 0u);
    for (var iy = w.y0; iy < w.y1; iy++) {
      for (var ix = w.x0; ix < w.x1; ix++) {
        let v = x[base + u32(iy * p.W + ix)];
        if (TYPE == 0u) { acc = select(acc, v, v > acc); } else if (TYPE == 1u) { acc += v / w.size; } else { acc += v; }
      }
    }
    y[p.yo + t] = acc;
  }
}
