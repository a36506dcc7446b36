// npm run bench [-- --quick]: every workload of the Performance issue for mxjs and its peers in one run
// (TF.js wasm, onnxruntime-web wasm, PyTorch when installed), single thread, interleaved, warm-up +
// medians; then mxjs on 2 threads and on 2 cpu devices against its own single-thread runs, and the WebGPU
// path (bench/gpu.ts) where an adapter exists. Prints the
// tables (absolute numbers, ratios mxjs/peer, the issue's figures) and writes bench/results/latest.{json,md}.
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import * as mx from '../src/index.js';
import { benchColdStart } from './cold_start.js';
import { benchGemm, DEFAULT_SHAPES, formatGemmResults } from './gemm.js';
import { runLenetEpoch } from './lenet_epoch.js';
import { tableMarkdown, tableText, type Row } from './lib/table.js';
import { runMlpEpoch } from './mlp_epoch.js';
import { benchParallel, formatParallel } from './parallel.js';
import { benchPredict, formatPredict } from './predict.js';
import { runTorch } from './torch.js';

const quick = process.argv.includes('--quick');
const machine = `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}, Node ${process.version}`;
const load = () => loadavg()[0]!.toFixed(1);
const loadStart = load();
console.log(`mxjs benchmarks${quick ? ' (--quick)' : ''} on ${machine}, load average ${loadStart}\n`);
const step = (what: string) => console.log(`[${new Date().toISOString().slice(11, 19)}] ${what}`);

// The single-thread table: mxjs on one thread like every peer (threads are compared further down).
mx.engine.set_num_threads(1);

step('SGEMM');
const gemm = await benchGemm(quick ? { reps: 3, shapes: DEFAULT_SHAPES.slice(0, 1) } : {});
console.log(formatGemmResults(gemm));
const square = gemm[0]!;

step('MLP training epoch');
const mlp = await runMlpEpoch(quick ? 20 : 100);
console.log(`mxjs ${mlp.mxjsSeconds.toFixed(2)} s, TF.js wasm ${mlp.tfjsSeconds.toFixed(2)} s (from ${mlp.tfjsBatchesTimed} timed batches)`);

step('LeNet training epoch');
const lenet = await runLenetEpoch(quick ? 10 : 60);
console.log(`mxjs ${lenet.mxjsSeconds.toFixed(2)} s (from ${lenet.steps} timed batches); `
  + (lenet.torchSeconds === null ? lenet.torchNotice : `PyTorch ${lenet.torchSeconds.toFixed(2)} s`));

step('predict');
const reps = quick ? 5 : 15;
const cnn = await benchPredict('lenet', 64, reps);
console.log(formatPredict(cnn));
const one = await benchPredict('mlp', 1, reps);
console.log(formatPredict(one));

step('cold start');
const cold = await benchColdStart(quick ? 2 : 7);
console.log(`mxjs ${cold.mxjsMs.toFixed(0)} ms, TF.js wasm ${cold.tfjsMs.toFixed(0)} ms, onnxruntime-web ${cold.ortMs.toFixed(0)} ms`);

step('threads and devices');
const parallel = await benchParallel(quick);
console.log(formatParallel(parallel));

step('WebGPU');
// bench/gpu.ts in a child of its own (it sets up SwiftShader's environment at process start): GEMM 1024 and
// an MLP epoch on a subset, gpu(0) vs cpu. On SwiftShader these prove the path runs, not GPU speed.
const gpuRun = spawnSync('npx', ['tsx', 'bench/gpu.ts', '--images', quick ? '2000' : '12000'], { encoding: 'utf8', timeout: 900_000 });
const gpuLines = `${gpuRun.stdout ?? ''}`.trim().split('\n').filter((l) => l.length > 0);
if (gpuRun.status !== 0) gpuLines.push(`bench/gpu.ts failed (${gpuRun.status}): ${(gpuRun.stderr ?? '').trim().split('\n').at(-1)}`);
console.log(gpuLines.join('\n'));

step('PyTorch');
const torch = runTorch(quick ? 20 : 100, quick ? 2 : 7);
if (!torch) console.log('PyTorch not installed — skipped');

