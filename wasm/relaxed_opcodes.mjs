// node wasm/relaxed_opcodes.mjs <module.wasm>: rewrites, in place, the relaxed-SIMD FMA that Debian's
// emscripten (clang 14) emits with the proposal's early opcode (0xfd 0xaf 0x01, "f32x4.relaxed_fma")
// into the standardised f32x4.relaxed_madd (0xfd 0x85 0x02, a*b + c), which browsers and V8 accept.
// Both encodings are three bytes, so only those bytes change. Byte patterns could also occur inside
// immediates, so the rewrite is checked against binaryen's disassembly: the code section must hold
// exactly as many patterns as the disassembly has relaxed_fma instructions, and no other relaxed op.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';

const OLD = [0xfd, 0xaf, 0x01];
const NEW = [0xfd, 0x85, 0x02];

function fail(msg) {
  console.error(`relaxed_opcodes: ${msg}`);
  process.exit(1);
}

function leb(bytes, pos) {
  let v = 0, shift = 0, b;
  do {
    b = bytes[pos++];
    v |= (b & 0x7f) << shift;
    shift += 7;
  } while (b & 0x80);
  return [v >>> 0, pos];
}

/** [start, end) of the code section's payload. */
function codeSection(bytes) {
  let pos = 8;
  while (pos < bytes.length) {
    const id = bytes[pos];
    const [size, start] = leb(bytes, pos + 1);
    if (id === 10) return [start, start + size];
    pos = start + size;
  }
  fail('no code section');
}

const file = process.argv[2];
if (!file) fail('usage: node wasm/relaxed_opcodes.mjs <module.wasm>');
const bytes = new Uint8Array(readFileSync(file));
const text = execFileSync('wasm-dis', [file], { encoding: 'utf8', maxBuffer: 1 << 28 });
const expected = (text.match(/f32x4\.relaxed_fma\b/g) ?? []).length;
const others = new Set((text.match(/\b[a-z0-9]+x[0-9]+\.relaxed_[a-z_]+/g) ?? []).filter((op) => op !== 'f32x4.relaxed_fma'));
if (others.size > 0) fail(`${file} uses relaxed ops this rewrite does not know: ${[...others].join(', ')}`);

const [start, end] = codeSection(bytes);
const at = [];
for (let i = start; i + 3 <= end; i++) {
  if (bytes[i] === OLD[0] && bytes[i + 1] === OLD[1] && bytes[i + 2] === OLD[2]) at.push(i);
}
if (at.length !== expected) fail(`${file}: ${at.length} byte patterns but ${expected} relaxed_fma instructions; not rewriting`);
if (expected === 0) fail(`${file} has no relaxed_fma: was it built with -mrelaxed-simd -DMXJS_RELAXED?`);
for (const i of at) bytes.set(NEW, i);
writeFileSync(file, bytes);
console.log(`relaxed_opcodes: ${file}: ${expected} f32x4.relaxed_fma -> f32x4.relaxed_madd`);
