// mx.nd.save / mx.nd.load / mx.nd.load_frombuffer (python/mxnet/ndarray/utils.py): a list or a
// dict of NDArrays in the `.params` container (src/format/params.ts). A single NDArray is saved as a
// one-element list; a dict keeps its insertion order; files are replaced atomically.
//
// mxjs arrays hold float32 values, so loading converts other dtypes to float32 NDArrays: exact for
// float16, bfloat16, (u)int8, (u)int16 and bool; int32/uint32 are exact up to 2^24 in magnitude and
// float64 rounds to the nearest float32 (numpy's astype). int64/uint64 and none arrays are refused.
// Saving writes each array's own dtype tag, converting the float32 values back.

import { checkKwargs, isPlainObject, MXNetError } from '../base.js';
import type { Backend } from '../backends/backend.js';
import { backendFor } from '../backends/registry.js';
import { Context, cpu, gpu } from '../context.js';
import type { DType } from '../dtype.js';
import { bfloat16Table, float16Table } from '../format/half_tables.js';
import { decodeParams, encodeParams, type RawArray, type RawContext } from '../format/params.js';
import { readBytes, writeBytesAtomic } from '../fsio.js';
import { empty } from './create.js';
import { NDArray } from './ndarray.js';

export type SaveData = NDArray | NDArray[] | Record<string, NDArray>;
export type Loaded = NDArray[] | Record<string, NDArray>;

/** mx.nd.save(fname, data): also callable as save({fname, data}). */
export async function save(fname: string | { fname: string; data: SaveData }, data?: SaveData): Promise<void> {
  if (isPlainObject(fname) && data === undefined) {
    checkKwargs('save', fname, ['fname', 'data']);
    ({ fname, data } = fname);
  }
  if (typeof fname !== 'string') throw new MXNetError(`mx.nd.save: fname must be a string, got ${typeof fname}`);
  await writeBytesAtomic(fname, await encodeNDArrays(data, fname));
}

/** mx.nd.load(fname): a list when the file has no names, else a dict in file order. */
export async function load(fname: string | URL | { fname: string | URL }): Promise<Loaded> {
  if (isPlainObject(fname)) {
    checkKwargs('load', fname, ['fname']);
    fname = (fname as { fname: string | URL }).fname;
  }
  const f = fname as string | URL;
  return fromBytes(await readBytes(f), String(f));
}

/** mx.nd.load_frombuffer(buf): the same from bytes in memory. */
export function load_frombuffer(buf: Uint8Array | ArrayBuffer | { buf: Uint8Array | ArrayBuffer }): Loaded {
  if (isPlainObject(buf)) {
    checkKwargs('load_frombuffer', buf, ['buf']);
    buf = (buf as { buf: Uint8Array | ArrayBuffer }).buf;
  }
  if (buf instanceof ArrayBuffer) return fromBytes(new Uint8Array(buf), '<buffer>');
  if (buf instanceof Uint8Array) return fromBytes(buf, '<buffer>');
  throw new MXNetError('mx.nd.load_frombuffer: buf must be a Uint8Array or an ArrayBuffer');
}

/** @internal the `.params` bytes mx.nd.save writes; `fname` labels errors */
export async function encodeNDArrays(data: unknown, fname: string): Promise<Uint8Array> {
  let names: string[] | null = null;
  let arrays: unknown[];
  if (data instanceof NDArray) arrays = [data];
  else if (Array.isArray(data)) arrays = data;
  else if (isPlainObject(data)) {
    names = Object.keys(data);
    arrays = Object.values(data);
  } else {
    throw new MXNetError(`mx.nd.save(${fname}): data must be an NDArray, a list of NDArrays or a dict of str to NDArray`);
  }
  const records = [];
  for (const [i, a] of arrays.entries()) {
    const label = names ? `'${names[i]}'` : `#${i}`;
    if (!(a instanceof NDArray)) throw new MXNetError(`mx.nd.save(${fname}): entry ${label} is not an NDArray`);
    if (a.ndim === 0) throw new MXNetError(`mx.nd.save(${fname}): entry ${label} is 0-d; MXNet 1.x files store scalars as shape (1,)`);
    records.push({ dtype: a.dtype, shape: a.shape, data: elementBytes(await a.asnumpy(), a.dtype, `${fname}: entry ${label}`) });
  }
  return encodeParams(names, records);
}

