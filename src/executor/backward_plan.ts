// Backward plan, fixed at bind: which nodes run backward (only those with an input that needs a
// gradient), where each input gradient goes (straight into its target for the first 'write'
// contribution, else into scratch that is then added), and the zero-filled gradient buffers.
// Mirrors nnvm's gradient pass: several consumers of one output sum their gradients; 'add' accumulates.

import type { Backend } from '../backends/backend.js';
import type { Context } from '../context.js';
import { NDArray } from '../ndarray/ndarray.js';
import type { GradReq } from '../ops/registry.js';
import { isVariable, type Entry, type GraphNode } from '../symbol/graph.js';
import type { ForwardPlan, NodeRun } from './forward_plan.js';

export interface GradStep {
  readonly run: NodeRun;
  readonly outGrads: (NDArray | undefined)[];
  readonly inGrads: (NDArray | null)[];
  /** [scratch, target] pairs: contributions written to scratch, added into the target afterwards. */
  readonly adds: [NDArray, NDArray][];
}

/** Where the head gradient of visible output `head` goes. */
export interface HeadGrad {
  readonly head: number;
  readonly target: NDArray;
  readonly accumulate: boolean;
}

export interface BackwardPlan {
  readonly headGrads: HeadGrad[];
  /** Active nodes in reverse topological order. */
  readonly steps: GradStep[];
  /** 'write' gradients that receive no contribution: MXNet writes zeros there. */
  readonly zeroed: NDArray[];
  readonly owned: NDArray[];
}

export interface VarGrad {
  readonly req: Exclude<GradReq, 'null'>;
  readonly grad: NDArray;
}

export function planBackward(heads: readonly Entry[], fwd: ForwardPlan, varGrads: Map<GraphNode, VarGrad>,
  ctx: Context, backend: Backend): BackwardPlan {
  const owned: NDArray[] = [];
  const alloc = (like: NDArray): NDArray => {
    const a = NDArray._empty(like.shape, ctx);
    owned.push(a);
    return a;
  };

  // Which entries need a gradient, and which nodes must run backward.
  const need = new Map<GraphNode, boolean[]>();
  const needs = (e: Entry): boolean => (isVariable(e.node) ? varGrads.has(e.node) : need.get(e.node)![e.index]!);
  const active: NodeRun[] = [];
  for (const run of fwd.runs) {
    const { node, def, params } = run;
    const noGrad = new Set(def.noGradInputs?.(params) ?? []);
    const isActive = node.inputs.some((e, i) => !noGrad.has(i) && needs(e));
    const visible = def.numVisibleOutputs?.(params) ?? run.outputs.length;
    const loss = def.ignoresHeadGrad?.(params) ?? false;
    need.set(node, run.outputs.map((_, i) => isActive && !loss && i < visible));
    if (isActive) active.push(run);
  }

  // Gradient targets: the bound grad arrays for variables, zero-filled buffers for op outputs
  // (an output nobody sends gradient to keeps its zeros).
  const targets = new Map<GraphNode, (NDArray | undefined)[]>();
  for (const [node, vg] of varGrads) targets.set(node, [vg.grad]);
  for (const run of active) {
    targets.set(run.node, run.outputs.map((out, i) => {
      if (!need.get(run.node)![i]) return undefined;
      const g = alloc(out);
      backend.fill(g.ref, g.size, 0);
      return g;
    }));
  }
  const target = (e: Entry): NDArray => targets.get(e.node)![e.index]!;
  const accumulates = (e: Entry): boolean => varGrads.get(e.node)?.req === 'add';

  const counts = new Map<GraphNode, number[]>();
  const bump = (e: Entry): number => {
    const c = counts.get(e.node) ?? [];
    counts.set(e.node, c);
    const k = c[e.index] ?? 0;
    c[e.index] = k + 1;
    return k;
  };

  const headGrads: HeadGrad[] = [];
  heads.forEach((e, head) => {
    if (!needs(e)) return;
    const k = bump(e);
    headGrads.push({ head, target: target(e), accumulate: k > 0 || accumulates(e) });
  });

  // Scratch arrays per entry, reused by every step (a step may need several for one entry: x + x).
  const scratch = new Map<GraphNode, NDArray[][]>();
  const scratchFor = (e: Entry, k: number): NDArray => {
    const perNode = scratch.get(e.node) ?? [];
    scratch.set(e.node, perNode);
    const pool = (perNode[e.index] ??= []);
    return (pool[k] ??= alloc(target(e)));
  };

  const steps: GradStep[] = [];
  for (let r = active.length - 1; r >= 0; r--) {
    const run = active[r]!;
    const { node, def, params } = run;
    const noGrad = new Set(def.noGradInputs?.(params) ?? []);
    const loss = def.ignoresHeadGrad?.(params) ?? false;
    const outGrads = loss ? run.outputs.map(() => undefined) : targets.get(node)!;
    const adds: [NDArray, NDArray][] = [];
    const usedHere = new Map<NDArray, number>();
    const inGrads = node.inputs.map((e, i) => {
      if (noGrad.has(i) || !needs(e)) return null;
      const t = target(e);
      if (bump(e) === 0 && !accumulates(e)) return t;
      const k = usedHere.get(t) ?? 0;
      usedHere.set(t, k + 1);
      const s = scratchFor(e, k);
      adds.push([s, t]);
      return s;
    });
    steps.push({ run, outGrads: [...outGrads], inGrads, adds });
  }

  const zeroed: NDArray[] = [];
  for (const [node, vg] of varGrads) {
    if (vg.req === 'write' && (counts.get(node)?.[0] ?? 0) === 0) zeroed.push(vg.grad);
  }
  return { headGrads, steps, zeroed, owned };
}
