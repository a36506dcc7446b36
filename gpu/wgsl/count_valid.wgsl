// count_valid: SoftmaxOutput's 'valid' normalisation factor, scale / max(1, #labels != ignore_label),
// computed by one workgroup into factor[0] so the gradient kernel needs no host read-back.
struct P { n: u32, lo: u32, ignore: i32, scale: f32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> label: array<f32>;
@group(0) @binding(2) var<storage, read_write> factor: array<f32>;
var<workgroup> part: array<u32, 128>;
@compute @workgroup_size(128)
fn main(@builtin(local_invocation_index) li: u32) {
  var cnt = 0u;
  for (var k = li; k < p.n; k += 128u) { cnt += select(0u, 1u, i32(label[p.lo + k]) != p.ignore); }
  part[li] = cnt;
  workgroupBarrier();
  for (var w = 64u; w > 0u; w >>= 1u) {
    if (li < w) { part[li] += part[li + w]; }
    workgroupBarrier();
  }
  if (li == 0u) { factor[0] = p.scale / f32(max(part[0], 1u)); }
}