const rows: Row[] = [
  { workload: 'SGEMM 1024', unit: 'GFLOP/s', higherIsBetter: true, mxjs: square.mxjsGflops,
    peers: { tfjs: square.tfjsGflops, ort: null, torch: torch?.sgemmGflops ?? null }, issue: { tfjs: 28.1, ort: 24.5, torch: 35.5 } },
  { workload: 'MLP 784-128-64-10 train, batch 100, epoch of 60k', unit: 's', higherIsBetter: false, mxjs: mlp.mxjsSeconds,
    peers: { tfjs: mlp.tfjsSeconds, ort: null, torch: torch?.mlpEpochSeconds ?? null }, issue: { tfjs: 9.5, ort: 'cannot train', torch: 1.05 } },
  { workload: 'LeNet train, batch 64, epoch', unit: 's', higherIsBetter: false, mxjs: lenet.mxjsSeconds,
    peers: { tfjs: null, ort: null, torch: lenet.torchSeconds }, issue: { tfjs: 'cannot train', ort: 'cannot train', torch: 19.7 } },
  { workload: 'LeNet-style CNN predict, batch 64', unit: 'ms', higherIsBetter: false, mxjs: cnn.mxjsMs,
    peers: { tfjs: cnn.tfjsMs, ort: cnn.ortMs, torch: torch?.cnnPredictMs ?? null }, issue: { tfjs: 13.0, ort: 14.2, torch: 9.6 } },
  { workload: 'MLP predict, batch 1', unit: 'ms', higherIsBetter: false, mxjs: one.mxjsMs,
    peers: { tfjs: one.tfjsMs, ort: one.ortMs, torch: torch?.mlpPredictMs ?? null }, issue: { tfjs: 0.067, ort: 0.035, torch: 0.055 } },
  { workload: 'new process → first prediction', unit: 'ms', higherIsBetter: false, mxjs: cold.mxjsMs,
    peers: { tfjs: cold.tfjsMs, ort: cold.ortMs, torch: torch?.coldStartMs ?? null }, issue: { tfjs: 388, ort: 336, torch: 719 } },
];

const notes = [
  `Machine: ${machine}; load average ${loadStart} at the start, ${load()} at the end (other work shares the machine).`,
  'Single thread for every library (mxjs: mx.engine.set_num_threads(1)); peers interleaved with mxjs in one run; medians after warm-up.',
  '↑ higher is better, ↓ lower is better; mxjs/peer < 1 means mxjs is faster for times, > 1 for GFLOP/s.',
  'TF.js MLP epoch and both LeNet epochs are timed on a subset of batches and scaled to the epoch.',
  'Predict = host input → host probabilities (mxjs: bound executor forward + asnumpy).',
  'Cold start = spawn → printed class: import, load the MLP from disk, predict one sample.',
  torch ? 'PyTorch: Debian python3-torch, torch.set_num_threads(1); its cold start is timed spawn → exit.' : 'PyTorch not installed — skipped (— in its columns).',
  'The "issue:" columns are the peers\' figures quoted in the Performance issue (targets), not measured here.',
];
const text = tableText(rows);
console.log(`\n${text}\n\n${notes.join('\n')}\n\n${formatParallel(parallel)}`);

const md = [
  '# mxjs benchmark results', '', `Date: ${new Date().toISOString()}${quick ? ' (--quick)' : ''}`, '',
  tableMarkdown(rows), '', ...notes.map((n) => `- ${n}`), '',
  '## Threads and devices (mxjs against its own single-thread run)', '', formatParallel(parallel), '',
  'Epochs timed per batch in steady state (median batch interval after warm-up), scaled to 60,000 samples. '
    + '2 cpu devices = ctx [mx.cpu(0), mx.cpu(1)], one thread each (cpu(1) computes in a worker of its own).', '',
  '## WebGPU (`bench/gpu.ts`; on SwiftShader, a CPU emulation, the timings only show the path runs)', '',
  '```', ...gpuLines, '```', '',
  '## SGEMM shapes (GFLOP/s, higher is better)', '', '```', formatGemmResults(gemm), '```', '',
  '## Predict sanity checks', '', formatPredict(cnn), '', formatPredict(one), '',
].join('\n');
mkdirSync('bench/results', { recursive: true });
writeFileSync('bench/results/latest.json', JSON.stringify({ machine, date: new Date().toISOString(), quick, load: { start: Number(loadStart), end: Number(load()) },
  rows, gemm, mlp, lenet, predict: { cnn, mlp: one }, coldStart: cold, parallel, webgpu: gpuLines, torch }, null, 2));
writeFileSync('bench/results/latest.md', md);
console.log('\nwritten to bench/results/latest.{json,md}');
