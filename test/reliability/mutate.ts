// Deterministic mutators for fuzzing the loaders: a seeded PRNG, byte-level mutations of `.params`
// files (bit flips, truncation, length-field edits, splices) and structural edits of symbol JSON
// (deleted keys, swapped or forward ids, renamed ops, absurd attributes). Each returns a description
// so a failing case can be reproduced from its seed alone.

/** mulberry32: a tiny seeded generator; the same seed always gives the same mutation. */
export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)]!;
  }
}

/** Values that tend to break length and count fields. */
const INTERESTING_U32 = [0, 1, 2, 3, 4, 7, 8, 0x7f, 0xff, 0x100, 0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff,
  0xf993fac8, 0xf993fac9, 0xf993faca, 0x112];
const INTERESTING_U64 = [0n, 1n, 2n, 0x112n, 0xffffffffn, 0x100000000n, 0x7fffffffffffffffn, 0xffffffffffffffffn,
  2n ** 53n, 2n ** 53n + 1n];

export interface Mutation<T> {
  value: T;
  desc: string;
}

export function mutateBytes(src: Uint8Array, rng: Rng): Mutation<Uint8Array> {
  const b = src.slice();
  const view = new DataView(b.buffer);
  const at = (align: number, width: number) => {
    const max = Math.max(0, b.length - width);
    return Math.min(max, rng.int(Math.floor(max / align) + 1) * align);
  };
  // Field edits favour the header and record headers, where the lengths live.
  const early = (width: number) => (rng.next() < 0.6 ? Math.min(rng.int(Math.min(b.length, 160)) & ~3, Math.max(0, b.length - width)) : at(4, width));
  switch (rng.int(9)) {
    case 0: {
      const n = 1 + rng.int(8);
      const spots: number[] = [];
      for (let i = 0; i < n && b.length > 0; i++) {
        const p = rng.int(b.length), bit = rng.int(8);
        b[p]! ^= 1 << bit;
        spots.push(p * 8 + bit);
      }
      return { value: b, desc: `flip bits ${spots.join(',')}` };
    }
    case 1: {
      const n = rng.int(b.length + 1);
      return { value: b.slice(0, n), desc: `truncate to ${n} bytes` };
    }
    case 2: {
      if (b.length < 4) return { value: b, desc: 'unchanged (too short)' };
      const p = early(4), v = rng.pick(INTERESTING_U32);
      view.setUint32(p, v, true);
      return { value: b, desc: `u32 at ${p} = 0x${v.toString(16)}` };
    }
    case 3: {
      if (b.length < 8) return { value: b, desc: 'unchanged (too short)' };
      const p = early(8), v = rng.pick(INTERESTING_U64);
      view.setBigUint64(p, v, true);
      return { value: b, desc: `u64 at ${p} = 0x${v.toString(16)}` };
    }
    case 4: {
      if (b.length < 4) return { value: b, desc: 'unchanged (too short)' };
      const p = early(4), d = rng.pick([-2, -1, 1, 2, 4, 8, 1000, -1000]);
      view.setInt32(p, view.getInt32(p, true) + d, true);
      return { value: b, desc: `i32 at ${p} += ${d}` };
    }
    case 5: {
      const p = rng.int(b.length + 1), n = 1 + rng.int(16);
      const out = new Uint8Array(b.length + n);
      out.set(b.subarray(0, p));
      for (let i = 0; i < n; i++) out[p + i] = rng.int(256);
      out.set(b.subarray(p), p + n);
      return { value: out, desc: `insert ${n} random bytes at ${p}` };
    }
    case 6: {
      const p = rng.int(b.length + 1), n = 1 + rng.int(32);
      const tail = b.subarray(Math.min(b.length, p + n));
      const out = new Uint8Array(p + tail.length);
      out.set(b.subarray(0, p));
      out.set(tail, p);
      return { value: out, desc: `delete ${n} bytes at ${p}` };
    }
    case 7: {
      const n = 1 + rng.int(64);
      for (let i = 0; i < n && b.length > 0; i++) b[rng.int(b.length)] = rng.pick([0, 0xff, rng.int(256)]);
      return { value: b, desc: `${n} random bytes overwritten` };
    }
    default: {
      // Copy one region over another: record headers land where data or names were.
      if (b.length < 16) return { value: b, desc: 'unchanged (too short)' };
      const n = 4 + rng.int(Math.min(64, b.length - 4)), from = rng.int(b.length - n + 1), to = rng.int(b.length - n + 1);
      b.copyWithin(to, from, from + n);
      return { value: b, desc: `copy ${n} bytes from ${from} to ${to}` };
    }
  }
}

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Node = { [k: string]: Json };

