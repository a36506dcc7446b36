// The per-operator profiler of an Executor (MXJS_PROFILE=1 or `exec.profile = true`), an mxjs aid in the
// spirit of MXNet's mx.profiler: every node's forward / backward call is timed with performance.now().
// The wasm kernels run synchronously inside the op call, so the time around it is the kernel time.

import { envVar } from '../base.js';
import type { NodeRun } from './forward_plan.js';

/** The default of Executor.profile: the MXJS_PROFILE environment variable, read once per process. */
let fromEnv: boolean | undefined;
export function profileFromEnv(): boolean {
  if (fromEnv === undefined) {
    const v = envVar('MXJS_PROFILE');
    fromEnv = v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false';
  }
  return fromEnv;
}

interface OpTimes {
  nodes: Set<string>;
  forwardMs: number;
  backwardMs: number;
  calls: number;
}

/**
 * The times of one step: a forward pass and the backward pass that follows it. A new forward starts a
 * new step, so the report always describes the latest complete step.
 */
export class StepProfile {
  private byOp = new Map<string, OpTimes>();
  private hasBackward = false;

  /** Forget the previous step (called at the start of each forward). */
  begin(): void {
    this.byOp = new Map();
    this.hasBackward = false;
  }

  /**
   * Run `call` (one node's op call) and charge its wall time to the node's operator (or to `op`, the
   * label of a fused group such as 'Convolution+Activation').
   */
  time(run: NodeRun, backward: boolean, call: () => void, op = run.node.op): void {
    const t0 = performance.now();
    call();
    const ms = performance.now() - t0;
    let t = this.byOp.get(op);
    if (!t) this.byOp.set(op, (t = { nodes: new Set(), forwardMs: 0, backwardMs: 0, calls: 0 }));
    t.nodes.add(run.node.name);
    t.calls++;
    if (backward) {
      t.backwardMs += ms;
      this.hasBackward = true;
    } else {
      t.forwardMs += ms;
    }
  }

  /** One table, one line per operator, sorted by total time (slowest first). */
  report(): string {
    const rows = [...this.byOp.entries()].map(([op, t]) => ({ op, ...t, total: t.forwardMs + t.backwardMs }))
      .sort((a, b) => b.total - a.total);
    if (rows.length === 0) return 'mxjs profile: no step recorded yet (run forward with profiling on)';
    const sum = rows.reduce((s, r) => s + r.total, 0);
    const fwd = rows.reduce((s, r) => s + r.forwardMs, 0);
    const head = `mxjs profile, one step (${this.hasBackward ? 'forward + backward' : 'forward only'}): `
      + `${sum.toFixed(3)} ms in operators, forward ${fwd.toFixed(3)} ms, backward ${(sum - fwd).toFixed(3)} ms`;
    const cols = `${'operator'.padEnd(36)}${'nodes'.padStart(6)}${'calls'.padStart(7)}`
      + `${'forward ms'.padStart(12)}${'backward ms'.padStart(13)}${'total ms'.padStart(11)}${'%'.padStart(7)}`;
    const lines = rows.map((r) => `${r.op.padEnd(36)}${String(r.nodes.size).padStart(6)}${String(r.calls).padStart(7)}`
      + `${r.forwardMs.toFixed(3).padStart(12)}${r.backwardMs.toFixed(3).padStart(13)}${r.total.toFixed(3).padStart(11)}`
      + `${(sum > 0 ? (100 * r.total) / sum : 0).toFixed(1).padStart(7)}`);
    return [head, cols, ...lines].join('\n');
  }
}
