// Timing helpers for the benchmarks: interleaved warm-up + median-of-N measurements, so that two
// implementations compared in one process see the same machine load.

export interface Timed {
  /** Median milliseconds per call. */
  medianMs: number;
  samples: number[];
}

/**
 * Time each function `reps` times, alternating between them every repetition (after `warmup`
 * untimed rounds). A sample is the mean of `inner` back-to-back calls, for very short calls.
 */
export function timeInterleaved(fns: readonly (() => void)[], reps: number, warmup = 2, inner = 1): Timed[] {
  for (let w = 0; w < warmup; w++) for (const f of fns) f();
  const samples = fns.map(() => [] as number[]);
  for (let r = 0; r < reps; r++) {
    fns.forEach((f, k) => {
      const t0 = performance.now();
      for (let i = 0; i < inner; i++) f();
      samples[k]!.push((performance.now() - t0) / inner);
    });
  }
  return samples.map((s) => ({ medianMs: median(s), samples: s }));
}

export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Repetitions of a call so that one timing sample lasts at least ~minMs. */
export function innerCount(estimateMs: number, minMs = 20): number {
  return Math.max(1, Math.ceil(minMs / Math.max(estimateMs, 1e-3)));
}

/** timeInterleaved for asynchronous calls (onnxruntime-web's session.run returns a promise). */
export async function timeInterleavedAsync(fns: readonly (() => Promise<void>)[], reps: number, warmup = 2, inner = 1): Promise<Timed[]> {
  for (let w = 0; w < warmup; w++) for (const f of fns) await f();
  const samples = fns.map(() => [] as number[]);
  for (let r = 0; r < reps; r++) {
    for (let k = 0; k < fns.length; k++) {
      const t0 = performance.now();
      for (let i = 0; i < inner; i++) await fns[k]!();
      samples[k]!.push((performance.now() - t0) / inner);
    }
  }
  return samples.map((s) => ({ medianMs: median(s), samples: s }));
}
