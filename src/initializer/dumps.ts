// Python's json.dumps with default separators (', ' and ': '), float repr and ASCII escapes — the text
// Initializer.dumps() produces and a Variable's `__init__` attribute stores ('["normal", {"sigma": 0.5}]').

import { MXNetError } from '../base.js';
import { pyFloatRepr } from '../logging.js';

export function pyJsonDumps(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (v === true) return 'true';
  if (v === false) return 'false';
  if (typeof v === 'number') {
    if (Number.isNaN(v)) return 'NaN';
    if (!Number.isFinite(v)) return v > 0 ? 'Infinity' : '-Infinity';
    // JS numbers do not remember int vs float: integral values print as Python ints.
    return Number.isInteger(v) && Math.abs(v) < 1e16 ? String(v) : pyFloatRepr(v);
  }
  if (typeof v === 'string') return quote(v);
  if (Array.isArray(v)) return `[${v.map(pyJsonDumps).join(', ')}]`;
  if (typeof v === 'object') {
    return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${quote(k)}: ${pyJsonDumps(x)}`).join(', ')}}`;
  }
  throw new MXNetError(`cannot serialise a ${typeof v} to JSON`);
}

function quote(s: string): string {
  // JSON.stringify escapes quotes, backslashes and controls; Python also escapes non-ASCII (ensure_ascii).
  return JSON.stringify(s).replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
