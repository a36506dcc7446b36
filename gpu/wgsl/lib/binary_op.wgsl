// binary_op: the Backend's BinaryOp list (add sub mul div max min pow, BINARY in opcodes.ts) as one switch
// on the shader's `override OP: u32`, shared by binary and broadcast_binary. Needs fmath.
fn binary_op(u: f32, v: f32) -> f32 {
  switch OP {
    case 0u: { return u + v; }
    case 1u: { return u - v; }
    case 2u: { return u * v; }
    case 3u: { return u / v; }
    case 4u: { return f_max(u, v); }
    case 5u: { return f_min(u, v); }
    default: { return f_pow(u, v); }
  }
}
