// strided_copy: for every index i of the box, dst[Σ i·ds] (+)= src[Σ i·ss] (core/kernels/cnn_layout.cc).
// The host lists the kept dims first and the dims where dst has stride 0 last: one invocation per kept
// index sums (accumulate) or takes the last element (plain copy: last write wins) over the others.
//!include grid
//!include dims
struct P { nk: u32, nr: u32, kept: u32, red: u32, dso: i32, sso: i32, accumulate: u32, pad: u32,
           shape: array<vec4<u32>, 2>, ds: array<vec4<i32>, 2>, ss: array<vec4<i32>, 2> }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> src: array<f32>;
@group(0) @binding(2) var<storage, read_write> dst: array<f32>;
@compute @workgroup_size(128)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var t = gid.x; t < p.kept; t += grid_stride(nwg)) {
    var rem = t;
    var d_off = p.dso;
    var s_off = p.sso;
    for (var d = i32(p.nk) - 1; d >= 0; d--) {
      let n = dim_u(p.shape, u32(d));
      let i = i32(rem % n);
      rem = rem / n;
      d_off += i * dim_i(p.ds, u32(d));
      s_off += i * dim_i(p.ss, u32(d));
    }
    if (p.accumulate != 0u) {
      var acc = 0.0;
      for (var r = 0u; r < p.red; r++) {
        var rr = r;
        var o = s_off;
        for (var d = i32(p.nk + p.nr) - 1; d >= i32(p.nk); d--) {
          let n = dim_u(p.shape, u32(d));
          o += i32(rr % n) * dim_i(p.ss, u32(d));
          rr = rr / n;
        }
        acc += src[u32(o)];
      }
      dst[u32(d_off)] += acc;
    } else {
      var o = s_off;
      for (var d = p.nk; d < p.nk + p.nr; d++) { o += i32(dim_u(p.shape, d) - 1u) * dim_i(p.ss, d); }
      dst[u32(d_off)] = src[u32(o)];
    }
  }
}
