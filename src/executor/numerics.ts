// The NaN/Inf guard of an Executor (MXJS_CHECK_NUMERICS=1 or `exec.check_numerics = true`): after a
// forward or backward pass, the `check` kernel family counts the non-finite values of every op output
// (or input gradient) on the device, one count per array into one small buffer, and the first op in
// execution order with a non-zero count is reported by node name and op. One read-back per pass.

import { envVar, MXNetError } from '../base.js';
import type { Backend } from '../backends/backend.js';
import type { Context } from '../context.js';
import { NDArray } from '../ndarray/ndarray.js';
import type { NodeRun } from './forward_plan.js';

/** The default of Executor.check_numerics: the MXJS_CHECK_NUMERICS environment variable where one exists. */
export function checkNumericsFromEnv(): boolean {
  const v = envVar('MXJS_CHECK_NUMERICS');
  return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
}

interface Slot {
  what: string;
  run: NodeRun;
  forward: boolean;
}

export class NumericsGuard {
  private counts: NDArray | null = null;
  private slots: Slot[] = [];
  private pending = false;

  constructor(private readonly backend: Backend, private readonly ctx: Context, private readonly capacity: number) {}

  /** Start recording a pass (forgets an unverified earlier one). */
  begin(): void {
    this.slots = [];
    this.pending = true;
  }

  /** Count the non-finite values of `arr`, produced by `run` (`what` says which array it is). */
  count(arr: NDArray, run: NodeRun, what: string, forward: boolean): void {
    this.counts ??= NDArray._empty([Math.max(1, this.capacity)], this.ctx);
    const slot = this.slots.length;
    if (slot >= this.counts.size) throw new MXNetError(`check_numerics: more checked arrays (${slot + 1}) than planned (${this.counts.size})`);
    this.backend.check.countNonFinite(arr.ref, arr.size, { buf: this.counts.ref.buf, off: this.counts.ref.off + slot });
    this.slots.push({ what, run, forward });
  }

  /** Verify now when the backend reads back synchronously (wasm); otherwise leave it to verify(). */
  verifyIfSync(): void {
    if (this.backend.downloadSync) this.check(this.slots.length ? this.backend.downloadSync(this.counts!.ref, this.slots.length) : new Float32Array(0));
  }

  /** Read the counts back (asynchronously where the backend must) and throw on the first non-finite array. */
  async verify(): Promise<void> {
    if (!this.pending) return;
    this.check(this.slots.length ? await this.backend.download(this.counts!.ref, this.slots.length) : new Float32Array(0));
  }

  private check(counts: Float32Array): void {
    this.pending = false;
    const bad = counts.findIndex((c) => c !== 0);
    if (bad < 0) return;
    const { what, run, forward } = this.slots[bad]!;
    throw new MXNetError(`check_numerics: ${run.def.name} node '${run.node.name}' produced ${counts[bad]} non-finite `
      + `value(s) (NaN or Inf) in ${what}; it is the first operator to do so in this ${forward ? 'forward' : 'backward'} pass`
      + (forward ? this.inputNote(run) : ''));
  }

  /** Which inputs of the failing node already held non-finite values (e.g. Inf in the data). */
  private inputNote(run: NodeRun): string {
    if (!this.backend.downloadSync) return '';
    const tmp = NDArray._empty([1], this.ctx);
    try {
      const names = run.def.inputNames(run.params);
      const bad = run.inputs.flatMap((a, i) => {
        this.backend.check.countNonFinite(a.ref, a.size, tmp.ref);
        const n = this.backend.downloadSync!(tmp.ref, 1)[0]!;
        return n > 0 ? [`'${run.node.inputs[i]?.node.name ?? names[i]}' (${names[i] ?? `input ${i}`}, ${n} non-finite)`] : [];
      });
      return bad.length ? `; its inputs already held non-finite values: ${bad.join(', ')}` : '; its inputs were all finite';
    } finally {
      tmp.dispose();
    }
  }

  dispose(): void {
    this.counts?.dispose();
    this.counts = null;
  }
}
