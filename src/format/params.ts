// The NDArray-list container of `.params` files and `mx.nd.save`, as bytes ↔ records. Mirrors
// MXNet 1.9 NDArray::Save/Load/LegacyLoad and MXNDArraySave/Load (checkpoint-format.md §A): reads
// record versions V0–V3, writes V2 exactly like Python MXNet 1.x. No NDArray dependency.

import { MXNetError, prod, shapeStr } from '../base.js';
import { dtypeFromFlag, dtypeInfo, type DType } from '../dtype.js';
import { ByteReader } from './byte_reader.js';

export const LIST_MAGIC = 0x112n;
export const V1_MAGIC = 0xf993fac8;
export const V2_MAGIC = 0xf993fac9;
export const V3_MAGIC = 0xf993faca;

export type RecordVersion = 'V0' | 'V1' | 'V2' | 'V3';

export interface RawContext {
  /** 1 cpu, 2 gpu, 3 cpu_pinned, 5 cpu_shared (MXNet's Context::DeviceType). */
  dev_type: number;
  dev_id: number;
}

export interface RawArray {
  dtype: DType;
  shape: number[];
  /** Raw little-endian element bytes, row-major, in a buffer of their own (so views are aligned). */
  data: Uint8Array;
  version: RecordVersion;
  /** Device the array was saved from; null only for a none array (nothing else is stored). */
  ctx: RawContext | null;
  /**
   * A "none" NDArray (no shape, no data): ndim 0 in V0/V1/V2, ndim -1 in V3. Its dtype is
   * float32, its shape [] and its data empty. A V3 0-d scalar is NOT none: shape [] with one element.
   */
  none: boolean;
}

export interface DecodedParams {
  /** Null when the file stores no names (K = 0: Python's mx.nd.load returns a list). */
  names: string[] | null;
  arrays: RawArray[];
}

/** Smallest possible record: a V0 none array is just its uint32 ndim. */
const MIN_RECORD_BYTES = 4;

export function decodeParams(bytes: Uint8Array, source: string): DecodedParams {
  const r = new ByteReader(bytes, source);
  const magic = r.u64('list magic');
  if (magic !== LIST_MAGIC) {
    r.fail(`invalid NDArray file format: list magic is 0x${magic.toString(16)}, expected 0x112`, 0);
  }
  r.u64('reserved word');
  const n = r.count('array count N', MIN_RECORD_BYTES);
  const arrays: RawArray[] = [];
  for (let i = 0; i < n; i++) {
    r.context = `array #${i} of ${n}`;
    arrays.push(readRecord(r));
  }
  r.context = 'name list';
  const k = r.count('name count K', 8);
  if (k !== 0 && k !== n) r.fail(`name count K must be 0 or N = ${n}, got ${k}`, r.pos - 8);
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const names: string[] = [];
  for (let i = 0; i < k; i++) {
    r.context = `name of array #${i}`;
    const len = r.count('name length', 1);
    const at = r.pos;
    const raw = r.take(len, 'name bytes');
    try {
      names.push(decoder.decode(raw));
    } catch {
      r.fail('name is not valid UTF-8', at);
    }
  }
  // Like MXNet, bytes after the name list are ignored.
  return { names: k === 0 ? null : names, arrays };
}

function readRecord(r: ByteReader): RawArray {
  const at = r.pos;
  const head = r.u32('record magic');
  if (head === V2_MAGIC || head === V3_MAGIC) return readV2Layout(r, head === V3_MAGIC ? 'V3' : 'V2');
  if (head === V1_MAGIC) {
    const shape = readShape64(r, 'V1');
    return shape.length === 0 ? noneArray('V1') : readPayload(r, shape, 'V1');
  }
  // No magic: LegacyLoad treats the word as the ndim of a V0 record (uint32 dims follow).
  const ndim = head;
  if (ndim * 4 > r.remaining) {
    r.fail(`truncated file or unknown record magic: read as a V0 record, ndim ${ndim} (0x${head.toString(16)}) ` +
      `needs ${ndim * 4} bytes of dims, only ${r.remaining} left`, at);
  }
  const shape: number[] = [];
  for (let d = 0; d < ndim; d++) shape.push(r.u32(`dim ${d}`));
  return ndim === 0 ? noneArray('V0') : readPayload(r, shape, 'V0');
}

function readV2Layout(r: ByteReader, version: 'V2' | 'V3'): RawArray {
  const at = r.pos;
  const stype = r.i32('storage type');
  if (stype === 1 || stype === 2) {
    r.fail(`sparse storage (${stype === 1 ? 'row_sparse' : 'csr'}) is not supported; only dense arrays can be loaded`, at);
  }
  if (stype !== 0 && stype !== -1) r.fail(`unknown storage type ${stype}, expected 0 (dense)`, at);
  const shape = readShape64(r, version);
  // V2: ndim 0 means none. V3: ndim -1 (returned as null) means none, ndim 0 is a real scalar.
  if (shape === null || (version === 'V2' && shape.length === 0)) return noneArray(version);
  // Undefined storage (-1) is what MXNet writes only for none arrays.
  if (stype === -1) r.fail(`storage type -1 (undefined) on an array of shape ${shapeStr(shape)}`, at);
  return readPayload(r, shape, version);
}

