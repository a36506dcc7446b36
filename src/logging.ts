// The root logger that MXNet's training code writes to (Python's `logging.info` / `logging.warning`),
// plus Python %-style number formatting (`%f`, `%.2f`, `%0.5e`) so log lines match MXNet's text exactly.

/** Where training progress goes. MXNet logs through Python's root logger; this is its stand-in. */
export interface Logger {
  info(msg: string): void;
  warning(msg: string): void;
}

/** Plain lines on the console: info on stdout, warnings on stderr (no `INFO:root:` prefix). */
export const consoleLogger: Logger = {
  info: (msg) => console.log(msg),
  warning: (msg) => console.warn(msg),
};

/** Drops everything (for tests and quiet runs). */
export const silentLogger: Logger = {
  info: () => {},
  warning: () => {},
};

/** Keeps every line so tests can assert the exact text. */
export class CaptureLogger implements Logger {
  readonly lines: { level: 'info' | 'warning'; msg: string }[] = [];
  info(msg: string): void {
    this.lines.push({ level: 'info', msg });
  }
  warning(msg: string): void {
    this.lines.push({ level: 'warning', msg });
  }
  /** The messages alone, in order, optionally of one level only. */
  messages(level?: 'info' | 'warning'): string[] {
    return this.lines.filter((l) => level === undefined || l.level === level).map((l) => l.msg);
  }
  clear(): void {
    this.lines.length = 0;
  }
}

let root: Logger = consoleLogger;

/** The current root logger (what callbacks, schedulers and checkpoints write to). */
export function getLogger(): Logger {
  return root;
}

/** Replace the root logger; returns the previous one so callers can restore it. */
export function setLogger(logger: Logger): Logger {
  const prev = root;
  root = logger;
  return prev;
}

/** Run `fn` with a capturing root logger and return the lines it logged (awaits a returned promise). */
export async function captureLogs(fn: () => unknown): Promise<string[]> {
  const cap = new CaptureLogger();
  const prev = setLogger(cap);
  try {
    await fn();
  } finally {
    setLogger(prev);
  }
  return cap.messages();
}

// ---- Python %-formatting of floats ----

function special(x: number): string | null {
  if (Number.isNaN(x)) return 'nan';
  if (x === Infinity) return 'inf';
  if (x === -Infinity) return '-inf';
  return null;
}

/**
 * Python's `'%.Nf' % x`: exact round-half-to-even on the binary value (JS toFixed rounds ties away
 * from zero, e.g. 0.125 → '0.13' where Python prints '0.12'), and nan/inf spelled as Python does.
 */
export function pyFixed(x: number, digits = 6): string {
  const s = special(x);
  if (s !== null) return s;
  const rounded = (Object.is(x, -0) ? '-' : '') + x.toFixed(digits);
  if (Math.abs(x) >= 1e21) return rounded;
  // A tie has at most digits+1 decimals; 30 more exact decimals tell a tie from a near-tie.
  const exact = Math.abs(x).toFixed(Math.min(100, digits + 30));
  const [intPart, frac] = exact.split('.') as [string, string];
  if (!/^50*$/.test(frac.slice(digits))) return rounded;
  const kept = digits === 0 ? intPart : frac.slice(0, digits);
  if (Number(kept[kept.length - 1]) % 2 === 1) return rounded; // rounding away made it even
  const sign = x < 0 ? '-' : '';
  return digits === 0 ? sign + intPart : `${sign}${intPart}.${kept}`;
}

/** Python's `'%.Ne' % x`: mantissa with N decimals, exponent with a sign and at least two digits. */
export function pyExp(x: number, digits = 6): string {
  const s = special(x);
  if (s !== null) return s;
  const [mant, exp] = x.toExponential(digits).split('e') as [string, string];
  const sign = exp.startsWith('-') ? '-' : '+';
  const mag = exp.replace(/^[+-]/, '');
  return `${mant}e${sign}${mag.padStart(2, '0')}`;
}

/** Python's `repr(float)` / `str(float)`: shortest round-trip digits, exponent form outside [1e-4, 1e16). */
export function pyFloatRepr(x: number): string {
  const s = special(x);
  if (s !== null) return s;
  if (x === 0) return Object.is(x, -0) ? '-0.0' : '0.0';
  const ax = Math.abs(x);
  if (ax >= 1e-4 && ax < 1e16) {
    const t = String(x);
    return t.includes('.') || t.includes('e') ? t : `${t}.0`;
  }
  const [mant, exp] = x.toExponential().split('e') as [string, string];
  const sign = exp.startsWith('-') ? '-' : '+';
  return `${mant}e${sign}${exp.replace(/^[+-]/, '').padStart(2, '0')}`;
}
