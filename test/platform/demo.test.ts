// The browser demo (examples/browser/) end to end in headless Chromium: a short training run on a
// Fashion-MNIST subset must finish, draw its curves and reach a useful accuracy; the checkpoint it
// offers for download must load back from "dropped" files with the same predictions. Leaves a
// screenshot in test-results/browser-demo.png. A second, smaller run checks the page picks WebGPU.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Download, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserSession, openBrowser } from './browser.js';
import { REPO, requireDist } from './built.js';

const RUN = '?train=4000&test=1000&epochs=3&backend=wasm&autorun=1';

/** Pixels of one exact colour in a canvas (the curves are drawn in colours used nowhere else). */
function countColour(page: Page, id: string, rgb: [number, number, number]): Promise<number> {
  return page.evaluate(([canvasId, [r, g, b]]) => {
    const c = document.getElementById(canvasId) as HTMLCanvasElement;
    const d = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] === r && d[i + 1] === g && d[i + 2] === b) n++;
    return n;
  }, [id, rgb] as const);
}

async function waitForRun(page: Page, timeout = 100_000): Promise<string> {
  await page.waitForFunction(() => ['done', 'error'].includes(document.body.dataset.state ?? ''), undefined, { timeout });
  return page.evaluate(() => document.body.dataset.state!);
}

describe('browser demo (examples/browser)', () => {
  let session: BrowserSession;
  let page: Page;
  let errors: string[];
  let downloadsDir: string;

  beforeAll(async () => {
    requireDist();
    session = await openBrowser();
    ({ page, errors } = await session.newPage());
    await page.setViewportSize({ width: 1150, height: 1300 });
    await page.goto(`${session.server.url}/examples/browser/${RUN}`);
  });
  afterAll(async () => {
    await session?.close();
    if (downloadsDir) rmSync(downloadsDir, { recursive: true, force: true });
  });

  it('trains in the page to > 70% validation accuracy and reloads the OPFS checkpoint with the same accuracy', async () => {
    const state = await waitForRun(page);
    expect(state, await page.locator('#status').textContent() ?? '').toBe('done');
    expect(errors).toEqual([]);
    const valAcc = Number(await page.evaluate(() => document.body.dataset.valAcc));
    const predictAcc = Number(await page.evaluate(() => document.body.dataset.predictAcc));
    expect(valAcc).toBeGreaterThan(0.7);
    // Same final weights, same 1000 test images: FeedForward's validation pass and predict + argmax agree.
    expect(predictAcc).toBeCloseTo(valAcc, 9);
    expect(await page.locator('#loaded').textContent()).toContain('from browser storage');
    expect(await page.locator('#predictions .pred').count()).toBe(24);
    expect(await page.evaluate(() => document.body.dataset.backend)).toBe('WebAssembly SIMD');
  });

  it('draws the live curves: training lines and validation points on both charts, a full progress bar', async () => {
    const train: [number, number, number] = [0xd9, 0x48, 0x0f];
    const validation: [number, number, number] = [0x18, 0x64, 0xab];
    // Each legend swatch alone is 10×10 = 100 pixels; a curve adds far more.
    for (const chart of ['loss-chart', 'acc-chart']) {
      expect(await countColour(page, chart, train), `${chart} training line`).toBeGreaterThan(300);
      expect(await countColour(page, chart, validation), `${chart} validation points`).toBeGreaterThan(130);
    }
    const [value, max] = await page.evaluate(() => {
      const p = document.getElementById('progress') as HTMLProgressElement;
      return [p.value, p.max];
    });
    expect(max).toBe(3 * 40);
    expect(value).toBe(max);
    mkdirSync(join(REPO, 'test-results'), { recursive: true });
    await page.screenshot({ path: join(REPO, 'test-results/browser-demo.png'), fullPage: true });
  });

  it('offers the checkpoint for download; dropping the two files loads it back with the same predictions', async () => {
    const before = await page.evaluate(() => document.body.dataset.predictAcc);
    const downloads: Download[] = [];
    page.on('download', (d) => downloads.push(d));
    await page.click('#download');
    await expect.poll(() => downloads.length, { timeout: 20_000 }).toBe(2);
    downloadsDir = mkdtempSync(join(tmpdir(), 'mxjs-demo-'));
    const paths: string[] = [];
    for (const d of downloads) {
      const p = join(downloadsDir, d.suggestedFilename());
      await d.saveAs(p);
      paths.push(p);
    }
    expect(downloads.map((d) => d.suggestedFilename()).sort()).toEqual(['fashion_mlp-0003.params', 'fashion_mlp-symbol.json']);

    await page.evaluate(() => {
      document.body.dataset.state = 'loading';
    });
    await page.setInputFiles('#file-input', paths);
    expect(await waitForRun(page)).toBe('done');
    expect(await page.locator('#loaded').textContent()).toContain('loaded dropped fashion_mlp-0003.params');
    expect(await page.evaluate(() => document.body.dataset.predictAcc)).toBe(before);
    expect(errors).toEqual([]);
  });
});

describe('browser demo on WebGPU (SwiftShader)', () => {
  it('picks WebGPU, trains, and reloads its OPFS checkpoint with the same accuracy', async () => {
    requireDist();
    const session = await openBrowser();
    try {
      const { page, errors } = await session.newPage();
      await page.goto(`${session.server.url}/examples/browser/?train=1000&test=500&epochs=2&autorun=1`);
      expect(await waitForRun(page, 160_000), await page.locator('#status').textContent() ?? '').toBe('done');
      expect(errors).toEqual([]);
      const d = await page.evaluate(() => ({ ...document.body.dataset }));
      expect(d.backend).toBe('WebGPU'); // chosen by default when an adapter exists
      // 1000 images, 2 epochs: well above chance (0.1), below the wasm run's budget.
      expect(Number(d.valAcc)).toBeGreaterThan(0.5);
      expect(Number(d.predictAcc)).toBeCloseTo(Number(d.valAcc), 9);
    } finally {
      await session.close();
    }
  }, 180_000); // SwiftShader emulates the GPU on the CPU: slow, more so when the suite runs in parallel
});
