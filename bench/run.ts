// npm run bench: every workload for mxjs and its peers in one process, single thread, printed as one
// table of absolute numbers and ratios and written to bench/results/latest.{json,md}.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { benchGemm, formatGemmResults } from './gemm.js';
import { runMlpEpoch } from './mlp_epoch.js';

const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`;
console.log(`mxjs benchmarks on ${machine}\n`);

const gemm = await benchGemm();
console.log(formatGemmResults(gemm));

const mlp = await runMlpEpoch();
const mlpLine = `MLP 784-128-64-10 training epoch (60k images, batch 100): mxjs ${mlp.mxjsSeconds.toFixed(2)} s, `
  + `TF.js wasm ${mlp.tfjsSeconds.toFixed(2)} s (from ${mlp.tfjsBatchesTimed} timed batches), `
  + `ratio ${(mlp.mxjsSeconds / mlp.tfjsSeconds).toFixed(3)} (lower is better for mxjs)`;
console.log(`\n${mlpLine}`);

const md = [
  `# mxjs benchmark results`, '', `Machine: ${machine}. Single thread for every library.`, '',
  '## SGEMM (GFLOP/s, higher is better)', '', '```', formatGemmResults(gemm), '```', '',
  '## Training', '', mlpLine, '',
].join('\n');
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/latest.json', JSON.stringify({ machine, date: new Date().toISOString(), gemm, mlp }, null, 2));
writeFileSync('bench/results/latest.md', md);
console.log('\nwritten to bench/results/latest.{json,md}');
