// The built package in headless Chromium: browser_smoke.js runs in a page served by scripts/serve.ts and
// returns what it saw (on wasm, then on WebGPU); the checks here compare it with float64 references
// computed from the fixture's bytes (read by test/format/params_bytes.ts, independently of src/format).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserSession, openBrowser } from './browser.js';
import { requireDist } from './built.js';
import { goTestReference } from './go_test_reference.js';

interface Prediction {
  shape: number[];
  values: number[];
}
interface SmokeResult {
  crossOriginIsolated: boolean;
  threads: { count: number; sameOnOneAndTwo: boolean };
  trainAccuracy: number;
  goTestInput: number[];
  goTestByUrl: Prediction;
  opfsFiles: string[];
  opfsReloadSame: boolean;
  blobNames: string[];
  blobsMatchOpfs: boolean;
  fileReloadSame: boolean;
  predictEntryHasTraining: boolean;
  goTestPredictEntry: Prediction;
}

function maxAbsDiff(a: number[], b: number[]): number {
  return a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);
}

describe('Chromium (wasm backend)', () => {
  let session: BrowserSession;
  let result: SmokeResult;
  let errors: string[];

  beforeAll(async () => {
    requireDist();
    session = await openBrowser();
    const opened = await session.newPage();
    errors = opened.errors;
    await opened.page.goto(`${session.server.url}/test/platform/smoke.html`);
    result = (await opened.page.evaluate('import("/test/platform/browser_smoke.js").then((m) => m.run())')) as SmokeResult;
  });
  afterAll(async () => {
    await session?.close();
  });

  it('runs without page errors, cross-origin isolated by the server headers', () => {
    expect(errors).toEqual([]);
    expect(result.crossOriginIsolated).toBe(true);
  });

  it('uses 2 threads (Web Workers on the threaded core) in the isolated page, with the same results as 1', () => {
    expect(result.threads.count).toBe(2);
    expect(result.threads.sameOnOneAndTwo).toBe(true);
  });

  it('trains an MLP in the page to > 95% accuracy on separable blobs', () => {
    expect(result.trainAccuracy).toBeGreaterThan(0.95);
  });

  it('loads a real MXNet checkpoint from an http URL prefix and predicts like the float64 reference', () => {
    expect(result.goTestByUrl.shape).toEqual([10, 10]);
    expect(maxAbsDiff(result.goTestByUrl.values, goTestReference(result.goTestInput))).toBeLessThan(1e-5);
  });

  it('saves a checkpoint to the Origin Private File System and loads it back unchanged', () => {
    expect(result.opfsFiles).toEqual(['blobs-0010.params', 'blobs-symbol.json']);
    expect(result.opfsReloadSame).toBe(true);
  });

  it('save_checkpoint_to_blobs gives the same bytes as the saved files; load_checkpoint_frombuffer reads dropped Files', () => {
    expect(result.blobNames).toEqual(['blobs-0010.params', 'blobs-symbol.json']);
    expect(result.blobsMatchOpfs).toBe(true);
    expect(result.fileReloadSame).toBe(true);
  });

  it('mxjs/predict (no training code) loads a checkpoint from ArrayBuffers and predicts the same', () => {
    expect(result.predictEntryHasTraining).toBe(false);
    expect(result.goTestPredictEntry).toEqual(result.goTestByUrl);
  });
});

describe('Chromium (WebGPU backend, SwiftShader via --enable-unsafe-webgpu)', () => {
  it('trains the same MLP on mx.gpu() in the page, matching the wasm run', async () => {
    requireDist();
    const session = await openBrowser();
    try {
      const { page, errors } = await session.newPage();
      await page.goto(`${session.server.url}/test/platform/smoke.html`);
      const r = (await page.evaluate('import("/test/platform/browser_smoke.js").then((m) => m.runWebGpu())')) as {
        gpus: number; wasmAccuracy: number; webgpuAccuracy: number; maxProbDiff: number;
      };
      expect(r.gpus, 'mx.context.init_gpus() found no WebGPU adapter').toBe(1);
      expect(r.webgpuAccuracy).toBeGreaterThan(0.95);
      expect(r.wasmAccuracy).toBeGreaterThan(0.95);
      // Same seed, same data, same arithmetic up to float32 summation order.
      expect(r.maxProbDiff).toBeLessThan(1e-4);
      expect(errors).toEqual([]);
    } finally {
      await session.close();
    }
  }, 180_000); // SwiftShader emulates the GPU on the CPU: slow, more so when the suite runs in parallel
});