/** shape64: int32 ndim, then ndim int64 dims. Returns null for V3's "unknown shape" (ndim -1). */
function readShape64(r: ByteReader, version: 'V1'): number[];
function readShape64(r: ByteReader, version: 'V2' | 'V3'): number[] | null;
function readShape64(r: ByteReader, version: RecordVersion): number[] | null {
  const at = r.pos;
  const ndim = r.i32('ndim');
  if (version === 'V3' && ndim === -1) return null;
  if (ndim < 0) r.fail(`invalid ndim ${ndim} in a ${version} record`, at);
  if (ndim * 8 > r.remaining) r.fail(`truncated file: ndim ${ndim} needs ${ndim * 8} bytes of dims, only ${r.remaining} left`, at);
  const shape: number[] = [];
  for (let d = 0; d < ndim; d++) {
    const dimAt = r.pos;
    const v = r.i64(`dim ${d}`);
    if (v < 0n || v > BigInt(Number.MAX_SAFE_INTEGER)) r.fail(`invalid dim ${d}: ${v}`, dimAt);
    shape.push(Number(v));
  }
  return shape;
}

function readPayload(r: ByteReader, shape: number[], version: RecordVersion): RawArray {
  const ctx = { dev_type: r.i32('context dev_type'), dev_id: r.i32('context dev_id') };
  const flagAt = r.pos;
  const flag = r.i32('type flag');
  const info = dtypeFromFlag(flag);
  if (!info) r.fail(`unknown type flag ${flag}, expected 0..12 (0 = float32)`, flagAt);
  // Size in BigInt: dims up to 2^53 multiply far past Number precision before the bounds check.
  const nbytes = shape.reduce((a, d) => a * BigInt(d), 1n) * BigInt(info.bytes);
  if (nbytes > BigInt(r.remaining)) {
    r.fail(`truncated file: ${info.name} array of shape ${shapeStr(shape)} needs ${nbytes} data bytes, only ${r.remaining} left`);
  }
  const data = r.take(Number(nbytes), 'array data');
  return { dtype: info.name, shape, data, version, ctx, none: false };
}

function noneArray(version: RecordVersion): RawArray {
  return { dtype: 'float32', shape: [], data: new Uint8Array(0), version, ctx: null, none: true };
}

export interface ArrayToEncode {
  dtype: DType;
  shape: readonly number[];
  /** Row-major little-endian element bytes, exactly prod(shape) × sizeof(dtype) of them. */
  data: Uint8Array;
}

/**
 * The bytes Python MXNet 1.x writes for `mx.nd.save`: V2 dense records with context (cpu, 0).
 * `names` null writes K = 0 (a list); otherwise one name per array, in order.
 */
export function encodeParams(names: readonly string[] | null, arrays: readonly ArrayToEncode[]): Uint8Array {
  if (names !== null && names.length !== arrays.length) {
    throw new MXNetError(`encodeParams: ${names.length} names for ${arrays.length} arrays`);
  }
  const encoder = new TextEncoder();
  const nameBytes = (names ?? []).map((s) => encoder.encode(s));
  let total = 24 + 8;
  arrays.forEach((a, i) => {
    const label = names ? `'${names[i]}'` : `#${i}`;
    // V2 cannot hold a 0-d array: ndim 0 means "none" there (checkpoint-format.md §A.9).
    if (a.shape.length === 0) throw new MXNetError(`encodeParams: array ${label} is 0-d; V2 records need shape (1,) for a scalar`);
    if (!a.shape.every((d) => Number.isSafeInteger(d) && d >= 0)) {
      throw new MXNetError(`encodeParams: array ${label} has an invalid shape ${shapeStr(a.shape)}`);
    }
    const expected = prod(a.shape) * dtypeInfo(a.dtype).bytes;
    if (a.data.length !== expected) {
      throw new MXNetError(`encodeParams: array ${label} of ${a.dtype} shape ${shapeStr(a.shape)} needs ${expected} bytes, got ${a.data.length}`);
    }
    total += 4 + 4 + 4 + 8 * a.shape.length + 12 + a.data.length;
  });
  for (const b of nameBytes) total += 8 + b.length;

  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  let p = 0;
  const u32 = (v: number) => { view.setUint32(p, v, true); p += 4; };
  const i32 = (v: number) => { view.setInt32(p, v, true); p += 4; };
  const u64 = (v: number) => { view.setBigUint64(p, BigInt(v), true); p += 8; };
  u64(Number(LIST_MAGIC));
  u64(0);
  u64(arrays.length);
  for (const a of arrays) {
    u32(V2_MAGIC);
    i32(0); // dense storage
    i32(a.shape.length);
    for (const d of a.shape) u64(d);
    i32(1); // dev_type cpu: Python copies to cpu() before saving
    i32(0);
    i32(dtypeInfo(a.dtype).flag);
    out.set(a.data, p);
    p += a.data.length;
  }
  u64(nameBytes.length);
  for (const b of nameBytes) {
    u64(b.length);
    out.set(b, p);
    p += b.length;
  }
  return out;
}
