// Registers every operator of this release with the op table (src/ops/registry.ts); import once.

import './fully_connected.js';
import './activation.js';
import './softmax_output.js';
import './regression_output.js';
import './dropout.js';
import './flatten.js';
import './reshape.js';
import './concat.js';
import './elemwise_binary.js';
import './add_n.js';
import './binary_scalar.js';
