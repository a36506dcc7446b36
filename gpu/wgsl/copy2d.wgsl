// copy2d: dst[r*dst_ld + c] = src[r*src_ld + c] (Backend.copy2d; Concat / slicing along columns).
//!include grid
struct P { rows: u32, cols: u32, dst_ld: u32, src_ld: u32, dst_o: u32, src_o: u32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> src: array<f32>;
@group(0) @binding(2) var<storage, read_write> dst: array<f32>;
@compute @workgroup_size(128)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let n = p.rows * p.cols;
  for (var i = gid.x; i < n; i += grid_stride(nwg)) {
    let r = i / p.cols;
    let c = i % p.cols;
    dst[p.dst_o + r * p.dst_ld + c] = src[p.src_o + r * p.src_ld + c];
  }
}
