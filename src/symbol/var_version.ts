// nnvm's per-variable version counter: every entry that reads a variable carries the variable's current
// version, and an op that mutates a variable (BatchNorm's moving stats) bumps it (UpdateNodeVersion).

import type { GraphNode } from './graph.js';

const versions = new WeakMap<GraphNode, number>();

export function varVersion(v: GraphNode): number {
  return versions.get(v) ?? 0;
}

export function setVarVersion(v: GraphNode, version: number): void {
  versions.set(v, version);
}

export function bumpVarVersion(v: GraphNode): number {
  const n = varVersion(v) + 1;
  versions.set(v, n);
  return n;
}
