// Python str()/repr() formatting of attribute values (checkpoint-format.md §B.7).

import { describe, expect, it } from 'vitest';
import { pyFloatRepr, pyNumberStr, pyTupleStr } from '../../src/format/pystr.js';

// Expected strings printed by CPython 3 `repr(float(v))` for these literals.
const CPYTHON_REPR: [number, string][] = [
  [0.0, '0.0'], [-0.0, '-0.0'], [1.0, '1.0'], [2.0, '2.0'], [-2.0, '-2.0'], [0.5, '0.5'], [0.9, '0.9'],
  [0.1, '0.1'], [0.001, '0.001'], [1e-4, '0.0001'], [1e-5, '1e-05'], [2e-5, '2e-05'], [1.5e-5, '1.5e-05'],
  [0.00012345, '0.00012345'], [123.456, '123.456'], [1e15, '1000000000000000.0'], [1e16, '1e+16'],
  [1.5e16, '1.5e+16'], [1e17, '1e+17'], [-1e16, '-1e+16'], [1e22, '1e+22'], [1e100, '1e+100'],
  [1.7976931348623157e308, '1.7976931348623157e+308'], [5e-324, '5e-324'],
  [2.2250738585072014e-308, '2.2250738585072014e-308'], [0.1 + 0.2, '0.30000000000000004'],
  [1 / 3, '0.3333333333333333'], [2 / 3, '0.6666666666666666'], [100.0, '100.0'],
  [1234567890123456.0, '1234567890123456.0'], [123456789012345678.0, '1.2345678901234568e+17'],
  [0.0078125, '0.0078125'], [127.5, '127.5'], [1e-7, '1e-07'], [9.999999999999999e-5, '9.999999999999999e-05'],
  [3.14159, '3.14159'], [-0.75, '-0.75'], [65504.0, '65504.0'], [4294967296.0, '4294967296.0'],
  [1e21, '1e+21'], [123e-20, '1.23e-18'], [9007199254740993.0, '9007199254740992.0'], [0.000099999, '9.9999e-05'],
  [-1259144888929591.2, '-1259144888929591.2'], // exact value …591.25: a tie, CPython rounds to even
  [Infinity, 'inf'], [-Infinity, '-inf'], [NaN, 'nan'],
];

/** The exact decimal expansion of |x| (finite, non-zero): x = 0.DIGITS × 10^decpt, via BigInt. */
function exactDecimal(x: number): { digits: string; decpt: number } {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const bits = view.getBigUint64(0);
  const expBits = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & ((1n << 52n) - 1n);
  const m = expBits === 0 ? frac : frac | (1n << 52n);
  const e2 = (expBits === 0 ? 1 : expBits) - 1075; // |x| = m · 2^e2
  if (e2 >= 0) {
    const digits = (m << BigInt(e2)).toString();
    return { digits, decpt: digits.length };
  }
  const digits = (m * 5n ** BigInt(-e2)).toString(); // m · 2^e2 = m · 5^-e2 / 10^-e2
  return { digits, decpt: digits.length + e2 };
}

/** Round an exact expansion to p significant digits, ties to even. */
function roundDigits(d: { digits: string; decpt: number }, p: number): { digits: string; decpt: number } {
  if (d.digits.length <= p) return d;
  let q = BigInt(d.digits.slice(0, p));
  const rest = d.digits.slice(p);
  const half = '5'.padEnd(rest.length, '0');
  if (rest > half || (rest === half && q % 2n === 1n)) q += 1n;
  const s = q.toString();
  return s.length > p ? { digits: s.slice(0, p), decpt: d.decpt + 1 } : { digits: s, decpt: d.decpt };
}

/**
 * Independent reference for CPython's repr rule: the fewest digits, correctly rounded (ties to even)
 * from the exact binary value, that read back as x; then CPython's layout by the decimal-point
 * position `decpt` (x = 0.d1d2… × 10^decpt): exponent form when decpt <= -4 or decpt > 16.
 */
function referenceRepr(x: number): string {
  const exact = exactDecimal(x);
  let r = exact;
  for (let p = 1; p <= 17; p++) {
    r = roundDigits(exact, p);
    if (Number(`0.${r.digits}e${r.decpt}`) === Math.abs(x)) break;
  }
  const digits = r.digits.replace(/0+$/, '');
  const decpt = r.decpt;
  const sign = x < 0 ? '-' : '';
  if (decpt <= -4 || decpt > 16) {
    const e = decpt - 1;
    const mant = digits.length === 1 ? digits : `${digits[0]}.${digits.slice(1)}`;
    return `${sign}${mant}e${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  if (decpt <= 0) return `${sign}0.${'0'.repeat(-decpt)}${digits}`;
  if (decpt >= digits.length) return `${sign}${digits}${'0'.repeat(decpt - digits.length)}.0`;
  return `${sign}${digits.slice(0, decpt)}.${digits.slice(decpt)}`;
}

/** Deterministic doubles spread over the whole exponent range (xorshift over raw bits). */
function sampleDoubles(n: number): number[] {
  let s = 0x9e3779b9;
  const next = (): number => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s;
  };
  const view = new DataView(new ArrayBuffer(8));
  const out: number[] = [];
  while (out.length < n) {
    view.setUint32(0, next());
    view.setUint32(4, next());
    const x = view.getFloat64(0);
    if (Number.isFinite(x) && x !== 0) out.push(x);
  }
  return out;
}

describe('pyFloatRepr', () => {
  it.each(CPYTHON_REPR)('repr(%s) is %s', (x, want) => {
    expect(pyFloatRepr(x)).toBe(want);
  });

  it('follows the CPython rule for 20000 random doubles and round-trips', () => {
    for (const x of sampleDoubles(20000)) {
      const got = pyFloatRepr(x);
      expect(got, String(x)).toBe(referenceRepr(x));
      expect(Number(got)).toBe(x);
    }
  });

  it('follows the rule around the exponent switch points', () => {
    const xs: number[] = [];
    for (let e = -8; e <= 20; e++) for (const m of [1, 1.5, 9.99, 7]) xs.push(m * 10 ** e, -m * 10 ** e);
    for (const x of xs) expect(pyFloatRepr(x), String(x)).toBe(referenceRepr(x));
  });
});

describe('pyNumberStr / pyTupleStr', () => {
  it('writes integral numbers as Python ints and others as floats', () => {
    expect(pyNumberStr(128)).toBe('128');
    expect(pyNumberStr(-3)).toBe('-3');
    expect(pyNumberStr(1e21)).toBe('1000000000000000000000');
    expect(pyNumberStr(0.25)).toBe('0.25');
    expect(pyNumberStr(1e-5)).toBe('1e-05');
  });

  it('writes tuples like Python', () => {
    expect(pyTupleStr([3, 3])).toBe('(3, 3)');
    expect(pyTupleStr([8])).toBe('(8,)');
    expect(pyTupleStr([])).toBe('()');
    expect(pyTupleStr([null, 2])).toBe('(None, 2)');
    expect(pyTupleStr([1, 2, 3, 4])).toBe('(1, 2, 3, 4)');
  });
});
