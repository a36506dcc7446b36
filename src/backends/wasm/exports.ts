// The TypeScript view of the wasm module's exports: one signature per MX_API function of
// core/include/mxjs.h (pointers are byte addresses into `memory`).

export interface MxjsExports {
  readonly memory: WebAssembly.Memory;
  _initialize?(): void;

  mx_malloc(bytes: number): number;
  mx_free(ptr: number): void;
  mx_copy(dst: number, src: number, n: number): void;
  mx_fill(dst: number, n: number, value: number): void;
  mx_copy2d(dst: number, dstLd: number, src: number, srcLd: number, rows: number, cols: number): void;
  mx_take_rows(dst: number, src: number, idx: number, nidx: number, rowLen: number, srcRows: number): number;

  mx_gemm(transA: number, transB: number, M: number, N: number, K: number, alpha: number, A: number, lda: number,
    B: number, ldb: number, beta: number, C: number, ldc: number): void;

  mx_unary(op: number, x: number, y: number, n: number): void;
  mx_binary(op: number, a: number, b: number, y: number, n: number): void;
  mx_scalar(op: number, x: number, s: number, y: number, n: number): void;
  mx_axpby(alpha: number, x: number, beta: number, y: number, n: number): void;
  mx_bias_add(x: number, b: number, y: number, outer: number, C: number, inner: number): void;
  mx_clip(x: number, y: number, n: number, lo: number, hi: number): void;
  mx_unary_grad(op: number, x: number, y: number, dy: number, dx: number, n: number): void;

  mx_sum_axis(x: number, y: number, outer: number, mid: number, inner: number, accumulate: number): void;
  mx_argmax_axis(x: number, y: number, outer: number, mid: number, inner: number): void;

  mx_softmax(x: number, y: number, outer: number, C: number, inner: number, temperature: number, log: number): void;
  mx_softmax_grad(y: number, dy: number, dx: number, outer: number, C: number, inner: number, temperature: number,
    log: number): void;
  mx_softmax_output_grad(p: number, label: number, dx: number, outer: number, C: number, inner: number, scale: number,
    ignoreLabel: number, useIgnore: number, smoothAlpha: number, normalizeValid: number): void;

  mx_random_uniform(y: number, n: number, low: number, high: number, key: number, counter: number): void;
  mx_random_normal(y: number, n: number, mean: number, std: number, key: number, counter: number): void;
  mx_dropout(x: number, y: number, mask: number, n: number, keep: number, key: number, counter: number): void;

  mx_sgd_update(w: number, g: number, mom: number, n: number, lr: number, wd: number, momentum: number,
    rescaleGrad: number, clip: number): void;

  mx_set_num_threads(n: number): void;
  mx_get_num_threads(): number;
  mx_max_threads(): number;
  mx_worker_main(tid: number): void;
  mx_threads_shutdown(): void;
  /** Sets this instance's stack pointer (emscripten's export): each worker instance runs on its own stack. */
  stackRestore(sp: number): void;
}

const REQUIRED: readonly (keyof MxjsExports)[] = [
  'memory', 'mx_malloc', 'mx_free', 'mx_copy', 'mx_fill', 'mx_copy2d', 'mx_take_rows', 'mx_gemm', 'mx_unary',
  'mx_binary', 'mx_scalar', 'mx_axpby', 'mx_bias_add', 'mx_clip', 'mx_unary_grad', 'mx_sum_axis', 'mx_argmax_axis',
  'mx_softmax', 'mx_softmax_grad', 'mx_softmax_output_grad', 'mx_random_uniform', 'mx_random_normal', 'mx_dropout',
  'mx_sgd_update', 'mx_set_num_threads', 'mx_get_num_threads', 'mx_max_threads', 'mx_worker_main',
  'mx_threads_shutdown', 'stackRestore',
];

/** Names the interface expects but the module lacks (a stale or foreign .wasm file). */
export function missingExports(ex: WebAssembly.Exports): string[] {
  return REQUIRED.filter((k) => !(k in ex));
}
