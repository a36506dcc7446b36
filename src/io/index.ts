// mx.io: data descriptors, batches and iterators (python/mxnet/io/io.py).

export { DataDesc } from './data_desc.js';
export { DataBatch } from './data_batch.js';
export { DataIter } from './data_iter.js';
export { NDArrayIter } from './ndarray_iter.js';
export type { ArraySource, IterInput } from './init_data.js';
