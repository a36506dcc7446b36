// Static limits of every shader in gpu/wgsl (with its //!include libraries): one compute entry point,
// at most 4 storage buffers (compatibility mode's per-stage limit) and at most 128 invocations per
// workgroup (compatibility mode's maxComputeInvocationsPerWorkgroup). Needs no GPU.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const DIR = join(import.meta.dirname, '../../gpu/wgsl');

function expand(file: string, seen = new Set<string>()): string {
  return readFileSync(file, 'utf8').split('\n').map((line) => {
    const m = /^\s*\/\/!include\s+([\w-]+)\s*$/.exec(line);
    if (!m) return line;
    const lib = join(DIR, 'lib', `${m[1]}.wgsl`);
    if (seen.has(lib)) return '';
    seen.add(lib);
    return expand(lib, seen);
  }).join('\n');
}

/** Comments removed, so commented-out declarations do not count. */
const code = (src: string) => src.replace(/\/\/[^\n]*/g, '');

const shaders = readdirSync(DIR).filter((f) => f.endsWith('.wgsl')).sort();

describe('WGSL shaders respect compatibility-mode limits', () => {
  it('finds the shaders', () => {
    expect(shaders.length).toBeGreaterThan(40);
  });

  for (const f of shaders) {
    it(f, () => {
      const src = code(expand(join(DIR, f)));
      // One entry point per module, so the module's storage bindings are that entry point's.
      expect(src.match(/@compute/g)?.length, `${f}: compute entry points`).toBe(1);
      const storage = src.match(/var\s*<\s*storage\b/g)?.length ?? 0;
      expect(storage, `${f}: storage buffers`).toBeLessThanOrEqual(4);
      const wg = /@workgroup_size\(([^)]*)\)/.exec(src);
      expect(wg, `${f}: @workgroup_size`).not.toBeNull();
      const dims = wg![1]!.split(',').map((s) => s.trim()).filter((s) => s !== '').map((s) => Number(s));
      expect(dims.every(Number.isInteger), `${f}: literal workgroup size ${wg![1]}`).toBe(true);
      expect(dims.reduce((a, b) => a * b, 1), `${f}: invocations per workgroup`).toBeLessThanOrEqual(128);
    });
  }

  it('counts a storage binding the way the limit does (a 5-binding shader is caught)', () => {
    const five = Array.from({ length: 5 }, (_, i) => `@group(0) @binding(${i}) var<storage, read> a${i}: array<f32>;`).join('\n');
    expect(code(five).match(/var\s*<\s*storage\b/g)?.length).toBe(5);
  });
});
