// `prefix-%04d.states`: everything besides the parameters that exact resume needs — the optimizer's
// per-index states and update counters, the random streams, and where the data order's random stream
// began. MXNet pickles its Updater here (python/mxnet/optimizer Updater.get_states); mxjs writes this
// portable binary layout instead. No NDArray dependency: arrays are float32 host data.
//
// Layout (all integers little-endian):
//   magic        8 bytes  "MXJSSTAT"
//   version      u32      1
//   epoch        u32      epochs completed when saved (the checkpoint's epoch number)
//   num_update   i64      Optimizer.num_update
//   T            u32      update-counter tables, one per device id:
//     device_id  i32,  n u64,  n × (key, count i64)
//   S            u64      optimizer states, one per parameter index:
//     key, tree
//   R            u32      words of random.getState() taken when epoch `epoch - 1`'s training pass ended
//     R × u32
//   has_origin   u32      0 or 1; when 1, the stream the data iterators' shuffles started from:
//     origin_epoch u32,  R u32,  R × u32  (random.getState() at the start of the fit that began at origin_epoch)
// where
//   key  := u8 0, i64 index            (FeedForward's integer indices)
//         | u8 1, u64 length, UTF-8    (name indices)
//   tree := u8 0                       (no state)
//         | u8 1, u32 ndim, ndim × u64 dim, prod(dim) × f32   (one array)
//         | u8 2, u32 n, n × tree      (a tuple of states, e.g. Adam's (mean, var))

import { MXNetError, prod, shapeStr } from '../base.js';
import { ByteReader } from './byte_reader.js';

export const STATES_MAGIC = 'MXJSSTAT';
export const STATES_VERSION = 1;
/** Tuples of tuples deeper than this are not optimizer states; refusing them bounds the recursion. */
const MAX_TREE_DEPTH = 16;

export type StateKey = number | string;
export interface StateArray {
  shape: number[];
  data: Float32Array;
}
export type StateTree = null | StateArray | StateTree[];

export interface SavedTrainingStates {
  epoch: number;
  num_update: number;
  counters: { device_id: number; counts: [StateKey, number][] }[];
  states: [StateKey, StateTree][];
  rng: number[];
  origin: { epoch: number; rng: number[] } | null;
}

class Writer {
  private parts: Uint8Array[] = [];
  private scratch = new DataView(new ArrayBuffer(8));
  private fixed(n: number): Uint8Array {
    const out = new Uint8Array(this.scratch.buffer.slice(0, n));
    this.parts.push(out);
    return out;
  }
  u8(v: number): void { this.scratch.setUint8(0, v); this.fixed(1); }
  u32(v: number): void { this.scratch.setUint32(0, v >>> 0, true); this.fixed(4); }
  i32(v: number): void { this.scratch.setInt32(0, v, true); this.fixed(4); }
  u64(v: number): void { this.scratch.setBigUint64(0, BigInt(v), true); this.fixed(8); }
  i64(v: number): void { this.scratch.setBigInt64(0, BigInt(v), true); this.fixed(8); }
  raw(b: Uint8Array): void { this.parts.push(b); }
  bytes(): Uint8Array {
    const out = new Uint8Array(this.parts.reduce((s, p) => s + p.length, 0));
    let p = 0;
    for (const part of this.parts) {
      out.set(part, p);
      p += part.length;
    }
    return out;
  }
}

function checkInt(v: number, what: string): number {
  if (!Number.isSafeInteger(v)) throw new MXNetError(`encodeStates: ${what} must be an integer, got ${v}`);
  return v;
}

function writeKey(w: Writer, k: StateKey): void {
  if (typeof k === 'number') {
    w.u8(0);
    w.i64(checkInt(k, 'index'));
  } else {
    const b = new TextEncoder().encode(k);
    w.u8(1);
    w.u64(b.length);
    w.raw(b);
  }
}

function writeTree(w: Writer, t: StateTree, depth: number): void {
  if (depth > MAX_TREE_DEPTH) throw new MXNetError(`encodeStates: state tuples nest deeper than ${MAX_TREE_DEPTH}`);
  if (t === null) {
    w.u8(0);
  } else if (Array.isArray(t)) {
    w.u8(2);
    w.u32(t.length);
    for (const c of t) writeTree(w, c, depth + 1);
  } else {
    if (t.data.length !== prod(t.shape)) {
      throw new MXNetError(`encodeStates: a state of shape ${shapeStr(t.shape)} has ${t.data.length} values`);
    }
    w.u8(1);
    w.u32(t.shape.length);
    for (const d of t.shape) w.u64(checkInt(d, 'dim'));
    // As in .params files, element bytes are the typed array's own: little-endian on every host mxjs
    // runs on (WebAssembly memory is little-endian), with no per-element conversion.
    w.raw(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength).slice());
  }
}

function writeWords(w: Writer, words: readonly number[]): void {
  w.u32(words.length);
  for (const x of words) w.u32(x);
}

export function encodeStates(s: SavedTrainingStates): Uint8Array {
  const w = new Writer();
  w.raw(new TextEncoder().encode(STATES_MAGIC));
  w.u32(STATES_VERSION);
  w.u32(checkInt(s.epoch, 'epoch'));
  w.i64(checkInt(s.num_update, 'num_update'));
  w.u32(s.counters.length);
  for (const t of s.counters) {
    w.i32(t.device_id);
    w.u64(t.counts.length);
    for (const [k, n] of t.counts) {
      writeKey(w, k);
      w.i64(checkInt(n, 'update count'));
    }
  }
  w.u64(s.states.length);
  for (const [k, t] of s.states) {
    writeKey(w, k);
    writeTree(w, t, 0);
  }
  writeWords(w, s.rng);
  w.u32(s.origin ? 1 : 0);
  if (s.origin) {
    w.u32(checkInt(s.origin.epoch, 'origin epoch'));
    writeWords(w, s.origin.rng);
  }
  return w.bytes();
}

