// The package inside a bundled web app: `npm pack`, install the tarball into a temporary project holding
// test/platform/bundler_app, build it with Vite's and webpack's JS APIs (served by Vite's static `preview()`
// server) and run it on Vite's dev server, each loaded in headless Chromium. The app imports 'mxjs' by name
// and predicts with a real MXNet checkpoint; the wasm core must be emitted as an asset and found at run time.
import { execFileSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { build, createServer, preview } from 'vite';
import webpack from 'webpack';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM } from './browser.js';
import { REPO, requireDist } from './built.js';
import { GO_TEST_DIR, goTestReference } from './go_test_reference.js';

const FIXTURE_DIR = GO_TEST_DIR;

interface AppResult {
  error?: string;
  input: number[];
  shape: number[];
  values: number[];
}

/** A temporary project: the app's sources, the fixture under public/ and the packed mxjs in node_modules. */
function makeProject(dir: string): string {
  const project = join(dir, 'app');
  cpSync(join(REPO, 'test/platform/bundler_app'), project, { recursive: true });
  mkdirSync(join(project, 'public/fixture'), { recursive: true });
  for (const f of ['go_test-symbol.json', 'go_test-0001.params']) copyFileSync(join(FIXTURE_DIR, f), join(project, 'public/fixture', f));
  const out = execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', dir], { cwd: REPO, encoding: 'utf8' });
  const tarball = join(dir, (JSON.parse(out) as { filename: string }[])[0]!.filename);
  mkdirSync(join(project, 'node_modules/mxjs'), { recursive: true });
  execFileSync('tar', ['-xzf', tarball, '-C', join(project, 'node_modules/mxjs'), '--strip-components=1']);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'bundler-app', private: true, type: 'module' }));
  return project;
}

/** What the app did in a fresh Chromium page, and every .wasm it fetched (URL, HTTP status). */
interface PageRun {
  result: AppResult;
  wasm: { url: string; status: number }[];
  errors: string[];
}

/** Open `url` in a fresh page and wait for the app's result. */
async function openApp(browser: Browser, url: string): Promise<PageRun> {
  const page = await browser.newPage();
  try {
    const run: PageRun = { result: { input: [], shape: [], values: [] }, wasm: [], errors: [] };
    page.on('pageerror', (e) => run.errors.push(`pageerror: ${e.message}`));
    page.on('response', (r) => {
      if (r.url().endsWith('.wasm')) run.wasm.push({ url: r.url(), status: r.status() });
      if (r.status() >= 400) run.errors.push(`HTTP ${r.status()} ${r.url()}`);
    });
    await page.goto(url);
    // The bundle's top-level await (the wasm load) can finish after the load event.
    await page.waitForFunction('window.mxjsResult !== undefined', undefined, { timeout: 60_000 });
    run.result = (await page.evaluate('window.mxjsResult')) as AppResult;
    return run;
  } finally {
    await page.close();
  }
}

/** Serve `outDir` with Vite's static preview server (any bundler's output works) and open it. */
async function runBuiltApp(browser: Browser, root: string, outDir: string): Promise<PageRun> {
  const server = await preview({
    root, configFile: false, logLevel: 'warn', build: { outDir }, preview: { port: 0, host: '127.0.0.1' },
  });
  try {
    return await openApp(browser, server.resolvedUrls!.local[0]!);
  } finally {
    await server.close();
  }
}

/** Paths (relative to outDir, '/'-separated) of every .wasm file in a build output. */
function emittedWasm(outDir: string): string[] {
  return (readdirSync(outDir, { recursive: true }) as string[]).filter((f) => f.endsWith('.wasm')).map((f) => f.split(sep).join('/'));
}

/**
 * The page fetched one single-threaded core (the page is not cross-origin isolated) — the relaxed-SIMD
 * build where the browser validates relaxed SIMD, else the SIMD128 one — from `wasmPath(file)` (once,
 * HTTP 200) and predicted right, without errors.
 */
function checkPagePredicts(run: () => PageRun, wasmPath: (file: string) => string): void {
  it(`the page fetches the wasm core and predicts like the float64 reference, without errors`, () => {
    const { result, wasm, errors } = run();
    expect(result.error).toBeUndefined();
    expect(errors).toEqual([]);
    const fetched = wasm.map((r) => [new URL(r.url).pathname, r.status]);
    expect([[[wasmPath('mxjs-relaxed.wasm'), 200]], [[wasmPath('mxjs.wasm'), 200]]]).toContainEqual(fetched);
    expect(result.shape).toEqual([10, 10]);
    const want = goTestReference(result.input);
    const worst = result.values.reduce((m, v, i) => Math.max(m, Math.abs(v - want[i]!)), 0);
    expect(worst).toBeLessThan(1e-5);
  });
}

