// mx.optimizer (alias mx.opt): weight update rules (python/mxnet/optimizer/optimizer.py, MXNet 1.9.1).

export {
  create, Optimizer, register,
  type Index, type LRSchedulerLike, type OptimizerClass, type OptState, type ParamAttrs, type SymbolLike,
} from './optimizer.js';
export { ccSGD, SGD } from './sgd.js';
export { NAG } from './nag.js';
export { SGLD } from './sgld.js';
export { Adam } from './adam.js';
export { AdaGrad } from './adagrad.js';
export { RMSProp } from './rmsprop.js';
export { AdaDelta } from './adadelta.js';
export { Test } from './test_optimizer.js';
export { get_updater, Updater, type UpdaterFn, type UpdaterStates } from './updater.js';
