// The package as a user gets it: `npm pack`, unpack the tarball as node_modules/mxjs of a temporary
// project (what `npm i mxjs-0.1.0.tgz` does for a package without dependencies, minus the network),
// then import it from Node by name — both entries, named and default imports — predict with a real
// checkpoint, and type-check a TypeScript consumer against the shipped declarations.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO, requireDist } from './built.js';

const FIXTURE = join(REPO, '../shared/fixtures/mxnet/go_test_attr/go_test');

const CONSUMER_JS = `
import * as mx from 'mxjs';
import mxDefault from 'mxjs';
import * as mxp from 'mxjs/predict';
import mxpDefault from 'mxjs/predict';
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

async function predict(m) {
  const [sym, arg, aux] = await m.model.load_checkpoint(${JSON.stringify(FIXTURE)}, 1);
  const exec = sym.simple_bind(m.cpu(), { grad_req: 'null', data: [1, 10], softmax_label: [10] });
  exec.copy_params_from(arg, aux);
  const x = Float32Array.from({ length: 10 }, (_, i) => i / 10);
  const [out] = exec.forward({ data: m.nd.array(x, { shape: [1, 10] }) });
  return { shape: out.shape, values: Array.from(await out.asnumpy()) };
}
const full = await predict(mx);
const viaDefault = await predict(mxDefault);
const viaPredict = await predict(mxp);
console.log(JSON.stringify({
  full, viaDefault, viaPredict,
  defaultIsNamespace: mxDefault.nd === mx.nd && mxDefault.model === mx.model && typeof mxDefault.ready === 'function',
  predictDefaultIsNamespace: mxpDefault.model === mxp.model,
  predictHasFeedForward: 'FeedForward' in mxp.model,
  fullHasFeedForward: typeof mx.model.FeedForward === 'function',
  wasmExportBytes: statSync(fileURLToPath(import.meta.resolve('mxjs/mxjs.wasm'))).size,
}));
`;

// A bundler or CDN that moved the wasm elsewhere: the import still succeeds, cpu work fails with a clear
// MXNetError, and mx.setWasmLocation + mx.ready() recover.
const MOVED_JS = `
import * as mx from 'mxjs';
let before = 'no error';
try { mx.nd.ones([2]); } catch (e) { before = e.name + ': ' + e.message; }
let readyError = 'no error';
try { await mx.ready(); } catch (e) { readyError = e.name + ': ' + e.message; }
mx.setWasmLocation(new URL('./assets/core.wasm', import.meta.url), new URL('./assets/core-mt.wasm', import.meta.url));
await mx.ready();
const two = mx.nd.ones([2, 2]).add(mx.nd.ones([2, 2]));
console.log(JSON.stringify({ before, readyError, two: Array.from(await two.asnumpy()), threads: mx.engine.get_num_threads() }));
`;

const CONSUMER_TS = `
import * as mx from 'mxjs';
import mxDefault from 'mxjs';
import * as mxp from 'mxjs/predict';

const a: mx.NDArray = mx.nd.zeros([2, 3]);
const b: mx.NDArray = mxDefault.nd.ones([2, 3]);
export async function predictOnly(json: string, params: Uint8Array): Promise<number[]> {
  const [sym, arg, aux] = await mxp.model.load_checkpoint_frombuffer(json, params);
  const exec = sym.simple_bind(mxp.cpu(), { grad_req: 'null', data: [1, 10] });
  exec.copy_params_from(arg, aux);
  return exec.forward({ data: mxp.nd.zeros([1, 10]) })[0]!.shape;
}
export async function blobs(model: mx.model.FeedForward): Promise<Record<string, Blob>> {
  return mx.model.save_checkpoint_to_blobs('m', 1, model.symbol, model.arg_params!, model.aux_params!);
}
export const sum: mx.NDArray = a.add(b);
`;

