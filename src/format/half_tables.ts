// Float32 values of every 16-bit float16 and bfloat16 pattern (mshadow's half_t / bf16_t), used as
// gather tables: decoding a half array is then one native index conversion plus one device gather,
// never a per-element JS loop. Every 16-bit value is exactly representable in float32.

let f16: Float32Array | undefined;
let bf16: Float32Array | undefined;

/** IEEE 754 binary16 → float32 for all 65536 bit patterns (NaN payloads become a quiet NaN). */
export function float16Table(): Float32Array {
  if (!f16) {
    f16 = new Float32Array(65536);
    for (let h = 0; h < 65536; h++) {
      const sign = h & 0x8000 ? -1 : 1;
      const exp = (h >> 10) & 0x1f;
      const mant = h & 0x3ff;
      if (exp === 0) f16[h] = sign * mant * 2 ** -24; // zero and subnormals
      else if (exp === 0x1f) f16[h] = mant ? NaN : sign * Infinity;
      else f16[h] = sign * (1 + mant / 1024) * 2 ** (exp - 15);
    }
  }
  return f16;
}

/** bfloat16 is the top half of a float32: the pattern shifted left by 16 bits. */
export function bfloat16Table(): Float32Array {
  if (!bf16) {
    const bits = new Uint32Array(65536);
    for (let h = 0; h < 65536; h++) bits[h] = h << 16;
    bf16 = new Float32Array(bits.buffer);
  }
  return bf16;
}
