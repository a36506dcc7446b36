// mx.initializer (alias mx.init): weight initializers (python/mxnet/initializer.py, MXNet 1.9.1).

export { InitDesc } from './init_desc.js';
export { alias, create, Initializer, register, type Desc } from './initializer.js';
export { Constant, One, Zero } from './constant.js';
export { Normal, Uniform } from './random_init.js';
export { MSRAPrelu, Xavier } from './xavier.js';
export { Orthogonal } from './orthogonal.js';
export { Bilinear, LSTMBias } from './structured.js';
export { callInitializer, Load, Mixed, type InitializerLike } from './load_mixed.js';
