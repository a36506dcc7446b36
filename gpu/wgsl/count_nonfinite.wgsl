// count_nonfinite: out[0] = number of NaN / ±Inf among x[0..n) as a float32 (check family), counted by
// one workgroup (strided partial counts, then a tree reduction) so no host read-back is needed; with
// acc the count is added to out (x beyond one storage binding is counted run by run).
struct P { n: u32, xo: u32, oo: u32, acc: u32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> x: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
var<workgroup> part: array<u32, 128>;
@compute @workgroup_size(128)
fn main(@builtin(local_invocation_index) li: u32) {
  var cnt = 0u;
  for (var i = li; i < p.n; i += 128u) {
    // Exponent bits all ones: Inf or NaN (checked on bits; compilers may assume finite floats).
    cnt += select(0u, 1u, (bitcast<u32>(x[p.xo + i]) & 0x7f800000u) == 0x7f800000u);
  }
  part[li] = cnt;
  workgroupBarrier();
  for (var w = 64u; w > 0u; w >>= 1u) {
    if (li < w) { part[li] += part[li + w]; }
    workgroupBarrier();
  }
  if (li == 0u) { out[p.oo] = select(0.0, out[p.oo], p.acc != 0u) + f32(part[0]); }
}