/** The float32 values of an array as little-endian bytes of its dtype (typed-array conversion is native). */
function elementBytes(v: Float32Array, dtype: DType, label: string): Uint8Array {
  const ctor = INT_OR_FLOAT_VIEWS[dtype];
  if (dtype === 'float32') return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
  if (!ctor) throw new MXNetError(`mx.nd.save: ${label} has dtype ${dtype}, which mxjs cannot write; save a float32 copy`);
  const t = new ctor(v);
  return new Uint8Array(t.buffer, t.byteOffset, t.byteLength);
}

type NumericView = Float32ArrayConstructor | Float64ArrayConstructor | Int32ArrayConstructor | Uint32ArrayConstructor
  | Int16ArrayConstructor | Uint16ArrayConstructor | Int8ArrayConstructor | Uint8ArrayConstructor;

/** Dtypes whose elements a plain typed array reads and writes (bool is one byte, 0 or 1). */
const INT_OR_FLOAT_VIEWS: Partial<Record<DType, NumericView>> = {
  float32: Float32Array, float64: Float64Array, int32: Int32Array, uint32: Uint32Array,
  int16: Int16Array, uint16: Uint16Array, int8: Int8Array, uint8: Uint8Array, bool: Uint8Array,
};

function fromBytes(bytes: Uint8Array, source: string): Loaded {
  const { names, arrays } = decodeParams(bytes, source);
  const label = (i: number) => (names ? `array '${names[i]}'` : `array #${i}`);
  // Refuse before allocating anything, so a bad record cannot leave half the arrays alive.
  arrays.forEach((raw, i) => {
    if (raw.none) throw new MXNetError(`${source}: ${label(i)} is a none NDArray (saved without shape or data), which mxjs cannot represent`);
    if (raw.dtype === 'int64' || raw.dtype === 'uint64') {
      throw new MXNetError(`${source}: ${label(i)} has dtype ${raw.dtype}, which cannot be converted exactly to mxjs's float32 arrays`);
    }
  });
  const tables = new Map<string, NDArray>();
  const out: NDArray[] = [];
  try {
    for (const raw of arrays) out.push(toNDArray(raw, tables));
  } catch (e) {
    for (const a of out) a.dispose();
    throw e;
  } finally {
    for (const t of tables.values()) t.dispose();
  }
  if (names === null) return out;
  const dict: Record<string, NDArray> = {};
  names.forEach((k, i) => {
    // A repeated name keeps the last array, as Python's dict(zip(names, arrays)) does.
    if (Object.prototype.hasOwnProperty.call(dict, k)) dict[k]!.dispose();
    Object.defineProperty(dict, k, { value: out[i], enumerable: true, writable: true, configurable: true });
  });
  return dict;
}

function toNDArray(raw: RawArray, tables: Map<string, NDArray>): NDArray {
  const a = empty(raw.shape, placement(raw.ctx!), 'float32');
  if (a.size === 0) return a;
  try {
    if (raw.dtype === 'float16' || raw.dtype === 'bfloat16') {
      // Gather from a table of all 65536 values: one native index conversion, one device kernel.
      const table = halfTable(a.backend, a.context, raw.dtype, tables);
      const idx = new Int32Array(new Uint16Array(raw.data.buffer, raw.data.byteOffset, a.size));
      a.backend.takeRows(a.ref, table.ref, idx, 1);
    } else {
      const view = INT_OR_FLOAT_VIEWS[raw.dtype]!;
      // raw.data owns its buffer (offset 0), so this view is aligned; upload converts to float32.
      a.backend.upload(a.ref, new view(raw.data.buffer as ArrayBuffer, raw.data.byteOffset, a.size));
    }
  } catch (e) {
    a.dispose();
    throw e;
  }
  return a;
}

function halfTable(backend: Backend, ctx: Context, dtype: 'float16' | 'bfloat16', tables: Map<string, NDArray>): NDArray {
  const key = `${backend.name}/${ctx}/${dtype}`;
  let t = tables.get(key);
  if (!t) {
    const values = dtype === 'float16' ? float16Table() : bfloat16Table();
    t = empty([values.length], ctx, 'float32');
    t.backend.upload(t.ref, values);
    tables.set(key, t);
  }
  return t;
}

/**
 * MXNet loads into the saved context: cpu-family contexts as saved, a GPU array onto that GPU when
 * one is present and onto the CPU otherwise.
 */
function placement(ctx: RawContext): Context {
  const types: Record<number, string> = { 1: 'cpu', 3: 'cpu_pinned', 5: 'cpu_shared' };
  const t = types[ctx.dev_type];
  if (t) return new Context(t, ctx.dev_id);
  if (ctx.dev_type === 2) {
    try {
      backendFor(gpu(ctx.dev_id));
      return gpu(ctx.dev_id);
    } catch {
      return cpu();
    }
  }
  return cpu();
}
