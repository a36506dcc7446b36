// LeNet as in MXNet's classic MNIST example (conv 5×5×20 → relu → max-pool 2 → conv 5×5×50 → relu →
// max-pool 2 → flatten → fc 500 → relu → fc 10 → SoftmaxOutput), built from whichever `mx` is given.
import type * as MX from '../../src/index.js';

/** The network; its inputs are `data` (N, 1, 28, 28) and `softmax_label` (N). */
export function lenet(mx: Pick<typeof MX, 'symbol'>): MX.Symbol {
  const sym = mx.symbol;
  const data = sym.Variable('data');
  const conv1 = sym.Convolution(data, { name: 'conv1', kernel: [5, 5], num_filter: 20 });
  const relu1 = sym.Activation(conv1, { name: 'relu1', act_type: 'relu' });
  const pool1 = sym.Pooling(relu1, { name: 'pool1', pool_type: 'max', kernel: [2, 2], stride: [2, 2] });
  const conv2 = sym.Convolution(pool1, { name: 'conv2', kernel: [5, 5], num_filter: 50 });
  const relu2 = sym.Activation(conv2, { name: 'relu2', act_type: 'relu' });
  const pool2 = sym.Pooling(relu2, { name: 'pool2', pool_type: 'max', kernel: [2, 2], stride: [2, 2] });
  const flat = sym.Flatten(pool2, { name: 'flatten' });
  const fc1 = sym.FullyConnected(flat, { name: 'fc1', num_hidden: 500 });
  const relu3 = sym.Activation(fc1, { name: 'relu3', act_type: 'relu' });
  const fc2 = sym.FullyConnected(relu3, { name: 'fc2', num_hidden: 10 });
  return sym.SoftmaxOutput(fc2, { name: 'softmax' });
}
