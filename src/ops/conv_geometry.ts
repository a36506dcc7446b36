// Spatial parameters shared by Convolution, Deconvolution and Pooling (MXNet fills empty stride /
// dilate / pad to the kernel's rank) and their mapping onto the 2-D kernels: 1-D ops run as H = 1.

import { MXNetError } from '../base.js';

export interface Spatial {
  /** Number of spatial dims (1 or 2). */
  rank: number;
  kernel: number[];
  stride: number[];
  dilate: number[];
  pad: number[];
}

/** Expand empty tuples and check ranks; only 1-D and 2-D are implemented (3-D fails by name). */
export function spatialParams(where: string, p: { kernel: number[]; stride: number[]; dilate?: number[]; pad: number[] },
  rank = p.kernel.length): Spatial {
  if (rank !== 1 && rank !== 2) {
    throw new MXNetError(`${where}: ${rank}-D kernels are not supported (kernel=${JSON.stringify(p.kernel)}); only 1-D and 2-D`);
  }
  const fill = (name: string, v: number[] | undefined, dflt: number): number[] => {
    if (v === undefined || v.length === 0) return Array<number>(rank).fill(dflt);
    if (v.length !== rank) throw new MXNetError(`${where}: ${name} ${JSON.stringify(v)} must have ${rank} entries like the kernel`);
    return [...v];
  };
  const s: Spatial = {
    rank,
    kernel: fill('kernel', p.kernel, 1),
    stride: fill('stride', p.stride, 1),
    dilate: fill('dilate', p.dilate, 1),
    pad: fill('pad', p.pad, 0),
  };
  if (s.stride.some((v) => v < 1) || s.dilate.some((v) => v < 1) || s.kernel.some((v) => v < 1)) {
    throw new MXNetError(`${where}: kernel, stride and dilate must be positive, got kernel=${JSON.stringify(s.kernel)} stride=${JSON.stringify(s.stride)} dilate=${JSON.stringify(s.dilate)}`);
  }
  if (s.pad.some((v) => v < 0)) throw new MXNetError(`${where}: pad must be non-negative, got ${JSON.stringify(s.pad)}`);
  return s;
}

/** Dilated kernel extent per dim. */
export function dilatedKernel(s: Spatial): number[] {
  return s.kernel.map((k, i) => s.dilate[i]! * (k - 1) + 1);
}

/** A per-dim list as (h, w) for the 2-D kernels: 1-D values go to w, h gets `dflt`. */
export function hw(v: readonly number[], dflt: number): [number, number] {
  return v.length === 1 ? [dflt, v[0]!] : [v[0]!, v[1]!];
}

/** Check the data layout param: only channel-first layouts are implemented. */
export function checkLayout(where: string, layout: string | null, rank: number): void {
  const expected = rank === 1 ? 'NCW' : 'NCHW';
  if (layout !== null && layout !== expected) {
    throw new MXNetError(`${where}: layout ${layout} is not supported for a ${rank}-D kernel; use ${expected}`);
  }
}

/**
 * Data must be (N, C, spatial...) with the kernel's rank, and C divisible by num_group; returns C
 * (0 while unknown).
 */
export function checkConvData(where: string, data: readonly number[], rank: number, num_group: number): number {
  if (data.length !== rank + 2) {
    throw new MXNetError(`${where}: data must be ${rank + 2}-D (N, C, ${rank === 1 ? 'W' : 'H, W'}) for a ${rank}-D kernel, got shape (${data.join(', ')})`);
  }
  const C = data[1]!;
  if (C > 0 && C % num_group !== 0) {
    throw new MXNetError(`${where}: input channels ${C} must be divisible by num_group ${num_group}`);
  }
  return C;
}
