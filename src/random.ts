// mx.random: one seed drives every random stream. Device draws are counter-based (Philox4x32-10 in
// the kernels), so the same seed gives the same numbers on every backend; host-side choices
// (shuffling) use a small seeded generator derived from the same seed.

import { bindArgs, MXNetError, pop } from './base.js';
import type { Context } from './context.js';
import type { NDArray } from './ndarray/ndarray.js';

// Declared before the first sfc32() call below, which assigns it (a later `let` would be in its TDZ).
let hostState = () => [] as number[];
let key = 0x6d786a73; // arbitrary default so unseeded runs still work
let counter = 0;
let host = sfc32(key, 0x9e3779b9, 0x243f6a88, 1);

/** Python: mx.random.seed(seed_state, ctx='all'). Resets every stream. */
export function seed(seed_state: number, ..._rest: unknown[]): void {
  if (!Number.isInteger(seed_state)) throw new MXNetError(`mx.random.seed expects an integer, got ${seed_state}`);
  key = seed_state >>> 0;
  counter = 0;
  host = sfc32(key, 0x9e3779b9 ^ Math.floor(seed_state / 2 ** 32), 0x243f6a88, 1);
  for (let i = 0; i < 12; i++) host();
}

/**
 * @internal Reserve `n` draws from the device stream: returns the (key, counter) to pass to a kernel.
 * Philox yields 4 numbers per counter value, so the counter advances by ceil(n / 4).
 */
export function reserve(n: number): { key: number; counter: number } {
  const r = { key, counter };
  counter = (counter + Math.ceil(n / 4) + 1) >>> 0;
  return r;
}

/** @internal A uniform [0, 1) float from the host stream. */
export function hostUniform(): number {
  return host();
}

/** @internal Fisher–Yates permutation of 0..n-1 from the host stream (numpy.random.shuffle's role). */
export function permutation(n: number): Int32Array {
  const idx = new Int32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(host() * (i + 1));
    const t = idx[i]!;
    idx[i] = idx[j]!;
    idx[j] = t;
  }
  return idx;
}

/** @internal Snapshot and restore of every stream (for exact resume). */
export function getState(): number[] {
  return [key, counter, ...hostState()];
}

/**
 * @internal Restore a getState() snapshot: the device stream's (key, counter) and the host generator's
 * four words, so the next draws of both streams are exactly those that followed the snapshot.
 */
export function setState(state: readonly number[]): void {
  if (state.length !== 6 || !state.every((w) => Number.isInteger(w) && w >= 0 && w <= 0xffffffff)) {
    throw new MXNetError(`random.setState: expected the 6 uint32 words of random.getState(), got ${JSON.stringify(state)}`);
  }
  key = state[0]!;
  counter = state[1]!;
  host = sfc32(state[2]!, state[3]!, state[4]!, state[5]!);
}

function sfc32(a: number, b: number, c: number, d: number): () => number {
  const next = () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    const t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    const r = (t + d) | 0;
    c = (c + r) | 0;
    return (r >>> 0) / 4294967296;
  };
  hostState = () => [a >>> 0, b >>> 0, c >>> 0, d >>> 0];
  return next;
}

/** mx.random.uniform(low=0, high=1, shape, ctx, out) */
export function uniform(...args: unknown[]): NDArray {
  const kw = bindArgs('uniform', ['low', 'high', 'shape', 'dtype', 'ctx', 'out'], args);
  const low = pop(kw, 'low', 0), high = pop(kw, 'high', 1);
  return draw(kw, (b, ref, n) => { const r = reserve(n); b.randomUniform(ref, n, low, high, r.key, r.counter); });
}

/** mx.random.normal(loc=0, scale=1, shape, ctx, out) */
export function normal(...args: unknown[]): NDArray {
  const kw = bindArgs('normal', ['loc', 'scale', 'shape', 'dtype', 'ctx', 'out'], args);
  const loc = pop(kw, 'loc', 0), scale = pop(kw, 'scale', 1);
  return draw(kw, (b, ref, n) => { const r = reserve(n); b.randomNormal(ref, n, loc, scale, r.key, r.counter); });
}

type Drawer = (b: NDArray['backend'], ref: NDArray['ref'], n: number) => void;
let makeEmpty: (shape: number[], ctx?: Context) => NDArray;
/** @internal wired by ndarray/create.ts to avoid an import cycle */
export function _setAllocator(f: typeof makeEmpty): void {
  makeEmpty = f;
}
function draw(kw: Record<string, unknown>, f: Drawer): NDArray {
  const out = (kw.out as NDArray | undefined) ?? makeEmpty(normShape(kw.shape), kw.ctx as Context | undefined);
  f(out.backend, out.ref, out.size);
  return out;
}
function normShape(s: unknown): number[] {
  if (s === undefined || s === null) return [1];
  return typeof s === 'number' ? [s] : [...(s as number[])];
}
