// mx.model in the predict-only entry (`mxjs/predict`): loading checkpoints from files, URLs or bytes,
// without FeedForward and the training loop.

export { load_checkpoint, load_params } from './checkpoint.js';
export { type BytesLike, load_checkpoint_frombuffer } from './checkpoint_bytes.js';
