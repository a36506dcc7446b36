// gemm: C = alpha * op(A) · op(B) + beta * C (row-major, leading dimensions, element offsets).
// 64×64 output tiles staged through workgroup memory in K-steps of 16; 128 invocations (16×8),
// each accumulating an 8×4 block with rows/columns strided so workgroup reads do not collide.
struct P { M: u32, N: u32, K: u32, lda: u32, ldb: u32, ldc: u32, ao: u32, bo: u32, co: u32, alpha: f32, beta: f32 }
@group(0) @binding(0) var<uniform> p: P;
@group(0) @binding(1) var<storage, read> A: array<f32>;
@group(0) @binding(2) var<storage, read> B: array<f32>;
@group(0) @binding(3) var<storage, read_write> C: array<f32>;
override TRANS_A: bool = false;
override TRANS_B: bool = false;
var<workgroup> As: array<f32, 1024>;  // [16 k][64 m]
var<workgroup> Bs: array<f32, 1024>;  // [16 k][64 n]

fn load_a(m: u32, k: u32) -> f32 {
  if (m >= p.M || k >= p.K) { return 0.0; }
  if (TRANS_A) { return A[p.ao + k * p.lda + m]; }
  return A[p.ao + m * p.lda + k];
}
fn load_b(k: u32, n: u32) -> f32 {
  if (k >= p.K || n >= p.N) { return 0.0; }
  if (TRANS_B) { return B[p.bo + n * p.ldb + k]; }
  return B[p.bo + k * p.ldb + n];
}

// Accumulator row r of this invocation's 8×4 block (columns lid.x + 16c in the four lanes); named
// vectors rather than an indexed array, so shader compilers keep them in registers.
@compute @workgroup_size(16, 8)
fn main(@builtin(workgroup_id) wg: vec3<u32>, @builtin(local_invocation_id) lid: vec3<u32>,
        @builtin(local_invocation_index) li: u32) {
  let row0 = wg.y * 64u;
  let col0 = wg.x * 64u;
  var c0 = vec4<f32>(0.0); var c1 = vec4<f32>(0.0); var c2 = vec4<f32>(0.0); var c3 = vec4<f32>(0.0);
  var c4 = vec4<f32>(0.0); var c5 = vec4<f32>(0.0); var c6 = vec4<f32>(0.0); var c7 = vec4<f32>(0.0);
  for (var k0 = 0u; k0 < p.K; k0 += 16u) {
    // Each invocation stages 8 of the 1024 elements of each tile; consecutive invocations read
    // consecutive addresses of the stored (possibly transposed) matrix.
    for (var t = 0u; t < 8u; t++) {
      let e = li + t * 128u;
      var am: u32; var ak: u32;
      if (TRANS_A) { am = e % 64u; ak = e / 64u; } else { am = e / 16u; ak = e % 16u; }
      As[ak * 64u + am] = load_a(row0 + am, k0 + ak);
      var bn: u32; var bk: u32;
      if (TRANS_B) { bn = e / 16u; bk = e % 16u; } else { bn = e % 64u; bk = e / 64u; }
      Bs[bk * 64u + bn] = load_b(k0 + bk, col0 + bn);
    }
    workgroupBarrier();
    for (var kk = 0u; kk < 16u; kk++) {
      let kb = kk * 64u;
      let b = vec4<f32>(Bs[kb + lid.x], Bs[kb + lid.x + 16u], Bs[kb + lid.x + 32u], Bs[kb + lid.x + 48u]);
      let ka = kb + lid.y;
      c0 += As[ka] * b; c1 += As[ka + 8u] * b; c2 += As[ka + 16u] * b; c3 += As[ka + 24u] * b;
      c4 += As[ka + 32u] * b; c5 += As[ka + 40u] * b; c6 += As[ka + 48u] * b; c7 += As[ka + 56u] * b;
    }
    workgroupBarrier();
  }
  store_row(row0 + lid.y, col0 + lid.x, c0);
  store_row(row0 + lid.y + 8u, col0 + lid.x, c1);
  store_row(row0 + lid.y + 16u, col0 + lid.x, c2);
  store_row(row0 + lid.y + 24u, col0 + lid.x, c3);
  store_row(row0 + lid.y + 32u, col0 + lid.x, c4);
  store_row(row0 + lid.y + 40u, col0 + lid.x, c5);
  store_row(row0 + lid.y + 48u, col0 + lid.x, c6);
  store_row(row0 + lid.y + 56u, col0 + lid.x, c7);
}

// C[m, n + 16c] = alpha * acc[c] (+ beta * C) for the four columns, inside the matrix only.
fn store_row(m: u32, n: u32, acc: vec4<f32>) {
  if (m >= p.M) { return; }
  for (var c = 0u; c < 4u; c++) {
    let col = n + 16u * c;
    if (col < p.N) {
      let idx = p.co + m * p.ldc + col;
      var v = p.alpha * acc[c];
      if (p.beta != 0.0) { v += p.beta * C[idx]; }
      C[idx] = v;
    }
  }
}
