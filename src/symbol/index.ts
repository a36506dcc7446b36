// mx.symbol as a module: the Symbol class, Variable/var, Group, load/load_json, the name and attribute
// scopes, and symbolNamespace() which adds one function per registered operator.

export { Symbol } from './symbol.js';
export { Variable, Variable as var, Group } from './variable.js';
export { load, load_json } from './load.js';
export { NameManager, Prefix } from './name.js';
export { AttrScope } from './attribute.js';
export { makeOpFunction, type OpFunction } from './op_function.js';
export { symbolNamespace, type SymbolNamespace, type SymbolNamespaceBase } from './namespace.js';
export type { InferShapeResult } from './infer_shape_api.js';
