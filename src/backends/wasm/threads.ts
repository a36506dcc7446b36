// The worker side of the threaded core (core/kernels/threads.cc): each pool thread is a Web Worker
// (worker_threads in Node) holding its own instance of mxjs-mt.wasm on the shared memory, parked in
// mx_worker_main. Workers start lazily when more threads are asked for and never hold the process
// open. The same script also serves the device workers of multi-device training (device_worker.ts).

import { MXNetError, envVar } from '../../base.js';
import type { MxjsExports } from './exports.js';
import type { LoadedCore } from './loader.js';

/** Stack of each worker instance; the GEMM keeps its 640 KiB of packing panels there. */
export const WORKER_STACK_BYTES = 2 << 20;

/** What a worker needs to join: the compiled module, the shared memory and its own stack. */
export interface WorkerStart {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  stackTop: number;
  /** Pool thread id (>= 1): the worker parks in mx_worker_main(tid). Absent: a device worker. */
  tid?: number;
  /** A device worker's status block: it sets int32 [2] once it is running. */
  status?: number;
}

/** A started worker (it never holds the process open). */
export interface CoreWorker {
  /** Post a message, moving (not copying) the listed buffers. */
  post(msg: unknown, transfer?: ArrayBuffer[]): void;
}

// Runs inside the worker (Node/Deno: worker_threads eval script; browsers: module worker from a Blob
// URL). The first message instantiates the core; a pool thread then parks in mx_worker_main, a device
// worker hands every later message to `handleSource` (device_worker.ts), passed as source text.
const WORKER_BODY = (handleSource: string) => `
let ex, mem;
const handle = (${handleSource});
function onMessage(msg) {
  if (!ex) {
    mem = msg.memory;
    ex = new WebAssembly.Instance(msg.module, { env: { memory: mem, emscripten_notify_memory_growth() {} } }).exports;
    ex.stackRestore(msg.stackTop);
    if (msg.tid !== undefined) ex.mx_worker_main(msg.tid);
    if (msg.status !== undefined) Atomics.store(new Int32Array(mem.buffer, msg.status, 3), 2, 1);
    return;
  }
  handle(ex, mem, msg);
}`;

type NodeWorker = {
  postMessage(m: unknown, transfer?: ArrayBuffer[]): void;
  unref(): void;
};
type NodeWorkerCtor = new (code: string, opts: { eval: true; execArgv: string[] }) => NodeWorker;

/**
 * node:worker_threads where the host has it (Node, and Deno's Node compatibility): unlike Web Workers
 * its workers can be unref'd, so parked pool threads never keep the process alive.
 */
function nodeWorkerCtor(): NodeWorkerCtor | undefined {
  const p = (globalThis as { process?: { getBuiltinModule?(id: string): unknown } }).process;
  const wt = p?.getBuiltinModule?.('node:worker_threads') as { Worker?: NodeWorkerCtor } | undefined;
  return wt?.Worker;
}

/** Start one worker on `start`; `handleSource` is the message handler of device workers. */
export function startWorker(start: WorkerStart, handleSource = '() => {}'): CoreWorker {
  const body = WORKER_BODY(handleSource);
  const NodeWorker = nodeWorkerCtor();
  if (NodeWorker) {
    const w = new NodeWorker(
      `${body}\nprocess.getBuiltinModule('node:worker_threads').parentPort.on('message', onMessage);`,
      // The parent's flags (--input-type, loaders, profilers) are not for this plain wasm runner.
      { eval: true, execArgv: [] });
    w.unref();
    w.postMessage(start);
    return { post: (m, transfer) => w.postMessage(m, transfer) };
  }
  const url = URL.createObjectURL(new Blob(
    [`${body}\nself.onmessage = (e) => onMessage(e.data);`], { type: 'text/javascript' }));
  const w = new Worker(url, { type: 'module' });
  URL.revokeObjectURL(url);
  w.postMessage(start);
  return { post: (m, transfer) => w.postMessage(m, transfer ?? []) };
}

/** Cores the host offers (navigator.hardwareConcurrency, else Node's os.availableParallelism). */
function hostCores(): number {
  const nav = (globalThis as { navigator?: { hardwareConcurrency?: number } }).navigator;
  if (nav?.hardwareConcurrency) return nav.hardwareConcurrency;
  const p = (globalThis as { process?: { getBuiltinModule?(id: string): unknown } }).process;
  const os = p?.getBuiltinModule?.('node:os') as { availableParallelism?(): number } | undefined;
  return os?.availableParallelism?.() ?? 1;
}

/**
 * Node or Deno (Deno defines `process` too): hosts whose main thread may block in Atomics.wait and that
 * share memory with workers unconditionally, unlike a browser page.
 */
export function serverHost(): boolean {
  const g = globalThis as { Deno?: unknown; process?: { versions?: { node?: string } } };
  return g.Deno !== undefined || typeof g.process?.versions?.node === 'string';
}

/** Whether this host can run the threaded core: shared memory exists and may be used. */
export function threadsAvailable(): boolean {
  if (typeof SharedArrayBuffer === 'undefined') return false;
  return serverHost() || (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
}

/** The thread count at start: OMP_NUM_THREADS where the host has an environment, else every core. */
export function defaultThreads(): number {
  const omp = envVar('OMP_NUM_THREADS');
  const n = omp === undefined ? NaN : Number.parseInt(omp, 10);
  return Number.isInteger(n) && n >= 1 ? n : hostCores();
}

/** The pool of one threaded core. */
export class ThreadPool {
  private readonly workers: CoreWorker[] = [];
  private wanted = 1;

  constructor(private readonly core: LoadedCore & { shared: WebAssembly.Memory }) {}

  get ex(): MxjsExports {
    return this.core.ex;
  }

  /**
   * Use `n` threads (the caller included) from the next kernel on. Workers start now, or with `lazy`
   * on the first large kernel (ensureWorkers): a short-lived process that only predicts a little never
   * pays for starting threads. Until a worker runs, the caller takes its share of the work itself.
   */
  setNumThreads(n: number, lazy = false): number {
    const max = this.ex.mx_max_threads();
    this.wanted = Math.max(1, Math.min(max, Math.floor(n)));
    this.ex.mx_set_num_threads(this.wanted);
    if (!lazy) this.ensureWorkers();
    return this.wanted;
  }

  /** Start the workers the thread count asks for (nothing to do once they run). */
  ensureWorkers(): void {
    while (this.workers.length < this.wanted - 1) this.workers.push(startWorker(this.workerStart(this.workers.length + 1)));
  }

  /** A fresh stack in the shared heap and the message that starts a worker on it. */
  workerStart(tid?: number): WorkerStart {
    const base = this.ex.mx_malloc(WORKER_STACK_BYTES) >>> 0;
    if (base === 0) throw new MXNetError('cannot start a worker thread: out of WebAssembly memory for its stack');
    const stackTop = (base + WORKER_STACK_BYTES) & ~15; // the wasm C ABI keeps the stack 16-byte aligned
    return { module: this.core.module, memory: this.core.shared, stackTop, ...(tid === undefined ? {} : { tid }) };
  }
}
