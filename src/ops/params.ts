// Operator parameter schemas: MXNet's DMLC_DECLARE_PARAMETER blocks as data. Attribute strings
// (Python str() forms such as "128", "(3, 3)", "True", "1e-05", "None") are parsed into JS values.

import { MXNetError } from '../base.js';
import { pyBoolStr, pyFloatRepr, pyNumberStr, pyTupleStr } from '../format/pystr.js';
import type { OpDef } from './registry.js';

export type ParamType =
  | 'int'
  | 'float'
  | 'bool'
  | 'string'
  /** tuple of ints: "(3, 3)", "[3,3]", "3", "(3L,)", "()" */
  | 'shape'
  /** tuple of optional ints (slice begin/end): "(None, 2)" */
  | 'optshape';

export interface ParamSpec {
  readonly type: ParamType;
  /** Allowed values for enum-like string params. */
  readonly enum?: readonly string[];
  /** Required params have no default; loading without them fails. */
  readonly required?: boolean;
  /** Default value (already parsed). `null` = Python None. */
  readonly default?: ParamValue;
  /** Accepts "None" (an optional<...> param in MXNet). */
  readonly optional?: boolean;
}

export type ParamValue = number | boolean | string | number[] | (number | null)[] | null;
export type ParamSchema = Readonly<Record<string, ParamSpec>>;
export type ParsedParams = Record<string, ParamValue>;

// ---- Parsing attribute strings (dmlc::Parameter semantics) and formatting values (Python str()) ----

/** Keys of the form `__x__` are hidden attributes: carried through, never parsed (dmlc kAllowHidden). */
export function isHiddenAttr(key: string): boolean {
  return key.length > 4 && key.startsWith('__') && key.endsWith('__');
}

// dmlc parses ints with an istream (leading and trailing blanks allowed) and floats with its own strtod
// (leading blanks only; any trailing character is an error).
const INT_RE = /^\s*[+-]?\d+\s*$/;
const FLOAT_RE = /^\s*[+-]?(?:(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|inf(?:inity)?|nan)$/i;

/** dmlc reads `int` parameters into a C++ int: a value outside int32 fails to parse there too. */
function parseInt10(s: string): number | undefined {
  if (!INT_RE.test(s)) return undefined;
  const v = Number(s.trim());
  return v >= -(2 ** 31) && v < 2 ** 31 ? v : undefined;
}

function parseFloat10(s: string): number | undefined {
  if (!FLOAT_RE.test(s)) return undefined;
  const t = s.trim().toLowerCase();
  const neg = t.startsWith('-');
  const body = t.replace(/^[+-]/, '');
  if (body.startsWith('inf')) return neg ? -Infinity : Infinity;
  if (body === 'nan') return NaN;
  return Number(t);
}

function parseBool(s: string): boolean | undefined {
  const t = s.toLowerCase();
  if (t === 'true' || t === '1') return true;
  if (t === 'false' || t === '0') return false;
  return undefined;
}

/**
 * mxnet::Tuple's stream reader: a bare integer is a 1-tuple; otherwise `(` or `[`, comma-separated
 * items with blanks, an optional Python-2 `L` suffix and an optional trailing comma, then `)` or `]`.
 * `allowNone` lets items be `None` (tuples of optional ints, as slice's begin/end).
 */
function parseTuple(s: string, allowNone: boolean): (number | null)[] | undefined {
  const t = s.trim();
  const bare = /^[+-]?\d+L?$/.exec(t);
  if (bare) return [Number(t.replace(/L$/, ''))];
  if (!/^[([]/.test(t) || !/[)\]]$/.test(t)) return undefined;
  const inner = t.slice(1, -1).trim();
  if (inner === '') return [];
  const items = inner.split(',').map((x) => x.trim());
  if (items[items.length - 1] === '') items.pop(); // "(3,)"
  const out: (number | null)[] = [];
  for (const it of items) {
    if (allowNone && it === 'None') {
      out.push(null);
      continue;
    }
    if (!/^[+-]?\d+L?$/.test(it)) return undefined;
    out.push(Number(it.replace(/L$/, '')));
  }
  return out;
}

function parseValue(spec: ParamSpec, raw: string): ParamValue | undefined {
  if (spec.optional && raw.trim() === 'None') return null;
  switch (spec.type) {
    case 'int':
      return parseInt10(raw);
    case 'float':
      return parseFloat10(raw);
    case 'bool':
      return parseBool(raw);
    case 'string':
      if (spec.enum && !spec.enum.includes(raw)) return undefined;
      return raw;
    case 'shape':
      return parseTuple(raw, false) as number[] | undefined;
    case 'optshape':
      return parseTuple(raw, true);
  }
}

function describeType(spec: ParamSpec): string {
  const base = spec.enum ? `one of {${spec.enum.map((e) => `'${e}'`).join(', ')}}` : spec.type === 'optshape'
    ? 'tuple of int or None' : spec.type === 'shape' ? 'tuple of int' : spec.type;
  return spec.optional ? `${base} or None` : base;
}

/**
 * Parse a node's attribute strings with the op's schema, as MXNet's attr_parser does: hidden `__x__`
 * keys are skipped, every other key must be a parameter, required ones must be present, and the
 * defaults fill the rest. Errors name the op, the node and the key.
 */
export function parseParams(def: OpDef, attrs: Readonly<Record<string, string>>, nodeName: string): ParsedParams {
  const where = `${def.name} node '${nodeName}'`;
  const out: ParsedParams = {};
  for (const [key, raw] of Object.entries(attrs)) {
    if (isHiddenAttr(key)) continue;
    const spec = def.params[key];
    if (!spec) {
      const accepted = Object.keys(def.params);
      throw new MXNetError(`${where}: unknown parameter '${key}' (value '${raw}'); accepted parameters: ` +
        (accepted.length ? accepted.join(', ') : 'none'));
    }
    const v = parseValue(spec, raw);
    if (v === undefined) {
      throw new MXNetError(`${where}: invalid value for parameter '${key}': expected ${describeType(spec)}, got '${raw}'`);
    }
    out[key] = v;
  }
  for (const [key, spec] of Object.entries(def.params)) {
    if (key in out) continue;
    if (spec.required) throw new MXNetError(`${where}: required parameter '${key}' (${describeType(spec)}) is missing`);
    out[key] = spec.default ?? null;
  }
  return out;
}

/**
 * Python `str(value)` for an attribute value given from JS: strings verbatim, booleans `True`/`False`,
 * null `None`, arrays as tuples, numbers as Python ints when integral, otherwise as Python floats;
 * a number for a float-typed parameter is always written as a Python float (`2.0`).
 */
export function formatParam(v: unknown, type?: ParamType): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'boolean') return pyBoolStr(v);
  if (v === null) return 'None';
  if (typeof v === 'number') return type === 'float' ? pyFloatRepr(v) : pyNumberStr(v);
  if (Array.isArray(v) && v.every((x) => x === null || typeof x === 'number')) return pyTupleStr(v);
  throw new MXNetError(`cannot store ${describeJs(v)} as an attribute; use a number, boolean, string, null or array of numbers`);
}

function describeJs(v: unknown): string {
  if (Array.isArray(v)) return 'an array with non-numeric items';
  if (typeof v === 'object' && v !== null) return `an object (${v.constructor?.name ?? 'Object'})`;
  return `a value of type ${typeof v}`;
}
