// Deterministic fills of the base initializer that are not constants: the bilinear upsampling kernel
// (Initializer._init_bilinear) and the spatial-transformer identity bias (_init_loc_bias).

import { MXNetError, shapeStr } from '../base.js';
import type { NDArray } from '../ndarray/ndarray.js';

/**
 * weight[.., y, x] = (1 - |x/f - c|)(1 - |y/f - c|), f = ceil(W/2), c = (2f - 1 - f%2)/(2f) — note f
 * comes from the width for both axes, as in MXNet. One H×W block is computed on the host and
 * replicated over the leading (filter, channel) axes by doubling device copies.
 */
export function fillBilinear(name: string, arr: NDArray): void {
  if (arr.ndim !== 4) throw new MXNetError(`bilinear initialization of '${name}' needs a 4-D weight, got shape ${shapeStr(arr.shape)}`);
  const [, , h, w] = arr.shape as [number, number, number, number];
  const f = Math.ceil(w / 2);
  const c = (2 * f - 1 - (f % 2)) / (2 * f);
  const block = new Float32Array(h * w);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; x++) block[y * w + x] = (1 - Math.abs(x / f - c)) * (1 - Math.abs(y / f - c));
  }
  const total = arr.size;
  if (total === 0) return;
  const ref = arr.ref;
  arr.backend.upload(ref, block);
  for (let filled = block.length; filled < total; filled *= 2) {
    arr.backend.copy({ buf: ref.buf, off: ref.off + filled }, ref, Math.min(filled, total - filled));
  }
}

/** The identity affine transform [1, 0, 0, 0, 1, 0] for a SpatialTransformer localisation bias. */
export function fillLocBias(name: string, arr: NDArray): void {
  if (arr.shape[0] !== 6 || arr.size !== 6) throw new MXNetError(`'${name}' must have shape (6,) for the stn_loc bias, got ${shapeStr(arr.shape)}`);
  arr.set([1, 0, 0, 0, 1, 0]);
}
