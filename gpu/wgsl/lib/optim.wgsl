// Shared by the optimizer kernels: mshadow_op::clip (upper bound first, NaN passes through).
fn oclip(x: f32, b: f32) -> f32 { return select(select(x, -b, x < -b), b, x > b); }
