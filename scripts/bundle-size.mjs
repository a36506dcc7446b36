// Prints the README's bundle-size table for the current dist/: raw and gzip -9 bytes of what each
// entry loads (its own file plus the shared chunk) and of the wasm core.   node scripts/bundle-size.mjs
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const read = (f) => readFileSync(new URL(`../dist/${f}`, import.meta.url));
const kb = (n) => `${(n / 1024).toFixed(1)} KiB`;
const rows = [
  ['`mxjs` (dist/index.js + dist/mxjs-core.js)', ['index.js', 'mxjs-core.js']],
  ['`mxjs/predict` (dist/predict.js + dist/mxjs-core.js)', ['predict.js', 'mxjs-core.js']],
  ['dist/mxjs.wasm (both entries)', ['mxjs.wasm']],
];
console.log('| what a page loads | raw | gzip -9 |\n|---|---:|---:|');
for (const [label, files] of rows) {
  const bufs = files.map(read);
  const raw = bufs.reduce((s, b) => s + b.length, 0);
  const gz = bufs.reduce((s, b) => s + gzipSync(b, { level: 9 }).length, 0);
  console.log(`| ${label} | ${kb(raw)} | ${kb(gz)} |`);
}
