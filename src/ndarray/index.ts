// mx.nd / mx.ndarray as a module: the NDArray class, creation, math, and save/load.

export { copyAsync, NDArray } from './ndarray.js';
export { array, empty, full, ones, zeros } from './create.js';
export {
  abs, add, argmax, ceil, clip, divide, dot, exp, floor, log, maximum, mean, minimum, multiply, negative, power,
  reciprocal, relu, round, rsqrt, sigmoid, sign, sqrt, square, subtract, sum, tanh,
} from './ops.js';
export { load, load_frombuffer, save } from './serialize.js';
