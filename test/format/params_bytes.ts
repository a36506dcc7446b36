// Test helpers for .params bytes, written from checkpoint-format.md §A independently of
// src/format/params.ts: a record builder for synthetic files and a minimal walker for real ones.

export const V1 = 0xf993fac8;
export const V2 = 0xf993fac9;
export const V3 = 0xf993faca;

/** Little-endian byte builder. */
export class Bytes {
  private parts: number[] = [];
  u8(...v: number[]): this {
    this.parts.push(...v.map((x) => x & 0xff));
    return this;
  }
  u32(v: number): this {
    const b = new DataView(new ArrayBuffer(4));
    b.setUint32(0, v >>> 0, true);
    return this.u8(...new Uint8Array(b.buffer));
  }
  i32(v: number): this {
    return this.u32(v | 0);
  }
  u64(v: bigint | number): this {
    const b = new DataView(new ArrayBuffer(8));
    b.setBigUint64(0, BigInt(v), true);
    return this.u8(...new Uint8Array(b.buffer));
  }
  i64(v: bigint | number): this {
    const b = new DataView(new ArrayBuffer(8));
    b.setBigInt64(0, BigInt(v), true);
    return this.u8(...new Uint8Array(b.buffer));
  }
  raw(b: ArrayLike<number>): this {
    this.parts.push(...Array.from(b));
    return this;
  }
  str(s: string): this {
    const b = new TextEncoder().encode(s);
    return this.u64(b.length).raw(b);
  }
  f32(...v: number[]): this {
    return this.raw(new Uint8Array(new Float32Array(v).buffer));
  }
  build(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

export function header(n: number | bigint): Bytes {
  return new Bytes().u64(0x112).u64(0).u64(n);
}

/** A dense V2 record (or V3 with `magic`); `shape` null writes ndim -1 (V3 none). */
export function v2Record(b: Bytes, shape: number[] | null, flag: number, data: ArrayLike<number>,
  opts: { magic?: number; stype?: number; ctx?: [number, number] } = {}): Bytes {
  b.u32(opts.magic ?? V2).i32(opts.stype ?? 0);
  if (shape === null) return b.i32(-1);
  b.i32(shape.length);
  for (const d of shape) b.i64(d);
  if (shape.length === 0 && (opts.magic ?? V2) === V2) return b;
  const [t, id] = opts.ctx ?? [1, 0];
  return b.i32(t).i32(id).i32(flag).raw(data);
}

export interface WalkedRecord {
  name: string | null;
  shape: number[];
  /** Byte offset of the first float32 element in the file. */
  dataOffset: number;
}

/**
 * Walks a real checkpoint: V0 or V2 dense float32 records only (all the fixtures are), then the
 * names. Returns the records and the offset where the name list ended.
 */
export function walkFloat32Params(bytes: Uint8Array): { records: WalkedRecord[]; end: number } {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let p = 16;
  const n = Number(dv.getBigUint64(p, true));
  p += 8;
  const records: WalkedRecord[] = [];
  for (let i = 0; i < n; i++) {
    const first = dv.getUint32(p, true);
    p += 4;
    const shape: number[] = [];
    if (first === V2) {
      if (dv.getInt32(p, true) !== 0) throw new Error('walker: not dense');
      const ndim = dv.getInt32(p + 4, true);
      p += 8;
      for (let d = 0; d < ndim; d++, p += 8) shape.push(Number(dv.getBigInt64(p, true)));
    } else {
      for (let d = 0; d < first; d++, p += 4) shape.push(dv.getUint32(p, true));
    }
    if (dv.getInt32(p, true) !== 1 || dv.getInt32(p + 8, true) !== 0) throw new Error('walker: expected cpu float32');
    p += 12;
    records.push({ name: null, shape, dataOffset: p });
    p += 4 * shape.reduce((a, b) => a * b, 1);
  }
  const k = Number(dv.getBigUint64(p, true));
  p += 8;
  for (let i = 0; i < k; i++) {
    const len = Number(dv.getBigUint64(p, true));
    records[i]!.name = new TextDecoder().decode(bytes.subarray(p + 8, p + 8 + len));
    p += 8 + len;
  }
  return { records, end: p };
}

export function float32At(bytes: Uint8Array, offset: number, count: number): number[] {
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Array.from({ length: count }, (_, i) => dv.getFloat32(offset + 4 * i, true));
}

export const FIXTURES = '../shared/fixtures/mxnet/';
export const PARAMS_FIXTURES = [
  'cifar_resnet20_v1/cifar_resnet20_v1-0000.params',
  'cifar_resnet20_v2/cifar_resnet20_v2-0000.params',
  'insightface_genderage/model-0000.params',
  'mtcnn_det1/det1-0001.params',
  'mtcnn_det2/det2-0001.params',
  'mtcnn_det3/det3-0001.params',
  'mtcnn_det4/det4-0001.params',
  'mnist_lenet_2015/mnist-lenet-0-0010.params',
  'go_test_attr/go_test-0001.params',
];
export const V2_FIXTURES = PARAMS_FIXTURES.slice(0, 3);
