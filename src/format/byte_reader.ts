// Bounds-checked little-endian reader for MXNet's binary streams (dmlc::Stream as used by
// NDArray::Load). Every read is checked before it happens, so a corrupt file fails with an
// MXNetError naming the file, the byte offset and what was being read — never a RangeError or a
// huge allocation.

import { MXNetError } from '../base.js';

export class ByteReader {
  pos = 0;
  /** What is being decoded right now (e.g. "array #3"), added to every error message. */
  context = '';
  private readonly view: DataView;

  constructor(readonly bytes: Uint8Array, readonly source: string) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  get remaining(): number {
    return this.bytes.length - this.pos;
  }

  fail(message: string, at: number = this.pos): never {
    const where = this.context ? `, ${this.context}` : '';
    throw new MXNetError(`${this.source}: ${message} (at byte offset ${at}${where})`);
  }

  private need(n: number, what: string): void {
    if (n > this.remaining) {
      this.fail(`truncated file: reading ${what} needs ${n} bytes, only ${this.remaining} left`);
    }
  }

  u32(what: string): number {
    this.need(4, what);
    const v = this.view.getUint32(this.pos, true);
    this.pos += 4;
    return v;
  }

  i32(what: string): number {
    this.need(4, what);
    const v = this.view.getInt32(this.pos, true);
    this.pos += 4;
    return v;
  }

  u64(what: string): bigint {
    this.need(8, what);
    const v = this.view.getBigUint64(this.pos, true);
    this.pos += 8;
    return v;
  }

  i64(what: string): bigint {
    this.need(8, what);
    const v = this.view.getBigInt64(this.pos, true);
    this.pos += 8;
    return v;
  }

  /**
   * A uint64 count of items that each occupy at least `minBytes` in the rest of the file. Checking
   * the count against the remaining bytes first is what stops a 20-byte file claiming 2^60 items
   * from turning into an allocation.
   */
  count(what: string, minBytes: number): number {
    const at = this.pos;
    const n = this.u64(what);
    if (n * BigInt(minBytes) > BigInt(this.remaining)) {
      this.fail(`truncated file: ${what} is ${n}, but only ${this.remaining} bytes remain (each needs at least ${minBytes})`, at);
    }
    return Number(n);
  }

  /** `n` bytes copied into a fresh buffer, so typed-array views over them are aligned. */
  take(n: number, what: string): Uint8Array {
    this.need(n, what);
    const out = this.bytes.slice(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }
}
