// mx.gpu() in headless Chromium through navigator.gpu (the built package, SwiftShader adapter): an MLP
// trained on the page's gpu predicts what the same training on the page's cpu predicts.
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { maxViolation } from '../kernels/reference.js';
import { type BrowserSession, CHROMIUM, openBrowser } from '../platform/browser.js';
import { requireDist } from '../platform/built.js';
import { MOUNTS } from '../../scripts/serve.js';

interface GpuPageResult {
  hasNavigatorGpu: boolean;
  numGpus: number;
  probs?: Record<string, number[]>;
  labels?: number[];
}

const haveChromium = existsSync(CHROMIUM);

describe.skipIf(!haveChromium)(`Chromium navigator.gpu${haveChromium ? '' : ' [SKIPPED: no Chromium — apt-get install chromium]'}`, () => {
  let session: BrowserSession;
  let result: GpuPageResult;
  let errors: string[];

  beforeAll(async () => {
    requireDist();
    // The page loads browser_gpu.js from this directory, which the dev server does not mount by default.
    MOUNTS['/test/webgpu/'] = dirname(fileURLToPath(import.meta.url));
    session = await openBrowser();
    const opened = await session.newPage();
    errors = opened.errors;
    await opened.page.goto(`${session.server.url}/test/platform/smoke.html`);
    result = (await opened.page.evaluate('import("/test/webgpu/browser_gpu.js").then((m) => m.run())')) as GpuPageResult;
  });
  afterAll(async () => {
    await session?.close();
  });

  it('finds a WebGPU adapter and trains on mx.gpu() like on mx.cpu()', () => {
    expect(errors).toEqual([]);
    expect(result.hasNavigatorGpu).toBe(true);
    expect(result.numGpus).toBe(1);
    const cpu = result.probs!['cpu(0)']!, gpu = result.probs!['gpu(0)']!;
    expect(gpu).toHaveLength(200 * 4);
    expect(maxViolation(gpu, cpu, 1e-4, 1e-3)).toBeLessThanOrEqual(1);
    let correct = 0;
    for (let i = 0; i < 200; i++) {
      const row = gpu.slice(i * 4, i * 4 + 4);
      if (row.indexOf(Math.max(...row)) === result.labels![i]) correct++;
    }
    expect(correct / 200).toBeGreaterThan(0.9);
  });
});
