// mx.model as a module: FeedForward, checkpoints and BatchEndParam.

export { FeedForward } from './feed_forward.js';
export { load_checkpoint, load_params, save_checkpoint } from './checkpoint.js';
export { type BytesLike, load_checkpoint_frombuffer, save_checkpoint_to_blobs } from './checkpoint_bytes.js';
export { BatchEndParam, BatchEndParams } from './batch_end_param.js';
