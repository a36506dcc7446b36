// Philox4x32-10 with Random123's constants, bit-identical to core/kernels/philox.h: block for
// counter (c, 0, 0, 0) and key (key, 0); uniforms keep the top 24 bits (exact in float32).
fn mulhilo(a: u32, b: u32) -> vec2<u32> {
  let a_lo = a & 0xffffu;
  let a_hi = a >> 16u;
  let b_lo = b & 0xffffu;
  let b_hi = b >> 16u;
  let t = a_hi * b_lo + ((a_lo * b_lo) >> 16u);
  let u = a_lo * b_hi + (t & 0xffffu);
  return vec2<u32>(a_hi * b_hi + (t >> 16u) + (u >> 16u), a * b);
}
fn philox4x32_10(c: u32, key: u32) -> vec4<u32> {
  var x0 = c;
  var x1 = 0u;
  var x2 = 0u;
  var x3 = 0u;
  var k0 = key;
  var k1 = 0u;
  for (var r = 0; r < 10; r++) {
    let p0 = mulhilo(0xD2511F53u, x0);
    let p1 = mulhilo(0xCD9E8D57u, x2);
    let y0 = p1.x ^ x1 ^ k0;
    let y2 = p0.x ^ x3 ^ k1;
    x1 = p1.y;
    x3 = p0.y;
    x0 = y0;
    x2 = y2;
    k0 += 0x9E3779B9u;
    k1 += 0xBB67AE85u;
  }
  return vec4<u32>(x0, x1, x2, x3);
}
fn philox_unit(u: u32) -> f32 { return f32(u >> 8u) * (1.0 / 16777216.0); }
fn philox_uniforms(block: u32, counter: u32, key: u32) -> vec4<f32> {
  let b = philox4x32_10(counter + block, key);
  return vec4<f32>(philox_unit(b.x), philox_unit(b.y), philox_unit(b.z), philox_unit(b.w));
}
