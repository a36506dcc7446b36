// One declaration per MXNet operator: parameters, inputs, aux states, outputs, shape inference,
// forward and backward. `src/ops/<stem>.ts` files call `defineOp`; the symbol front end, the JSON
// loader and the executor only ever talk to operators through this table.

import { MXNetError } from '../base.js';
import type { Backend } from '../backends/backend.js';
import type { NDArray, Shape } from '../ndarray/ndarray.js';
import type { ParamSchema, ParsedParams } from './params.js';

/** Shapes as known during inference: undefined = unknown yet. */
export type MaybeShape = Shape | undefined;

export interface InferResult {
  /** Completed shapes of every input (arguments then aux states, in input order). */
  inputs: MaybeShape[];
  /** Shapes of every output (all of them, hidden ones included). */
  outputs: MaybeShape[];
}

/** How the executor wants an input gradient written. */
export type GradReq = 'write' | 'add' | 'null';

export interface OpContext {
  readonly backend: Backend;
  readonly isTrain: boolean;
  /** Scratch arrays for the duration of one forward/backward call of this node; freed by the executor. */
  temp(shape: readonly number[]): NDArray;
}

export interface OpDef<P extends ParsedParams = ParsedParams> {
  /** Canonical name written to JSON (`FullyConnected`, `elemwise_add`, ...). */
  readonly name: string;
  /** Other names accepted when creating or loading (`Softmax`, `_Plus`, `flatten`, ...). */
  readonly aliases?: readonly string[];
  readonly params: ParamSchema;
  /** Names of the inputs (arguments then aux states) for these params, in order. */
  inputNames(p: P): string[];
  /** How many of the trailing inputs are aux states (mutated, saved as `aux:`). */
  numAux?(p: P): number;
  /** For variable-input ops (Concat, add_n): inputs come positionally and `num_args` is filled in. */
  readonly variadic?: boolean;
  /** Output names (all outputs, hidden included): `['output']`, `['output', 'mask']`, ... */
  outputNames(p: P): string[];
  /** How many outputs are visible (list_outputs / heads); default all. */
  numVisibleOutputs?(p: P): number;
  /** Inputs that never receive a gradient (labels). */
  noGradInputs?(p: P): number[];
  /** `__init__` attrs given to input variables on composition (BatchNorm aux, prelu gamma...). */
  inputInitAttrs?(p: P): Record<number, string>;

  /**
   * Complete input and output shapes from what is known. `outputs` holds the output shapes known so
   * far (from consumers), for nnvm-style backward inference; it may be omitted.
   */
  inferShape(p: P, inputs: MaybeShape[], nodeName: string, outputs?: MaybeShape[]): InferResult;

  /** Loss layers compute their gradient from their inputs and ignore the head gradient. */
  ignoresHeadGrad?(p: P): boolean;

  /** Write outputs from inputs. `aux` arrays are the aux-state inputs and may be updated. */
  forward(ctx: OpContext, p: P, inputs: NDArray[], outputs: NDArray[]): void;

  /**
   * Write input gradients. `outGrads[i]` is the head gradient of output i (undefined for hidden
   * outputs and for loss layers, which ignore it). `inGrads[i]` is null where req is 'null';
   * every non-null one must be fully written (the executor handles 'add' accumulation).
   */
  backward?(ctx: OpContext, p: P, outGrads: (NDArray | undefined)[], inputs: NDArray[], outputs: NDArray[],
    inGrads: (NDArray | null)[]): void;
}

const table = new Map<string, OpDef>();

export function defineOp<P extends ParsedParams>(def: OpDef<P>): OpDef<P> {
  for (const n of [def.name, ...(def.aliases ?? [])]) {
    if (table.has(n)) throw new Error(`operator ${n} defined twice`);
    table.set(n, def as unknown as OpDef);
  }
  return def;
}

export function findOp(name: string): OpDef | undefined {
  return table.get(name);
}

export function getOp(name: string, nodeName?: string): OpDef {
  const def = table.get(name);
  if (!def) {
    const where = nodeName === undefined ? '' : ` in node '${nodeName}'`;
    throw new MXNetError(`unsupported operator '${name}'${where}`);
  }
  return def;
}

export function listOps(): string[] {
  return [...new Set([...table.values()].map((d) => d.name))].sort();
}
