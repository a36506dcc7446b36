// New process → first prediction: spawn `node`, import the library, load the MLP (784-128-64-10) from
// disk, predict one sample, print it; wall time from spawn to the printed result, median over interleaved
// runs. mxjs loads an MXNet checkpoint through dist/index.js (npm run build), TF.js its weights from a raw
// float32 file (tfjs-core has no model loader), onnxruntime-web an .onnx file.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as mx from '../src/index.js';
import { mxjsParams, mxjsSymbol, netSpec, onnxGraph } from './lib/nets.js';
import { encodeModel } from './lib/onnx.js';
import { median } from './lib/timing.js';

export interface ColdStartResult {
  runs: number;
  mxjsMs: number;
  tfjsMs: number;
  ortMs: number;
}

// Each child gets the model location in argv and prints the predicted class; cwd is the repo root, so
// bare imports resolve to this checkout's node_modules.
const MXJS = `
const mx = await import('./dist/index.js');
const [sym, arg, aux] = await mx.model.load_checkpoint(process.argv[1], 0);
const exec = sym.simple_bind(mx.cpu(), { grad_req: 'null', data: [1, 784] });
exec.copy_params_from(arg, aux);
const p = await exec.forward(false, { data: new Float32Array(784).fill(0.5) })[0].asnumpy();
console.log(p.indexOf(Math.max(...p)));`;

const TFJS = `
const { readFileSync } = await import('node:fs');
const tf = await import('@tensorflow/tfjs-core');
const wasm = await import('@tensorflow/tfjs-backend-wasm');
wasm.setThreadsCount(1);
await tf.setBackend('wasm');
const buf = readFileSync(process.argv[1]);
const all = new Float32Array(buf.buffer, buf.byteOffset, buf.byteLength / 4);
let off = 0;
const take = (shape) => { const n = shape.reduce((a, b) => a * b, 1); const t = tf.tensor(all.subarray(off, off + n), shape); off += n; return t; };
const layers = [[784, 128], [128, 64], [64, 10]].map(([i, o]) => [take([i, o]), take([o])]);
let h = tf.fill([1, 784], 0.5);
layers.forEach(([w, b], k) => { h = tf.add(tf.matMul(h, w), b); if (k < 2) h = tf.relu(h); });
const p = Array.from(tf.softmax(h).dataSync());
console.log(p.indexOf(Math.max(...p)));`;

const ORT = `
const ort = await import('onnxruntime-web');
ort.env.wasm.numThreads = 1;
ort.env.wasm.proxy = false;
const s = await ort.InferenceSession.create(process.argv[1], { executionProviders: ['wasm'] });
const out = await s.run({ data: new ort.Tensor('float32', new Float32Array(784).fill(0.5), [1, 784]) });
const p = Array.from(out.softmax.data);
console.log(p.indexOf(Math.max(...p)));`;

/** Write the three model files of the same MLP; returns each child's model argument. */
async function writeModels(dir: string): Promise<{ mxjs: string; tfjs: string; ort: string }> {
  const spec = netSpec('mlp');
  const prefix = join(dir, 'mlp');
  const params = Object.fromEntries(Object.entries(mxjsParams(spec)).map(([k, p]) => [k, mx.nd.array(p.data, { shape: p.shape })]));
  await mx.model.save_checkpoint(prefix, 0, mxjsSymbol(mx, spec), params, {});
  for (const p of Object.values(params)) p.dispose();
  // TF.js file: per layer W as [in, out] (x·W) then b, float32 little-endian.
  const parts: Float32Array[] = [];
  for (const l of spec.layers) {
    const [o, i] = l.wShape as [number, number];
    const wt = new Float32Array(i * o);
    for (let r = 0; r < o; r++) for (let c = 0; c < i; c++) wt[c * o + r] = l.w[r * i + c]!;
    parts.push(wt, l.b);
  }
  const tfFile = join(dir, 'mlp.bin');
  writeFileSync(tfFile, Buffer.concat(parts.map((p) => Buffer.from(p.buffer, p.byteOffset, p.byteLength))));
  const ortFile = join(dir, 'mlp.onnx');
  writeFileSync(ortFile, encodeModel(onnxGraph(spec, 1)));
  return { mxjs: prefix, tfjs: tfFile, ort: ortFile };
}

/** Spawn one child; resolve with ms from spawn to its first printed line (and that line). */
function timeChild(script: string, arg: string): Promise<{ ms: number; line: string }> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, ['--input-type=module', '-e', script, arg], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '', err = '', done = false;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!done && out.includes('\n')) {
        done = true;
        resolve({ ms: performance.now() - t0, line: out.split('\n')[0]! });
      }
    });
    child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    child.on('error', reject);
    child.on('close', (code) => {
      if (!done) reject(new Error(`cold-start child exited with ${code} before printing: ${err.slice(-2000)}`));
    });
  });
}

/** Median cold-start time of each library over `runs` interleaved spawns (after one untimed round). */
export async function benchColdStart(runs = 7): Promise<ColdStartResult> {
  const dir = mkdtempSync(join(tmpdir(), 'mxjs-cold-'));
  try {
    const files = await writeModels(dir);
    const kinds = [[MXJS, files.mxjs], [TFJS, files.tfjs], [ORT, files.ort]] as const;
    const times: number[][] = [[], [], []];
    for (let r = -1; r < runs; r++) {
      const classes: string[] = [];
      for (let k = 0; k < kinds.length; k++) {
        const { ms, line } = await timeChild(kinds[k]![0], kinds[k]![1]);
        classes.push(line);
        if (r >= 0) times[k]!.push(ms);
      }
      // The three children predict the same class: they ran the same network.
      if (new Set(classes).size !== 1) throw new Error(`cold start: the libraries disagree on the class (${classes.join(', ')})`);
    }
    return { runs, mxjsMs: median(times[0]!), tfjsMs: median(times[1]!), ortMs: median(times[2]!) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = await benchColdStart(process.argv.includes('--quick') ? 2 : 7);
  console.log(`new process → first prediction (MLP, median of ${r.runs}): mxjs ${r.mxjsMs.toFixed(0)} ms, `
    + `TF.js wasm ${r.tfjsMs.toFixed(0)} ms, onnxruntime-web ${r.ortMs.toFixed(0)} ms`);
}
