// unary_op: the Backend's UnaryOp list as one switch on the shader's `override OP: u32` (codes of
// src/backends/wasm/opcodes.ts, UNARY), shared by unary and the fused bias_act. Needs fmath.
fn unary_op(v: f32) -> f32 {
  switch OP {
    case 0u: { return select(0.0, v, v > 0.0); }
    case 1u: { return f_sigmoid(v); }
    case 2u: { return f_tanh(v); }
    case 3u: { return f_softrelu(v); }
    case 4u: { return v / (1.0 + abs(v)); }
    case 5u: { return exp(v); }
    case 6u: { return log(v); }
    case 7u: { return sqrt(v); }
    case 8u: { return 1.0 / sqrt(v); }
    case 9u: { return v * v; }
    case 10u: { return abs(v); }
    case 11u: { return -v; }
    case 12u: { return f_sign(v); }
    case 13u: { return 1.0 / v; }
    case 14u: { return floor(v); }
    case 15u: { return ceil(v); }
    case 16u: { return f_round(v); }
    default: { return v; }
  }
}
