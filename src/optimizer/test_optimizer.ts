// mx.optimizer.Test (python/mxnet/optimizer/optimizer.py): w += rescale_grad·g (note: plus), state = w.
// The kvstore tests use it so the stored value becomes the running sum of the pushed values.

import { zeros } from '../ndarray/create.js';
import { NDArray } from '../ndarray/ndarray.js';
import { Optimizer, register, type Index, type OptState } from './optimizer.js';
import { checkPair } from './sgd.js';

export class Test extends Optimizer {
  override create_state(_index: Index, weight: NDArray): OptState {
    return zeros(weight.shape, weight.context);
  }

  override update(index: Index | readonly Index[], weight: NDArray | readonly NDArray[],
    grad: NDArray | readonly NDArray[], state: OptState): void {
    // Test has no aggregated form: MXNet would fail on lists too, so take exactly one parameter.
    const w = weight as NDArray;
    const g = grad as NDArray;
    checkPair(String(index), w, g);
    w.backend.axpby(this.rescale_grad, g.ref, 1, w.ref, w.size);
    if (state instanceof NDArray) state.set(w);
  }
}
register(Test);
