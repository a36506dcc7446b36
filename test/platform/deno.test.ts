// Runs the Deno smoke test (deno_smoke.ts) against the built package with the npm `deno` binary:
// type-checks dist/ through its @ts-self-types banner, predicts with real checkpoints (FC and LeNet), trains.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO, requireDist } from './built.js';

describe('Deno', () => {
  it('deno test test/platform/deno_smoke.ts passes against dist/', () => {
    requireDist();
    const deno = join(REPO, 'node_modules/.bin/deno');
    const r = spawnSync(deno, ['test', '--allow-read', '--allow-write', '--allow-net', 'test/platform/deno_smoke.ts'], {
      cwd: REPO, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 110_000,
    });
    const out = `${r.stdout}\n${r.stderr}`;
    expect(r.error, `could not run ${deno}: npm ci installs it (devDependency deno)`).toBeUndefined();
    expect(out, out).toMatch(/ok \| 5 passed \| 0 failed/);
    expect(r.status, out).toBe(0);
  });

  it('deno check type-checks both entries of dist/ (including predict.js)', () => {
    requireDist();
    const r = spawnSync(join(REPO, 'node_modules/.bin/deno'), ['check', 'dist/index.js', 'dist/predict.js'], {
      cwd: REPO, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' }, timeout: 110_000,
    });
    expect(r.status, `${r.stdout}\n${r.stderr}`).toBe(0);
  });
});