const OP_NAMES = ['null', 'FullyConnected', 'Activation', 'SoftmaxOutput', 'Reshape', 'Flatten', 'Concat', 'Dropout',
  'elemwise_add', '_plus_scalar', 'add_n', 'LinearRegressionOutput', 'Convolution', 'NoSuchOp', '', '__proto__', 'constructor'];
const ABSURD_ATTRS = ['1e30', '-1', '0', '99999999999', '2147483648', '(99999999, 9)', '(0,)', '()', '(-1, -1)', '(1, 2, 3, 4, 5, 6, 7, 8, 9)',
  'nan', 'inf', '-inf', '', 'None', 'True', 'relu', 'nonsense', '(3', '[2,2]', '1.5', ' 7 ', '0x10', '(4294967296, 1)'];
const ATTR_KEYS = ['num_hidden', 'act_type', 'shape', 'kernel', 'num_args', 'dim', 'p', 'scalar', 'no_bias', 'flatten',
  'grad_scale', 'target_shape', 'reverse', 'mode', 'num_outputs', '__proto__', 'constructor'];

function nodesOf(g: { [k: string]: Json }): Node[] {
  return Array.isArray(g.nodes) ? (g.nodes.filter((n) => n && typeof n === 'object' && !Array.isArray(n)) as Node[]) : [];
}

function inputsOf(n: Node): Json[][] {
  return Array.isArray(n.inputs) ? (n.inputs.filter(Array.isArray) as Json[][]) : [];
}

function attrBag(n: Node): { [k: string]: Json } {
  for (const k of ['attrs', 'attr', 'param']) {
    const v = n[k];
    if (v && typeof v === 'object' && !Array.isArray(v)) return v;
  }
  n.attrs = {};
  return n.attrs as { [k: string]: Json };
}

/** One structural edit of a parsed symbol file (mutates `g`), or a text-level edit of its JSON. */
export function mutateSymbolJSON(text: string, rng: Rng): Mutation<string> {
  if (rng.next() < 0.2) return mutateText(text, rng);
  const g = JSON.parse(text) as { [k: string]: Json };
  const edits: string[] = [];
  const count = 1 + rng.int(3);
  for (let e = 0; e < count; e++) edits.push(editGraph(g, rng));
  return { value: JSON.stringify(g), desc: edits.join('; ') };
}

