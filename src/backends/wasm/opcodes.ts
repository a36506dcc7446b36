// Op-name → integer code tables for the C kernels. Each list's order must match the enums in
// core/include/mxjs.h (MxUnaryOp, MxBinaryOp, MxScalarOp); the kernel tests exercise every code.

import type { BinaryOp, ScalarOp, UnaryGradOp, UnaryOp } from '../backend.js';

const UNARY: readonly UnaryOp[] = [
  'relu', 'sigmoid', 'tanh', 'softrelu', 'softsign', 'exp', 'log', 'sqrt', 'rsqrt',
  'square', 'abs', 'neg', 'sign', 'reciprocal', 'floor', 'ceil', 'round', 'identity',
];
const BINARY: readonly BinaryOp[] = ['add', 'sub', 'mul', 'div', 'max', 'min', 'pow'];
const SCALAR: readonly ScalarOp[] = [
  'add', 'sub', 'rsub', 'mul', 'div', 'rdiv', 'pow', 'rpow', 'max', 'min',
  'eq', 'ne', 'gt', 'ge', 'lt', 'le',
];
// The activation gradients reuse the first five unary codes.
const UNARY_GRAD: readonly UnaryGradOp[] = ['relu', 'sigmoid', 'tanh', 'softrelu', 'softsign'];

function table<T extends string>(names: readonly T[]): ReadonlyMap<T, number> {
  return new Map(names.map((n, i) => [n, i]));
}

export const unaryCode = table(UNARY);
export const binaryCode = table(BINARY);
export const scalarCode = table(SCALAR);
export const unaryGradCode = table(UNARY_GRAD);
