// mx.io.DataDesc (python/mxnet/io/io.py): a `(name, shape)` namedtuple carrying dtype and layout, so
// `desc[0]`, `desc[1]` and `const [name, shape] = desc` work like the Python tuple.

import { bindArgs, checkKwargs, MXNetError, pop, shapeStr } from '../base.js';
import { isDType, type DType } from '../dtype.js';

export class DataDesc {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: DType;
  readonly layout: string;
  readonly length = 2;

  /** DataDesc(name, shape, dtype='float32', layout='NCHW') */
  constructor(...args: unknown[]) {
    const kw = bindArgs('DataDesc', ['name', 'shape', 'dtype', 'layout'], args);
    checkKwargs('DataDesc', kw, ['name', 'shape', 'dtype', 'layout']);
    const name = kw.name;
    const shape = kw.shape;
    if (typeof name !== 'string') throw new MXNetError(`DataDesc: name must be a string, got ${typeof name}`);
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
      throw new MXNetError(`DataDesc '${name}': shape must be a list of non-negative integers, got ${JSON.stringify(shape)}`);
    }
    const dtype = pop(kw, 'dtype', 'float32' as DType);
    if (!isDType(dtype)) throw new MXNetError(`DataDesc '${name}': unknown dtype ${String(dtype)}`);
    this.name = name;
    this.shape = [...(shape as number[])];
    this.dtype = dtype;
    this.layout = pop(kw, 'layout', 'NCHW');
  }

  get 0(): string {
    return this.name;
  }
  get 1(): readonly number[] {
    return this.shape;
  }

  *[Symbol.iterator](): IterableIterator<string | readonly number[]> {
    yield this.name;
    yield this.shape;
  }

  /** Index of the batch axis ('N') in `layout`; 0 when layout is null (-1 when there is no 'N'). */
  static get_batch_axis(layout: string | null | undefined): number {
    if (layout === null || layout === undefined) return 0;
    return layout.indexOf('N');
  }

  /** DataDesc.get_list(shapes, types): descriptors from `[name, shape]` pairs and optional `[name, dtype]` pairs. */
  static get_list(shapes: readonly (readonly [string, readonly number[]])[], types?: readonly (readonly [string, DType])[] | null): DataDesc[] {
    if (!types) return shapes.map(([n, s]) => new DataDesc(n, [...s]));
    const typeOf = new Map(types);
    return shapes.map(([n, s]) => new DataDesc(n, [...s], typeOf.get(n)));
  }

  /** Accept a DataDesc or a plain `[name, shape]` pair, as FeedForward does with `DataDesc(*x)`. */
  static from(x: DataDesc | readonly [string, readonly number[]]): DataDesc {
    return x instanceof DataDesc ? x : new DataDesc(x[0], [...x[1]]);
  }

  toString(): string {
    return `DataDesc[${this.name},${shapeStr(this.shape)},${this.dtype},${this.layout}]`;
  }
}
