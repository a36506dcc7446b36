// mx.Context: cpu(i) runs on the WebAssembly backend, gpu(i) on WebGPU. Ids are labels: several cpu
// contexts may exist (MXNet's tests use cpu(0..3) as fake devices). Type ids match .params dev_type.

const TYPE_IDS: Record<string, number> = { cpu: 1, gpu: 2, cpu_pinned: 3, cpu_shared: 5 };

export class Context {
  readonly device_type: string;
  readonly device_id: number;

  constructor(device_type: string | Context, device_id = 0) {
    if (device_type instanceof Context) {
      this.device_type = device_type.device_type;
      this.device_id = device_type.device_id;
      return;
    }
    if (!(device_type in TYPE_IDS)) throw new Error(`unknown device type '${device_type}'`);
    this.device_type = device_type;
    this.device_id = device_id;
  }

  get device_typeid(): number {
    return TYPE_IDS[this.device_type]!;
  }

  equals(other: Context): boolean {
    return this.device_typeid === other.device_typeid && this.device_id === other.device_id;
  }

  toString(): string {
    return `${this.device_type}(${this.device_id})`;
  }

  /** cpu, cpu_pinned and cpu_shared all live in the same WebAssembly memory. */
  get isCpu(): boolean {
    return this.device_type !== 'gpu';
  }
}

export function cpu(device_id = 0): Context {
  return new Context('cpu', device_id);
}
export function gpu(device_id = 0): Context {
  return new Context('gpu', device_id);
}
export function cpu_pinned(device_id = 0): Context {
  return new Context('cpu_pinned', device_id);
}

let defaultCtx = cpu();
export function current_context(): Context {
  return defaultCtx;
}
/** Run `fn` with `ctx` as the default context (Python's `with ctx:`). */
export function withContext<T>(ctx: Context, fn: () => T): T {
  const prev = defaultCtx;
  defaultCtx = ctx;
  try {
    return fn();
  } finally {
    defaultCtx = prev;
  }
}

/** Python's str() of a list of contexts, as FeedForward logs it: `[cpu(0), cpu(1)]`. */
export function ctxListStr(ctx: readonly Context[]): string {
  return `[${ctx.map(String).join(', ')}]`;
}
