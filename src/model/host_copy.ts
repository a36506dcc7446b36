// Host copies for the model code that reads values on the CPU (metrics, predict outputs, parameter
// dicts, checkpoints): cpu arrays pass through unchanged, gpu arrays are read back asynchronously.

import { cpu } from '../context.js';
import { copyAsync, type NDArray } from '../ndarray/ndarray.js';

export interface HostArrays {
  arrays: NDArray[];
  /** Frees the copies that were made (never the caller's cpu arrays). */
  dispose(): void;
}

export async function onHost(arrays: readonly NDArray[]): Promise<HostArrays> {
  const copies: NDArray[] = [];
  const out: NDArray[] = [];
  try {
    for (const a of arrays) {
      if (a.context.isCpu) {
        out.push(a);
      } else {
        const c = await copyAsync(a, cpu());
        copies.push(c);
        out.push(c);
      }
    }
  } catch (e) {
    for (const c of copies) c.dispose();
    throw e;
  }
  return { arrays: out, dispose: () => { for (const c of copies) c.dispose(); } };
}

/** dst[:] = src across any two devices, awaiting the read-back when src has no synchronous one. */
export async function copyIntoAsync(src: NDArray, dst: NDArray): Promise<void> {
  if (src.backend === dst.backend || src.backend.downloadSync) {
    src.copyto(dst);
    return;
  }
  dst.set(await src.asnumpy());
}