function u8(r: ByteReader, what: string): number {
  return r.take(1, what)[0]!;
}

function safeI64(r: ByteReader, what: string): number {
  const at = r.pos;
  const v = r.i64(what);
  if (v < BigInt(Number.MIN_SAFE_INTEGER) || v > BigInt(Number.MAX_SAFE_INTEGER)) r.fail(`${what} ${v} is out of range`, at);
  return Number(v);
}

function readKey(r: ByteReader): StateKey {
  const at = r.pos;
  const kind = u8(r, 'key kind');
  if (kind === 0) return safeI64(r, 'index');
  if (kind !== 1) r.fail(`unknown key kind ${kind}, expected 0 (index) or 1 (name)`, at);
  const len = r.count('name length', 1);
  const nameAt = r.pos;
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(r.take(len, 'name bytes'));
  } catch {
    return r.fail('name is not valid UTF-8', nameAt);
  }
}

function readTree(r: ByteReader, depth: number): StateTree {
  const at = r.pos;
  const tag = u8(r, 'state tag');
  if (tag === 0) return null;
  if (tag === 2) {
    if (depth >= MAX_TREE_DEPTH) r.fail(`state tuples nest deeper than ${MAX_TREE_DEPTH}`, at);
    const n = r.u32('tuple size');
    if (n > r.remaining) r.fail(`truncated file: a tuple of ${n} states needs at least ${n} bytes, only ${r.remaining} left`, at);
    const out: StateTree[] = [];
    for (let i = 0; i < n; i++) out.push(readTree(r, depth + 1));
    return out;
  }
  if (tag !== 1) r.fail(`unknown state tag ${tag}, expected 0 (none), 1 (array) or 2 (tuple)`, at);
  const ndim = r.u32('ndim');
  if (ndim * 8 > r.remaining) r.fail(`truncated file: ndim ${ndim} needs ${ndim * 8} bytes of dims, only ${r.remaining} left`, at);
  const shape: number[] = [];
  for (let d = 0; d < ndim; d++) shape.push(safeI64(r, `dim ${d}`));
  if (shape.some((d) => d < 0)) r.fail(`invalid shape ${shapeStr(shape)}`, at);
  // BigInt: dims near 2^53 multiply past Number precision before the bounds check.
  const nbytes = shape.reduce((a, d) => a * BigInt(d), 1n) * 4n;
  if (nbytes > BigInt(r.remaining)) {
    r.fail(`truncated file: a state of shape ${shapeStr(shape)} needs ${nbytes} data bytes, only ${r.remaining} left`);
  }
  // take() copies into a buffer of its own, so the float32 view is aligned.
  const raw = r.take(Number(nbytes), 'state data');
  return { shape, data: new Float32Array(raw.buffer, raw.byteOffset, raw.length / 4) };
}

function readWords(r: ByteReader, what: string): number[] {
  const at = r.pos;
  const n = r.u32(`${what} word count`);
  if (n !== 6) r.fail(`${what} has ${n} words, expected 6 (random.getState())`, at);
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(r.u32(`${what} word ${i}`));
  return out;
}

/** Decode a `.states` file; every malformed byte fails with an MXNetError naming `source` and the offset. */
export function decodeStates(bytes: Uint8Array, source: string): SavedTrainingStates {
  const r = new ByteReader(bytes, source);
  const magic = new TextDecoder('latin1').decode(r.take(Math.min(8, r.remaining), 'magic'));
  if (magic !== STATES_MAGIC) r.fail(`not an mxjs optimizer-states file: magic is ${JSON.stringify(magic)}, expected "${STATES_MAGIC}"`, 0);
  const version = r.u32('version');
  if (version !== STATES_VERSION) r.fail(`unsupported states version ${version}, expected ${STATES_VERSION}`, 8);
  const epoch = r.u32('epoch');
  const num_update = safeI64(r, 'num_update');
  const tables = r.u32('counter table count');
  if (tables * 12 > r.remaining) r.fail(`truncated file: ${tables} counter tables, only ${r.remaining} bytes left`);
  const counters: SavedTrainingStates['counters'] = [];
  for (let t = 0; t < tables; t++) {
    r.context = `counter table #${t}`;
    const device_id = r.i32('device id');
    const n = r.count('counter count', 9);
    const counts: [StateKey, number][] = [];
    for (let i = 0; i < n; i++) counts.push([readKey(r), safeI64(r, 'update count')]);
    counters.push({ device_id, counts });
  }
  r.context = 'optimizer states';
  const n = r.count('state count', 2);
  const states: [StateKey, StateTree][] = [];
  for (let i = 0; i < n; i++) {
    r.context = `state #${i} of ${n}`;
    states.push([readKey(r), readTree(r, 0)]);
  }
  r.context = 'random state';
  const rng = readWords(r, 'random state');
  const hasOrigin = r.u32('origin flag');
  if (hasOrigin > 1) r.fail(`origin flag must be 0 or 1, got ${hasOrigin}`, r.pos - 4);
  const origin = hasOrigin ? { epoch: r.u32('origin epoch'), rng: readWords(r, 'origin random state') } : null;
  r.context = '';
  if (r.remaining !== 0) r.fail(`${r.remaining} unexpected bytes after the end of the states`);
  return { epoch, num_update, counters, states, rng, origin };
}
