// Up to 8 dims in uniforms: element d of a packed array<vec4<…>, 2>.
fn dim_u(a: array<vec4<u32>, 2>, d: u32) -> u32 { return a[d / 4u][d % 4u]; }
fn dim_i(a: array<vec4<i32>, 2>, d: u32) -> i32 { return a[d / 4u][d % 4u]; }
