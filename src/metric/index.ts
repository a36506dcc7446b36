// mx.metric: online evaluation metrics (python/mxnet/metric.py, MXNet 1.9.1).

export { check_label_shapes, EvalMetric, type MetricResult, type NamedArrays } from './eval_metric.js';
export { create, type MetricSpec } from './create.js';
export { CompositeEvalMetric } from './composite.js';
export { Accuracy } from './accuracy.js';
export { TopKAccuracy } from './topk.js';
export { F1, MCC } from './binary.js';
export { MAE, MSE, RMSE } from './regression.js';
export { CrossEntropy, NegativeLogLikelihood, Perplexity } from './probability.js';
export { Caffe, Loss, Torch } from './loss.js';
export { CustomMetric, np, type FEval } from './custom.js';
export { alias, register } from './registry.js';
export type { HostArray } from './host.js';
