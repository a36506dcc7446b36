// Entry of `mxjs/predict` (inference only): the names of its `mx` namespace as named exports and the
// namespace itself as the default export, like src/index.ts for the full package.

import * as mx from './predict_mx.js';

export * from './predict_mx.js';
export default mx;
