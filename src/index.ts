// Package entry: every name of the `mx` namespace as a named export, and the namespace itself as
// the default export, so both `import * as mx from 'mxjs'` and `import mx from 'mxjs'` work.

import * as mx from './mx.js';

export * from './mx.js';
export default mx;
