// The forward schedule of an Executor with its fusions applied (src/executor/fusion_match.ts): one list
// of steps for training forwards, one for predict forwards (where BatchNorm is folded into the layer
// before it: w' = w·s, b' = (b − mean)·s + beta with s = gamma / sqrt(var + eps), recomputed every call
// because parameters may change between calls). Each step is one timed unit for the profiler.

import type { FusedAct } from '../backends/kernels/fusion.js';
import type { Context } from '../context.js';
import { NDArray } from '../ndarray/ndarray.js';
import { convolutionForward } from '../ops/convolution.js';
import { fullyConnectedForward } from '../ops/fully_connected.js';
import type { GraphNode } from '../symbol/graph.js';
import type { ForwardPlan, NodeRun } from './forward_plan.js';
import type { BnGroup, FusionMatch } from './fusion_match.js';

export interface ForwardStep {
  /** The node charged by the profiler (the first node of a fused group). */
  readonly run: NodeRun;
  /** Operator label for the profiler: the op name, or 'A+B' for a fused group. */
  readonly op: string;
  call(isTrain: boolean): void;
}

export interface ForwardSchedule {
  readonly train: ForwardStep[];
  readonly predict: ForwardStep[];
  /** Runs a predict forward skips (folded away): their outputs are stale after it. */
  readonly skippedInPredict: ReadonlySet<NodeRun>;
  /** Arrays for the folded weights and biases. */
  readonly owned: NDArray[];
}

function plainStep(run: NodeRun): ForwardStep {
  return { run, op: run.node.op, call: (t) => run.def.forward(run.fctx.begin(t), run.params, run.inputs, run.outputs) };
}

/** The layer's forward with another weight / bias / output and a fused activation. */
function layerForward(run: NodeRun, isTrain: boolean, w: NDArray, b: NDArray | undefined, y: NDArray, act: FusedAct): void {
  const f = run.def.name === 'Convolution' ? convolutionForward : fullyConnectedForward;
  f(run.fctx.begin(isTrain), run.params, run.inputs[0]!, w, b, y, act);
}

export function scheduleForward(fwd: ForwardPlan, match: FusionMatch, ctx: Context): ForwardSchedule {
  const runOf = new Map<GraphNode, NodeRun>(fwd.runs.map((r) => [r.node, r]));
  const owned: NDArray[] = [];
  const skippedInPredict = new Set<NodeRun>();
  const fusedActs = new Set<GraphNode>([...match.actPairs.values()].map((p) => p.act));
  const groupOf = new Map<GraphNode, BnGroup>(match.bnGroups.map((g) => [g.layer, g]));
  const train: ForwardStep[] = [];
  const predict: ForwardStep[] = [];
  for (const run of fwd.runs) {
    if (fusedActs.has(run.node)) continue; // written by its layer's step
    const pair = match.actPairs.get(run.node);
    if (pair) {
      const act = runOf.get(pair.act)!;
      const type = act.params.act_type as FusedAct;
      // The layer's output array is the activation's (planForward's `shared`), written in one pass.
      const step: ForwardStep = { run, op: `${run.node.op}+Activation`,
        call: (t) => layerForward(run, t, run.inputs[1]!, run.inputs[2], act.outputs[0]!, type) };
      train.push(step);
      predict.push(step);
      continue;
    }
    const group = groupOf.get(run.node);
    // A folded group's BatchNorm / Activation (later in the order) are skipped in predict: the folded
    // step writes their final output. Training runs every node of the group one by one.
    if (group) predict.push(foldedStep(group, runOf, ctx, owned, skippedInPredict));
    else if (!skippedInPredict.has(run)) predict.push(plainStep(run));
    train.push(plainStep(run));
  }
  return { train, predict, skippedInPredict, owned };
}

/** conv/FC with BatchNorm folded in (and its Activation fused), writing the group's last output. */
function foldedStep(g: BnGroup, runOf: Map<GraphNode, NodeRun>, ctx: Context, owned: NDArray[],
  skipped: Set<NodeRun>): ForwardStep {
  const layer = runOf.get(g.layer)!, bn = runOf.get(g.bn)!, act = g.act ? runOf.get(g.act)! : null;
  const [, w, b] = layer.inputs;
  const [, gamma, beta, movingMean, movingVar] = bn.inputs;
  const F = w!.shape[0]!, K = w!.size / F;
  const w2 = NDArray._empty(w!.shape, ctx), b2 = NDArray._empty([F], ctx);
  owned.push(w2, b2);
  skipped.add(layer);
  skipped.add(bn);
  if (act) skipped.add(act);
  const out = (act ?? bn).outputs[0]!;
  const type: FusedAct = act ? (act.params.act_type as FusedAct) : 'identity';
  const eps = bn.params.eps as number, fixGamma = bn.params.fix_gamma as boolean;
  const ops = [layer, bn, ...(act ? [act] : [])].map((r) => r.node.op).join('+');
  return {
    run: layer,
    op: ops,
    call: (t) => {
      const be = layer.fctx.backend;
      // BatchNorm's forward sets gamma to 1 under fix_gamma; the folded path keeps that side effect.
      if (fixGamma) be.fill(gamma!.ref, F, 1);
      be.fusion!.bnFold(w!.ref, b?.ref ?? null, gamma!.ref, beta!.ref, movingMean!.ref, movingVar!.ref, eps, fixGamma,
        F, K, w2.ref, b2.ref);
      layerForward(layer, t, w2, b2, out, type);
    },
  };
}