describe('npm pack → install → import from Node', () => {
  let dir: string;
  let files: string[];

  beforeAll(() => {
    requireDist();
    dir = mkdtempSync(join(tmpdir(), 'mxjs-pack-'));
    const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { cwd: REPO, encoding: 'utf8' });
    const info = JSON.parse(out) as { filename: string; files: { path: string }[] }[];
    files = info[0]!.files.map((f) => f.path);
    const project = join(dir, 'consumer');
    mkdirSync(join(project, 'node_modules/mxjs'), { recursive: true });
    execFileSync('tar', ['-xzf', join(dir, info[0]!.filename), '-C', join(project, 'node_modules/mxjs'), '--strip-components=1']);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    writeFileSync(join(project, 'consumer.mjs'), CONSUMER_JS);
    writeFileSync(join(project, 'consumer.ts'), CONSUMER_TS);
    const moved = join(dir, 'moved');
    mkdirSync(join(moved, 'node_modules/mxjs'), { recursive: true });
    mkdirSync(join(moved, 'assets'));
    execFileSync('tar', ['-xzf', join(dir, info[0]!.filename), '-C', join(moved, 'node_modules/mxjs'), '--strip-components=1']);
    renameSync(join(moved, 'node_modules/mxjs/dist/mxjs.wasm'), join(moved, 'assets/core.wasm'));
    renameSync(join(moved, 'node_modules/mxjs/dist/mxjs-mt.wasm'), join(moved, 'assets/core-mt.wasm'));
    writeFileSync(join(moved, 'package.json'), JSON.stringify({ name: 'moved', private: true, type: 'module' }));
    writeFileSync(join(moved, 'moved.mjs'), MOVED_JS);
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true, noEmit: true,
        lib: ['ES2022', 'DOM'], types: [], skipLibCheck: false },
      files: ['consumer.ts'],
    }));
  });
  afterAll(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('the tarball holds both entries, their types, the shared chunk and the wasm — and no sources or tests', () => {
    for (const f of ['package.json', 'README.md', 'dist/index.js', 'dist/index.d.ts', 'dist/predict.js', 'dist/predict.d.ts',
      'dist/mxjs-core.js', 'dist/mxjs.wasm', 'dist/mxjs-mt.wasm', 'dist/mxjs-relaxed.wasm', 'dist/mxjs-mt-relaxed.wasm']) {
      expect(files, f).toContain(f);
    }
    expect(files.filter((f) => !f.startsWith('dist/') && !['package.json', 'README.md', 'LICENSE'].includes(f))).toEqual([]);
  });

  it("import * as mx from 'mxjs', import mx from 'mxjs' and 'mxjs/predict' all load and predict the same", () => {
    const r = spawnSync(process.execPath, ['consumer.mjs'], { cwd: join(dir, 'consumer'), encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const got = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    expect(got.full.shape).toEqual([10, 10]);
    // Each row is a softmax: positive, sums to 1.
    for (let i = 0; i < 10; i++) {
      const row = got.full.values.slice(i * 10, i * 10 + 10) as number[];
      expect(row.every((v) => v > 0)).toBe(true);
      expect(row.reduce((s, v) => s + v, 0)).toBeCloseTo(1, 5);
    }
    expect(got.viaDefault).toEqual(got.full);
    expect(got.viaPredict).toEqual(got.full);
    expect(got.defaultIsNamespace).toBe(true);
    expect(got.predictDefaultIsNamespace).toBe(true);
    expect(got.fullHasFeedForward).toBe(true);
    expect(got.predictHasFeedForward).toBe(false);
    expect(got.wasmExportBytes).toBeGreaterThan(1000);
  });

  it('with the wasm moved away, cpu work names the problem; setWasmLocation + ready() recover', () => {
    const r = spawnSync(process.execPath, ['moved.mjs'], { cwd: join(dir, 'moved'), encoding: 'utf8', timeout: 60_000 });
    expect(r.status, r.stderr).toBe(0);
    const got = JSON.parse(r.stdout.trim().split('\n').at(-1)!);
    expect(got.before).toMatch(/^MXNetError: the WebAssembly backend for cpu\(0\) is not loaded: .*mxjs\.wasm/);
    expect(got.before).toContain('mx.ready()');
    expect(got.readyError).toMatch(/^MXNetError: cannot load the mxjs WebAssembly core from .*mxjs\.wasm/);
    expect(got.two).toEqual([2, 2, 2, 2]);
    expect(got.threads).toBeGreaterThanOrEqual(1);
  });

  it('a TypeScript consumer (NodeNext resolution, full lib check) type-checks against the shipped .d.ts files', () => {
    const r = spawnSync(process.execPath, [join(REPO, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json'], {
      cwd: join(dir, 'consumer'), encoding: 'utf8', timeout: 110_000,
    });
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
  });
});
