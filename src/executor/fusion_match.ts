// Which nodes of a bound graph the executor fuses (issue #7, in the spirit of MXNet's pointwise fusion
// and the BatchNorm folding of its inference graph passes): FullyConnected / Convolution followed by
// its only consumer Activation (bias + activation in one pass, always), and FullyConnected / Convolution
// followed by its only consumer BatchNorm, optionally then an Activation (BN folded into the weights,
// predict only). A node whose output is a head of the bound symbol or has other consumers is never fused.

import { envVar } from '../base.js';
import type { Backend } from '../backends/backend.js';
import type { FusedAct } from '../backends/kernels/fusion.js';
import { normAxis } from '../ops/shape_utils.js';
import { isVariable, type Entry, type GraphNode } from '../symbol/graph.js';

/** A layer whose output feeds only an Activation: one forward call writes the activation's output. */
export interface ActPair {
  readonly layer: GraphNode;
  readonly act: GraphNode;
}

/** A layer whose output feeds only a BatchNorm (then maybe only an Activation): folded at predict time. */
export interface BnGroup {
  readonly layer: GraphNode;
  readonly bn: GraphNode;
  readonly act: GraphNode | null;
}

export interface FusionMatch {
  /** Keyed by the layer node. */
  readonly actPairs: Map<GraphNode, ActPair>;
  readonly bnGroups: BnGroup[];
}

let fromEnv: boolean | undefined;
let override: boolean | null = null;

/** Whether executors bound from now on fuse: MXJS_FUSION (read once; '0' / 'false' turn fusion off). */
export function fusionEnabled(): boolean {
  if (override !== null) return override;
  if (fromEnv === undefined) {
    const v = envVar('MXJS_FUSION');
    fromEnv = !(v === '0' || v?.toLowerCase() === 'false');
  }
  return fromEnv;
}

/** @internal Force fusion on / off for executors bound from now on (null: back to MXJS_FUSION); for tests. */
export function _setFusion(on: boolean | null): void {
  override = on;
}

const LAYERS = new Set(['FullyConnected', 'Convolution']);
const ACTS = new Set<FusedAct>(['relu', 'sigmoid', 'tanh', 'softrelu', 'softsign']);
/** Activations whose backward reads only the output y: the fused op leaves the input x unmaterialised. */
const Y_GRAD_ACTS = new Set<FusedAct>(['relu', 'sigmoid', 'tanh']);

/**
 * Find the fusible patterns in `order`. `training` = some argument gets a gradient, so an Activation
 * may run backward: then only relu / sigmoid / tanh (gradients from y) fuse with their layer.
 */
export function matchFusions(order: readonly GraphNode[], heads: readonly Entry[], training: boolean,
  backend: Backend, shapes: Map<GraphNode, readonly (readonly number[] | undefined)[]>): FusionMatch {
  const actPairs = new Map<GraphNode, ActPair>();
  const bnGroups: BnGroup[] = [];
  if (!backend.fusion || !fusionEnabled()) return { actPairs, bnGroups };

  // Consumers of each output entry; a head counts as an outside consumer.
  const consumers = new Map<GraphNode, { node: GraphNode | null; index: number }[][]>();
  const use = (e: Entry, by: GraphNode | null, index: number) => {
    const perNode = consumers.get(e.node) ?? [];
    consumers.set(e.node, perNode);
    (perNode[e.index] ??= []).push({ node: by, index });
  };
  for (const node of order) node.inputs.forEach((e, i) => use(e, node, i));
  for (const e of heads) use(e, null, -1);
  const usesOf = (node: GraphNode, index: number) => consumers.get(node)?.[index] ?? [];
  /** The one op consuming output `index` of `node` as its data input, or null. */
  const soleConsumer = (node: GraphNode, index: number, op: string): GraphNode | null => {
    const u = usesOf(node, index);
    const c = u.length === 1 ? u[0]! : null;
    return c && c.node && c.index === 0 && c.node.def?.name === op ? c.node : null;
  };
  const actType = (a: GraphNode) => a.params!.act_type as FusedAct;

  for (const layer of order) {
    if (isVariable(layer) || !LAYERS.has(layer.def!.name) || !layerLayoutOk(layer)) continue;
    const act = soleConsumer(layer, 0, 'Activation');
    if (act && ACTS.has(actType(act)) && (!training || Y_GRAD_ACTS.has(actType(act)))) {
      actPairs.set(layer, { layer, act });
      continue;
    }
    const bn = soleConsumer(layer, 0, 'BatchNorm');
    if (!bn || bn.params!.output_mean_var || usesOf(bn, 1).length > 0 || usesOf(bn, 2).length > 0) continue;
    const out = shapes.get(layer)?.[0];
    if (!out || !bnAxisOk(layer, bn, out)) continue;
    const bnAct = soleConsumer(bn, 0, 'Activation');
    bnGroups.push({ layer, bn, act: bnAct && ACTS.has(actType(bnAct)) ? bnAct : null });
  }
  return { actPairs, bnGroups };
}

/** Convolution in a channel-first layout (the only one whose weight rows are the output channels). */
function layerLayoutOk(layer: GraphNode): boolean {
  const layout = layer.params!.layout as string | null | undefined;
  return layout === null || layout === undefined || layout.startsWith('NC');
}

/** BatchNorm normalises the layer's output channels: axis 1 of a conv output, the last axis of an FC one. */
function bnAxisOk(layer: GraphNode, bn: GraphNode, out: readonly number[]): boolean {
  const axis = normAxis(bn.params!.axis as number, out.length, `BatchNorm ${bn.name}`);
  return layer.def!.name === 'Convolution' ? axis === 1 : axis === out.length - 1;
}
