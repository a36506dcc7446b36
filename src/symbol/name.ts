// mx.name: NameManager and Prefix, which give default node names ("fullyconnected0", "_plus1") as
// python/mxnet/name.py does: a counter per hint string, per manager; Prefix prepends to every name.

import { withScope } from './scope.js';

/** Python's `with` block: `__enter__` makes the object current, `__exit__` restores the previous one. */
export class NameManager {
  private static cur: NameManager = new NameManager();
  private readonly counter = new Map<string, number>();
  private old: NameManager | null = null;

  /** The manager in effect (Python's `NameManager.current`). */
  static get current(): NameManager {
    return NameManager.cur;
  }

  /** `name` when given (non-empty), else `<hint><n>` with this manager's next counter for `hint`. */
  get(name: string | null | undefined, hint: string): string {
    if (name) return name;
    const n = this.counter.get(hint) ?? 0;
    this.counter.set(hint, n + 1);
    return `${hint}${n}`;
  }

  __enter__(): this {
    this.old = NameManager.cur;
    NameManager.cur = this;
    return this;
  }

  __exit__(): void {
    if (this.old === null) return;
    NameManager.cur = this.old;
    this.old = null;
  }

  /**
   * Run `fn` with this manager current (the body of Python's `with NameManager():`), restoring the
   * previous one even when `fn` throws. Synchronous only: an await inside would leak the scope.
   */
  with<T>(fn: () => T): T {
    return withScope(this, fn);
  }
}

/** mx.name.Prefix(prefix): like NameManager, but every name, given or generated, gets `prefix` in front. */
export class Prefix extends NameManager {
  constructor(private readonly prefix: string) {
    super();
  }

  override get(name: string | null | undefined, hint: string): string {
    return this.prefix + super.get(name, hint);
  }
}
