// broadcast_binary: y (contiguous over the box) = a op b with per-operand strides (0 on broadcast axes);
// OP codes as binary.wgsl.
//!include grid
//!include fmath
//!include binary_op
//!include dims
struct P { ndim: u32, n: u32, ao: i32, bo: i32, yo: u32, pad0: u32, pad1: u32, pad2: u32,
           shape: array<vec4<u32>, 2>, sa: array<vec4<i32>, 2>, sb: array<vec4<i32>, 2> }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> a: array<f32>;
@group(0) @binding(2) var<storage, read> b: array<f32>;
@group(0) @binding(3) var<storage, read_write> y: array<f32>;
override OP: u32 = 0u;
@compute @workgroup_size(128)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  for (var t = gid.x; t < p.n; t += grid_stride(nwg)) {
    var rem = t;
    var oa = p.ao;
    var ob = p.bo;
    for (var d = i32(p.ndim) - 1; d >= 0; d--) {
      let n = dim_u(p.shape, u32(d));
      let i = i32(rem % n);
      rem = rem / n;
      oa += i * dim_i(p.sa, u32(d));
      ob += i * dim_i(p.sb, u32(d));
    }
    y[p.yo + t] = binary_op(a[u32(oa)], b[u32(ob)]);
  }
}
