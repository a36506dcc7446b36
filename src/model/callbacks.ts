// Calling user callbacks the way MXNet does: one callable or a list of them, each either a plain
// function or an object with `__call__` (ts-api.md); a returned promise is awaited.

export type Callback = ((...args: any[]) => unknown) | { __call__(...args: any[]): unknown };

export async function callAll(cbs: Callback | readonly Callback[] | null | undefined, ...args: unknown[]): Promise<void> {
  if (cbs === null || cbs === undefined) return;
  const list = Array.isArray(cbs) ? cbs : [cbs as Callback];
  for (const cb of list) {
    const r = typeof cb === 'function' ? cb(...args) : cb.__call__(...args);
    if (r instanceof Promise) await r;
  }
}
