// Python's `with scope:` for the scope objects of mx.name and mx.AttrScope: enter, run the body, and
// exit even when it throws. Synchronous bodies only: an await inside would leak the scope.

export function withScope<T>(scope: { __enter__(): unknown; __exit__(): void }, fn: () => T): T {
  scope.__enter__();
  try {
    return fn();
  } finally {
    scope.__exit__();
  }
}
