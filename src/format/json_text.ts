// A small JSON reader for symbol files. It accepts what dmlc's JSONWriter emits but JSON.parse
// rejects (raw control characters inside strings), keeps each number's source text (so a legacy
// `param` value 2.0 can be stringified the way Python would: "2.0", not "2"), and reports errors
// with line and column.

import { MXNetError } from '../base.js';

/** A number as written in the file; `text` is the exact source spelling. */
export class JsonNumber {
  constructor(readonly text: string) {}
  get value(): number {
    return Number(this.text);
  }
  /** True when the spelling is a JSON integer (no fraction, no exponent) — Python's int. */
  get isInteger(): boolean {
    return /^-?\d+$/.test(this.text);
  }
}

export type JsonValue = string | JsonNumber | boolean | null | JsonValue[] | JsonObject;
/** Objects keep their key order; a repeated key keeps the last value (as dmlc's reader does). */
export type JsonObject = Map<string, JsonValue>;

export function parseJsonText(text: string, source: string): JsonValue {
  const p = new Parser(text, source);
  p.skipSpace();
  const v = p.value();
  p.skipSpace();
  if (p.pos < text.length) p.fail('unexpected text after the end of the JSON value');
  return v;
}

/** Symbol files nest a few levels deep; a hostile file nested far deeper must fail, not overflow the stack. */
const MAX_DEPTH = 512;

class Parser {
  pos = 0;
  private depth = 0;
  constructor(private readonly s: string, private readonly source: string) {}

  fail(message: string, at: number = this.pos): never {
    const before = this.s.slice(0, at);
    const line = before.split('\n').length;
    const col = at - before.lastIndexOf('\n');
    throw new MXNetError(`${this.source}: invalid JSON at line ${line}, column ${col}: ${message}`);
  }

  skipSpace(): void {
    while (this.pos < this.s.length && ' \t\n\r'.includes(this.s[this.pos]!)) this.pos++;
  }

  private expect(ch: string): void {
    if (this.s[this.pos] !== ch) this.fail(`expected '${ch}', got ${this.describeHere()}`);
    this.pos++;
  }

  private describeHere(): string {
    return this.pos >= this.s.length ? 'end of text' : `'${this.s[this.pos]}'`;
  }

  value(): JsonValue {
    const c = this.s[this.pos];
    if (c === '{' || c === '[') {
      if (++this.depth > MAX_DEPTH) this.fail(`nesting deeper than ${MAX_DEPTH} levels`);
      const v = c === '{' ? this.object() : this.array();
      this.depth--;
      return v;
    }
    if (c === '"') return this.string();
    if (c === '-' || (c !== undefined && c >= '0' && c <= '9')) return this.number();
    for (const [word, v] of [['true', true], ['false', false], ['null', null]] as const) {
      if (this.s.startsWith(word, this.pos)) {
        this.pos += word.length;
        return v;
      }
    }
    return this.fail(`expected a value, got ${this.describeHere()}`);
  }

  private object(): JsonObject {
    const out: JsonObject = new Map();
    this.expect('{');
    this.skipSpace();
    if (this.s[this.pos] === '}') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      if (this.s[this.pos] !== '"') this.fail(`expected a string key, got ${this.describeHere()}`);
      const key = this.string();
      this.skipSpace();
      this.expect(':');
      this.skipSpace();
      out.set(key, this.value());
      this.skipSpace();
      if (this.s[this.pos] === ',') {
        this.pos++;
        continue;
      }
      this.expect('}');
      return out;
    }
  }

  private array(): JsonValue[] {
    const out: JsonValue[] = [];
    this.expect('[');
    this.skipSpace();
    if (this.s[this.pos] === ']') {
      this.pos++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      out.push(this.value());
      this.skipSpace();
      if (this.s[this.pos] === ',') {
        this.pos++;
        continue;
      }
      this.expect(']');
      return out;
    }
  }

  private number(): JsonNumber {
    const m = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
    m.lastIndex = this.pos;
    const hit = m.exec(this.s);
    if (!hit) this.fail('malformed number');
    this.pos += hit[0].length;
    return new JsonNumber(hit[0]);
  }

  private string(): string {
    const start = this.pos;
    this.expect('"');
    let out = '';
    let run = this.pos;
    for (;;) {
      if (this.pos >= this.s.length) this.fail('unterminated string', start);
      const c = this.s[this.pos]!;
      if (c === '"') {
        out += this.s.slice(run, this.pos);
        this.pos++;
        return out;
      }
      if (c !== '\\') {
        this.pos++;
        continue;
      }
      out += this.s.slice(run, this.pos) + this.escape();
      run = this.pos;
    }
  }

  /** One escape sequence at `pos` (which holds the backslash); advances past it. */
  private escape(): string {
    const at = this.pos;
    const c = this.s[this.pos + 1];
    this.pos += 2;
    const simple: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };
    if (c !== undefined && c in simple) return simple[c]!;
    if (c === 'u') {
      const hex = this.s.slice(this.pos, this.pos + 4);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('malformed \\u escape', at);
      this.pos += 4;
      return String.fromCharCode(parseInt(hex, 16));
    }
    return this.fail(`unknown string escape '\\${c ?? ''}'`, at);
  }
}