/** The emitted file equal to the package's dist/<name>. */
function emittedCopyOf(outDir: string, name: string): string | undefined {
  const want = readFileSync(join(REPO, 'dist', name));
  return emittedWasm(outDir).find((f) => readFileSync(join(outDir, f)).equals(want));
}

/**
 * The checks every bundler's build must pass: both wasm cores emitted unchanged, and the page (not
 * cross-origin isolated, so single-threaded) fetching mxjs.wasm and predicting as above.
 */
function checkBuild(outDir: () => string, run: () => PageRun): void {
  it('emits the four builds of the wasm core as assets of the build', () => {
    const wasm = emittedWasm(outDir());
    expect(wasm, `files: ${readdirSync(outDir(), { recursive: true }).join(', ')}`).toHaveLength(4);
    for (const f of ['mxjs.wasm', 'mxjs-mt.wasm', 'mxjs-relaxed.wasm', 'mxjs-mt-relaxed.wasm']) expect(emittedCopyOf(outDir(), f), f).toBeDefined();
  });
  checkPagePredicts(run, (file) => `/${emittedCopyOf(outDir(), file)}`);
}

describe('bundled apps importing mxjs, run in headless Chromium', () => {
  let dir: string;
  let project: string;
  let browser: Browser;

  beforeAll(async () => {
    requireDist();
    dir = mkdtempSync(join(tmpdir(), 'mxjs-bundlers-'));
    project = makeProject(dir);
    browser = await chromium.launch({
      executablePath: CHROMIUM, args: ['--no-sandbox', '--no-first-run', '--disable-background-networking'],
    });
  });
  afterAll(async () => {
    await browser?.close().catch(() => undefined);
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  describe('Vite 8 (build() JS API)', () => {
    let run: PageRun;
    const outDir = () => join(project, 'out-vite');
    beforeAll(async () => {
      // mxjs loads its core with top-level await: the bundle must target ES2022 or later.
      await build({
        root: project, configFile: false, logLevel: 'warn', build: { outDir: outDir(), target: 'es2022', emptyOutDir: true },
      });
      run = await runBuiltApp(browser, project, outDir());
    });
    checkBuild(outDir, () => run);
  });

  describe('Vite 8 dev server (createServer, default dependency pre-bundling)', () => {
    let run: PageRun;
    beforeAll(async () => {
      const server = await createServer({ root: project, configFile: false, logLevel: 'warn', cacheDir: join(project, '.vite'),
        server: { port: 0, host: '127.0.0.1' } });
      try {
        await server.listen();
        run = await openApp(browser, server.resolvedUrls!.local[0]!);
      } finally {
        await server.close();
      }
    });
    // Pre-bundling keeps the wasm reference pointing into the installed package.
    checkPagePredicts(() => run, (file) => `/node_modules/mxjs/dist/${file}`);
  });

  describe('webpack 5 (JS API)', () => {
    let run: PageRun;
    let warnings: string[];
    const outDir = () => join(project, 'out-webpack');
    beforeAll(async () => {
      const config: webpack.Configuration = {
        mode: 'production', context: project, entry: './main.js',
        // An ES module bundle named main.js, so the app's own index.html loads it unchanged.
        output: { path: outDir(), filename: 'main.js', module: true, clean: true },
        experiments: { outputModule: true },
        performance: { hints: false },
      };
      const stats = await new Promise<webpack.Stats>((ok, fail) => {
        const compiler = webpack(config);
        compiler.run((err, s) => compiler.close(() => (err || !s ? fail(err ?? new Error('webpack gave no stats')) : ok(s))));
      });
      const info = stats.toJson({ all: false, errors: true, warnings: true });
      expect(stats.hasErrors(), JSON.stringify(info.errors, null, 1)).toBe(false);
      warnings = (info.warnings ?? []).map((w) => `${w.moduleName ?? ''}: ${w.message}`);
      copyFileSync(join(project, 'index.html'), join(outDir(), 'index.html'));
      cpSync(join(project, 'public'), outDir(), { recursive: true });
      run = await runBuiltApp(browser, project, outDir());
    });
    checkBuild(outDir, () => run);

    it('builds without warnings', () => {
      expect(warnings).toEqual([]);
    });
  });
});
