// Runs the Deno + WebGPU smoke test (deno_gpu_smoke.ts) against dist/ with the npm `deno` binary. Deno's
// navigator.gpu is wgpu, which needs a driver: the first of the setups below that yields an adapter is used
// (SwiftShader from Debian's chromium package first — its shaders compile in seconds, where Mesa's GL path
// spends minutes on a cold shader cache). With no adapter at all the test is skipped with the reason shown.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, requireDist } from './built.js';

const DENO = join(REPO, 'node_modules/.bin/deno');
const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

interface GpuSetup {
  name: string;
  env: Record<string, string>;
}

/** Environment setups to try, most reliable first; each fully decides the wgpu backend Deno uses. */
function candidateSetups(): GpuSetup[] {
  const setups: GpuSetup[] = [];
  if (existsSync(SWIFTSHADER_ICD)) {
    // libvulkan.so.1 ships next to the ICD in /usr/lib/chromium: the image need not have libvulkan1.
    setups.push({ name: 'Vulkan on SwiftShader (chromium package)', env: {
      DENO_WEBGPU_BACKEND: 'vulkan', VK_ICD_FILENAMES: SWIFTSHADER_ICD,
      LD_LIBRARY_PATH: ['/usr/lib/chromium', process.env.LD_LIBRARY_PATH].filter(Boolean).join(':'),
    } });
  }
  setups.push({ name: 'OpenGL on Mesa (llvmpipe via EGL)', env: { DENO_WEBGPU_BACKEND: 'gl' } });
  setups.push({ name: "Deno's default backend selection", env: {} });
  return setups;
}

/** The adapter description Deno finds under `setup`, or null (with what Deno printed, for the skip reason). */
function probe(setup: GpuSetup): { adapter: string | null; output: string } {
  const code = 'const a = await navigator.gpu?.requestAdapter();'
    + 'console.log("ADAPTER=" + (a ? (a.info.description || a.info.vendor || "unnamed") : "none"));';
  const r = spawnSync(DENO, ['eval', code], {
    cwd: REPO, encoding: 'utf8', timeout: 60_000, env: { ...process.env, NO_COLOR: '1', ...setup.env },
  });
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`.trim();
  const m = /ADAPTER=(.*)/.exec(r.stdout ?? '');
  return { adapter: m && m[1] !== 'none' ? m[1]! : null, output: output || String(r.error) };
}

describe('Deno + WebGPU', () => {
  it('deno test test/platform/deno_gpu_smoke.ts passes on mx.gpu() against dist/', async (ctx) => {
    requireDist();
    expect(existsSync(DENO), `no deno binary at ${DENO}: npm ci installs it (devDependency deno)`).toBe(true);
    const tried: string[] = [];
    let chosen: GpuSetup | undefined;
    for (const setup of candidateSetups()) {
      const { adapter, output } = probe(setup);
      if (adapter) {
        chosen = setup;
        await ctx.annotate(`Deno WebGPU adapter: ${adapter} (${setup.name})`);
        break;
      }
      tried.push(`${setup.name}: ${output.split('\n').at(-1)}`);
    }
    if (!chosen) return ctx.skip(`Deno's navigator.gpu found no adapter; tried ${tried.join('; ')}`);

    const r = spawnSync(DENO, ['test', '--allow-read', 'test/platform/deno_gpu_smoke.ts'], {
      cwd: REPO, encoding: 'utf8', timeout: 280_000, env: { ...process.env, NO_COLOR: '1', ...chosen.env },
    });
    const out = `${r.stdout}\n${r.stderr}`;
    expect(out, out).toMatch(/ok \| 4 passed \| 0 failed/);
    expect(r.status, out).toBe(0);
  }, 300_000); // a Mesa GL fallback with a cold shader cache compiles for minutes
});
