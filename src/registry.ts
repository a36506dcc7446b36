// Name → class tables for serialisable objects (python/mxnet/registry.py): lower-cased class names plus
// aliases, and `create` from an instance, a name, a kwargs dict, or a JSON string '["name", {...}]' / '{...}'.

import { isPlainObject, MXNetError, type Kwargs } from './base.js';
import { getLogger } from './logging.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Ctor<T> = new (...args: any[]) => T;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AbstractCtor<T> = abstract new (...args: any[]) => T;

export class Registry<T extends object> {
  private readonly table = new Map<string, Ctor<T>>();

  /** `nickname` names the kind in messages and is the kwargs key naming the class ('metric', 'initializer'). */
  constructor(readonly nickname: string, private readonly base: AbstractCtor<T>) {}

  /** Register `klass` under `name` (default: its class name lower-cased); re-registering warns. */
  register<C extends Ctor<T>>(klass: C, name?: string): C {
    if (!(klass.prototype instanceof this.base) && (klass as unknown) !== this.base) {
      throw new MXNetError(`Can only register subclass of ${this.base.name}, got ${klass.name}`);
    }
    const key = name ?? klass.name.toLowerCase();
    const prev = this.table.get(key);
    if (prev && prev !== klass) {
      getLogger().warning(`New ${this.nickname} ${klass.name} registered with name ${key} is overriding existing ${this.nickname} ${prev.name}`);
    }
    this.table.set(key, klass);
    return klass;
  }

  /** Register `klass` under each alias as well. */
  alias<C extends Ctor<T>>(klass: C, ...aliases: string[]): C {
    for (const a of aliases) this.register(klass, a);
    return klass;
  }

  has(name: string): boolean {
    return this.table.has(name.toLowerCase());
  }

  /** Copy of the table (registry.get_registry). */
  entries(): Map<string, Ctor<T>> {
    return new Map(this.table);
  }

  /**
   * registry.get_create_func: `args[0]` is an instance (returned as is), a kwargs dict naming the class
   * under `nickname`, a JSON string, or a name (case-insensitive); the remaining args go to the constructor.
   */
  create(...args: unknown[]): T {
    const [name, ...rest] = args;
    if (name instanceof this.base) {
      if (rest.length > 0) throw new MXNetError(`${this.nickname} is already an instance. Additional arguments are invalid`);
      return name as T;
    }
    if (isPlainObject(name)) return this.fromKwargs(name);
    if (typeof name !== 'string') throw new MXNetError(`${this.nickname} must be of string type, got ${describe(name)}`);
    if (name.startsWith('[') || name.startsWith('{')) {
      if (rest.length > 0) throw new MXNetError(`${this.nickname}: no extra arguments allowed with a JSON config`);
      const parsed = parseJson(name, this.nickname);
      if (Array.isArray(parsed) && parsed.length === 2 && typeof parsed[0] === 'string' && isPlainObject(parsed[1])) {
        return this.create(parsed[0], parsed[1]);
      }
      if (isPlainObject(parsed)) return this.fromKwargs(parsed);
      throw new MXNetError(`${this.nickname}: JSON config must be '["name", {kwargs}]' or an object, got ${name}`);
    }
    const klass = this.table.get(name.toLowerCase());
    if (!klass) {
      throw new MXNetError(`${name.toLowerCase()} is not registered. Please register with ${this.nickname}.register first (known: ${[...this.table.keys()].sort().join(', ')})`);
    }
    return new klass(...rest);
  }

  private fromKwargs(kwargs: Kwargs): T {
    const { [this.nickname]: name, ...rest } = kwargs;
    if (name === undefined) throw new MXNetError(`${this.nickname} config has no '${this.nickname}' key naming the class`);
    return this.create(name, rest);
  }
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new MXNetError(`${what}: invalid JSON config ${text}: ${(e as Error).message}`);
  }
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (typeof v === 'object') return (v as object).constructor?.name ?? 'object';
  return typeof v;
}
