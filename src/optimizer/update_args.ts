// Argument handling shared by the one-parameter-at-a-time optimizers (NAG, SGLD, Adam, AdaGrad,
// RMSProp, AdaDelta: aggregate_num 0 in MXNet 1.9.1, so the Updater hands them single indices),
// and Python's two clip_gradient rules mapped onto the kernels' "threshold < 0 = off" convention.

import { MXNetError, sameShape, shapeStr } from '../base.js';
import { NDArray } from '../ndarray/ndarray.js';
import type { Index, OptState } from './optimizer.js';
import { checkPair } from './sgd.js';

/** The weight and gradient of one parameter, checked (float32, same shape and context). */
export function singleParam(opt: string, index: Index | readonly Index[], weight: NDArray | readonly NDArray[],
  grad: NDArray | readonly NDArray[]): [NDArray, NDArray] {
  if (Array.isArray(index) || Array.isArray(weight) || Array.isArray(grad)) {
    throw new MXNetError(`${opt}.update takes one parameter at a time (its aggregate_num is 0), got a list of indices`);
  }
  checkPair(index as Index, weight, grad);
  return [weight as NDArray, grad as NDArray];
}

/** The `count` state arrays of a tuple state (or the state itself when count is 1 and it is bare). */
export function stateArrays(opt: string, index: Index, state: OptState, weight: NDArray, count: number): NDArray[] {
  const list = state instanceof NDArray && count === 1 ? [state] : state;
  if (!Array.isArray(list) || list.length !== count || !list.every((s) => s instanceof NDArray)) {
    throw new MXNetError(`${opt}: parameter ${index} needs a state of ${count} NDArray(s) from create_state, got ${describe(state)}`);
  }
  const arrays = list as NDArray[];
  for (const s of arrays) {
    if (!sameShape(s.shape, weight.shape) || !s.context.equals(weight.context)) {
      throw new MXNetError(`${opt}: parameter ${index}: state ${shapeStr(s.shape)} on ${s.context} does not match the weight ${shapeStr(weight.shape)} on ${weight.context}`);
    }
  }
  return arrays;
}

function describe(s: OptState): string {
  if (s === null || s === undefined) return 'None';
  if (s instanceof NDArray) return 'one NDArray';
  return `a tuple of ${s.length}`;
}

/** SGD, NAG, Adam, RMSProp clip when clip_gradient is truthy: None and 0 both mean "off". */
export function clipIfTruthy(clip: number | null): number {
  return clip ? clip : -1;
}

/** SGLD, AdaGrad, AdaDelta clip whenever clip_gradient is not None, so 0 zeroes every gradient. */
export function clipIfNotNone(clip: number | null): number {
  return clip === null || clip === undefined ? -1 : clip;
}
