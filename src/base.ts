// Errors and the argument conventions of ts-api.md: Python positional parameters positionally,
// keyword parameters as one trailing plain object, unknown keywords rejected by name.

/** Every error the package raises on purpose; `MXNetError` mirrors mxnet.base.MXNetError. */
export class MXNetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MXNetError';
  }
}

export type Kwargs = Record<string, unknown>;

export function isPlainObject(v: unknown): v is Kwargs {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}

/**
 * Merge positional arguments and a trailing keyword object into one keyword map, the way Python binds a
 * call: `names` are the positional parameter names in order. A trailing plain object is the keywords.
 * A keyword that repeats a positional one is an error, as in Python.
 */
export function bindArgs(fn: string, names: readonly string[], args: readonly unknown[]): Kwargs {
  let positional = args;
  let kw: Kwargs = {};
  const last = args[args.length - 1];
  if (args.length > 0 && isPlainObject(last)) {
    positional = args.slice(0, -1);
    kw = { ...last };
  }
  if (positional.length > names.length) {
    throw new MXNetError(`${fn}() takes at most ${names.length} positional arguments (${positional.length} given)`);
  }
  positional.forEach((v, i) => {
    const name = names[i]!;
    if (name in kw) throw new MXNetError(`${fn}() got multiple values for argument '${name}'`);
    kw[name] = v;
  });
  return kw;
}

/** Reject keywords outside `accepted`, naming the offender and listing what is accepted. */
export function checkKwargs(fn: string, kw: Kwargs, accepted: readonly string[]): void {
  for (const k of Object.keys(kw)) {
    if (!accepted.includes(k)) {
      throw new MXNetError(`${fn}() got an unexpected keyword argument '${k}'; accepted: ${accepted.join(', ')}`);
    }
  }
}

/** Take keyword `key` out of `kw` with a default (undefined and null both mean "not given"). */
export function pop<T>(kw: Kwargs, key: string, dflt: T): T {
  const v = kw[key];
  delete kw[key];
  return v === undefined || v === null ? dflt : (v as T);
}

export function prod(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function shapeStr(shape: readonly number[] | null | undefined): string {
  if (!shape) return 'None';
  return shape.length === 1 ? `(${shape[0]},)` : `(${shape.join(', ')})`;
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * An environment variable where the host has an environment (Node, Deno), else undefined. Deno without
 * --allow-env throws on reading one; that counts as unset, so mxjs never needs the permission.
 */
export function envVar(name: string): string | undefined {
  try {
    return (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env?.[name];
  } catch {
    return undefined;
  }
}
