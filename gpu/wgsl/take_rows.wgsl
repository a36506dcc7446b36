// take_rows: dst[i, :] = src[idx[i], :] (Backend.takeRows; Embedding, take on axis 0). Indices are
// validated on the host before the dispatch, as the C core validates before writing. Only src rows
// [r0, r0 + rc) are bound: a src beyond one storage binding is gathered from window by window.
//!include grid
struct P { nidx: u32, row_len: u32, dst_o: u32, src_o: u32, r0: u32, rc: u32, idx_o: u32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> src: array<f32>;
@group(0) @binding(2) var<storage, read> idx: array<i32>;
@group(0) @binding(3) var<storage, read_write> dst: array<f32>;
@compute @workgroup_size(128)
fn main(@builtin(global_invocation_id) gid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>) {
  let n = p.nidx * p.row_len;
  for (var i = gid.x; i < n; i += grid_stride(nwg)) {
    let r = i / p.row_len;
    let c = i % p.row_len;
    let ri = u32(idx[p.idx_o + r]);
    if (ri >= p.r0 && ri - p.r0 < p.rc) { dst[p.dst_o + i] = src[p.src_o + (ri - p.r0) * p.row_len + c]; }
  }
}
