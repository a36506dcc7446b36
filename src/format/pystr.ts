// Python's str()/repr() for the values MXNet stores as attribute strings: floats in CPython's short repr
// ("1e-05", "2.0", "1e+16"), ints, bools ("True"), None and tuples ("(3, 3)", "(3,)", "(None, 2)").

/**
 * CPython `repr(float)`: the shortest digits that round-trip (JavaScript computes the same digits),
 * positional notation when the decimal exponent is in [-4, 16), otherwise `d[.ddd]e±XX` with at least
 * two exponent digits; positional integral values get a trailing ".0".
 */
export function pyFloatRepr(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const sign = x < 0 ? '-' : '';
  // toExponential() without an argument yields the shortest round-trip digits: "d.ddde±N".
  const [mant, expStr] = Math.abs(x).toExponential().split('e') as [string, string];
  const digits = mant.replace('.', '');
  const exp = Number(expStr);
  if (exp < -4 || exp >= 16) {
    const frac = digits.length > 1 ? `.${digits.slice(1)}` : '';
    const expAbs = String(Math.abs(exp)).padStart(2, '0');
    return `${sign}${digits[0]}${frac}e${exp < 0 ? '-' : '+'}${expAbs}`;
  }
  const point = exp + 1; // digits before the decimal point
  if (point <= 0) return `${sign}0.${'0'.repeat(-point)}${digits}`;
  if (point >= digits.length) return `${sign}${digits}${'0'.repeat(point - digits.length)}.0`;
  return `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
}

/** Python `str(int)` for a JS number holding an integer (no exponent form, unlike String(1e21)). */
export function pyIntStr(x: number): string {
  return Math.abs(x) < 1e21 ? String(x) : BigInt(x).toString();
}

/** How a JS number is shown when the target type is unknown: integral → Python int, else Python float. */
export function pyNumberStr(x: number): string {
  return Number.isInteger(x) ? pyIntStr(x) : pyFloatRepr(x);
}

/** Python `str(tuple)` of ints and Nones: `()`, `(3,)`, `(3, 3)`, `(None, 2)`. */
export function pyTupleStr(items: readonly (number | null)[]): string {
  const parts = items.map((v) => (v === null ? 'None' : pyNumberStr(v)));
  return parts.length === 1 ? `(${parts[0]},)` : `(${parts.join(', ')})`;
}

export function pyBoolStr(b: boolean): string {
  return b ? 'True' : 'False';
}