function editGraph(g: { [k: string]: Json }, rng: Rng): string {
  const nodes = nodesOf(g);
  if (nodes.length === 0) return 'no nodes';
  const i = rng.int(nodes.length), n = nodes[i]!;
  const ops = nodes.map((x, k) => [x, k] as const).filter(([x]) => x.op !== 'null');
  switch (rng.int(12)) {
    case 0: {
      const k = rng.pick(['op', 'name', 'inputs', 'attrs', 'attr', 'param']);
      delete n[k];
      return `node ${i}: delete '${k}'`;
    }
    case 1: {
      const ins = inputsOf(n);
      if (ins.length === 0) return `node ${i}: no inputs`;
      const j = rng.int(ins.length);
      const v = rng.pick<Json>([i, i + 1, nodes.length, nodes.length + 5, -1, 1.5, '0', null, 2 ** 32, rng.int(nodes.length)]);
      ins[j]![0] = v;
      return `node ${i} input ${j}: id = ${JSON.stringify(v)} (self/forward ids make cycles)`;
    }
    case 2: {
      const ins = inputsOf(n);
      if (ins.length === 0) return `node ${i}: no inputs`;
      const j = rng.int(ins.length), v = rng.pick<Json>([1, 2, 5, -1, 99999, 2 ** 32]);
      ins[j]![1] = v;
      return `node ${i} input ${j}: output index = ${JSON.stringify(v)}`;
    }
    case 3: {
      if (ops.length < 2) return 'too few ops to swap';
      const [a, ia] = rng.pick(ops), [b, ib] = rng.pick(ops);
      const t = a.inputs;
      a.inputs = b.inputs;
      b.inputs = t;
      return `swap inputs of nodes ${ia} and ${ib}`;
    }
    case 4: {
      const op = rng.pick(OP_NAMES);
      n.op = op;
      return `node ${i}: op = '${op}'`;
    }
    case 5: {
      const bag = attrBag(n), k = rng.pick([...Object.keys(bag), ...ATTR_KEYS]), v = rng.pick(ABSURD_ATTRS);
      bag[k] = v;
      return `node ${i}: attr ${k} = '${v}'`;
    }
    case 6: {
      const bag = attrBag(n), keys = Object.keys(bag);
      if (keys.length === 0) return `node ${i}: no attrs`;
      const k = rng.pick(keys);
      delete bag[k];
      return `node ${i}: delete attr ${k}`;
    }
    case 7: {
      const other = rng.int(nodes.length);
      n.name = nodes[other]!.name ?? null;
      return `node ${i}: name = name of node ${other}`;
    }
    case 8: {
      (g.nodes as Json[]).splice(i, 1);
      return `delete node ${i} (later ids dangle or shift)`;
    }
    case 9: {
      const heads = Array.isArray(g.heads) ? (g.heads as Json[]) : (g.heads = []);
      const v = rng.pick<Json>([[rng.int(nodes.length), 0, 0], [nodes.length, 0, 0], [i, 3, 0], [], 'x', [0]]);
      if (heads.length > 0 && rng.next() < 0.7) heads[rng.int(heads.length)] = v;
      else heads.push(v);
      return `heads: ${JSON.stringify(v)}`;
    }
    case 10: {
      const v = rng.pick<Json>([[rng.int(nodes.length)], [nodes.length], [-1], 'x', []]);
      g.arg_nodes = v;
      return `arg_nodes = ${JSON.stringify(v)}`;
    }
    default: {
      const v = rng.pick<Json>([['int', 800], ['int', 904], ['int', 10300], ['int', -1], ['str', 'x'], 5, ['int', 1.5]]);
      g.attrs = { mxnet_version: v };
      return `mxnet_version = ${JSON.stringify(v)}`;
    }
  }
}

function mutateText(text: string, rng: Rng): Mutation<string> {
  const p = rng.int(text.length + 1);
  switch (rng.int(4)) {
    case 0:
      return { value: text.slice(0, p), desc: `text truncated at ${p}` };
    case 1: {
      const n = 1 + rng.int(8);
      return { value: text.slice(0, p) + text.slice(p + n), desc: `text: delete ${n} chars at ${p}` };
    }
    case 2: {
      const s = rng.pick(['{', '}', '[', ']', ',', '"', '\\', '\u0000', '1e999', '-', 'null', '\ud800', ':']);
      return { value: text.slice(0, p) + s + text.slice(p), desc: `text: insert ${JSON.stringify(s)} at ${p}` };
    }
    default: {
      // Deep nesting must fail cleanly, not overflow the stack.
      const depth = rng.pick([100, 10000, 200000]);
      return { value: '['.repeat(depth) + ']'.repeat(depth), desc: `array nested ${depth} deep` };
    }
  }
}
