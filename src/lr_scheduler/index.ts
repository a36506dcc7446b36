// mx.lr_scheduler: learning-rate schedules called as sched.__call__(num_update) (python/mxnet/lr_scheduler.py).

export { LRScheduler } from './lr_scheduler.js';
export { FactorScheduler, MultiFactorScheduler } from './factor.js';
export { CosineScheduler, PolyScheduler } from './decay.js';
