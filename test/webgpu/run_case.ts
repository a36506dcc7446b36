// Runs one kernel-table case (kernel_cases.ts / cnn_cases.ts) on a backend and compares a WebGPU result
// with the wasm one; shared by the kernel suites (normal, small binding limit, compatibility mode).
import { expect } from 'vitest';
import type { Backend, DeviceBuffer, Ref } from '../../src/backends/backend.js';
import { maxViolation } from '../kernels/reference.js';
import type { KernelCase } from './kernel_cases.js';

const IN_OFF = 3;
const OUT_OFF = 5;

/** Run one case on `be`; returns the read-back arrays by name. */
export async function runCase(be: Backend, c: KernelCase): Promise<Record<string, Float32Array>> {
  const bufs: DeviceBuffer[] = [];
  const refs: Record<string, Ref> = {};
  const lengths: Record<string, number> = {};
  const make = (name: string, n: number, off: number, data?: ArrayLike<number>) => {
    const buf = be.alloc(n + off);
    bufs.push(buf);
    be.fill({ buf, off: 0 }, n + off, NaN);
    refs[name] = { buf, off };
    lengths[name] = n;
    if (data) be.upload(refs[name]!, data);
  };
  for (const [k, v] of Object.entries(c.inputs)) make(k, v.length, IN_OFF, v);
  for (const [k, n] of Object.entries(c.outputs)) make(k, n, OUT_OFF);
  try {
    c.run(be, refs);
    const out: Record<string, Float32Array> = {};
    for (const k of [...Object.keys(c.outputs), ...(c.read ?? [])]) out[k] = await be.download(refs[k]!, lengths[k]!);
    return out;
  } finally {
    for (const b of bufs) be.free(b);
  }
}

/** Every array of `got` equals `want`: bit for bit for exact cases, else within the case's tolerances. */
export function expectSameResults(c: KernelCase, want: Record<string, Float32Array>, got: Record<string, Float32Array>): void {
  for (const k of Object.keys(want)) {
    if (c.exact) {
      expect(Array.from(got[k]!), `${c.name}: ${k}`).toEqual(Array.from(want[k]!));
    } else {
      expect(maxViolation(got[k]!, want[k]!, c.atol ?? 1e-6, c.rtol ?? 1e-4), `${c.name}: ${k}`).toBeLessThanOrEqual(1);
    }
  }
}
