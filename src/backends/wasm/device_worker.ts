// cpu(i) for i >= 1 as a device of its own: a worker with its own instance of the threaded core on the
// shared heap runs that context's kernels, so several cpu contexts compute at the same time (data-
// parallel training with ctx: [mx.cpu(0), mx.cpu(1)]). cpu(0) stays on the calling thread.
//
// The backend is the wasm backend with its kernel calls recorded instead of run: they go to the
// worker in batches (postMessage) and run there in order. Memory is still allocated on the calling
// thread (only one thread ever uses the allocator), frees wait until the worker has passed every
// command recorded before them, and host reads wait for the worker (sync). Uploads and kernel
// arguments written to the heap travel as commands too, so they land in order.

import { MXNetError } from '../../base.js';
import type { DeviceBuffer, Ref } from '../backend.js';
import { WasmBackend } from './backend.js';
import type { MxjsExports } from './exports.js';
import { startWorker, type CoreWorker, type ThreadPool } from './threads.js';

/** Exports that return a value or manage memory: called directly on this thread, never recorded. */
const DIRECT = new Set(['memory', 'mx_malloc', 'mx_get_num_threads', 'mx_max_threads', 'mx_set_num_threads',
  'mx_take_rows', 'stackRestore', 'mx_worker_main', 'mx_threads_shutdown', '_initialize']);
/** A batch is sent once this many commands are recorded, so the worker starts while more are recorded. */
const BATCH = 32;
/** Freed bytes held back for the worker before a sync is forced to return them to the allocator. */
const MAX_PENDING_FREE_BYTES = 64 << 20;
/** Status block in the heap: int32 [0] last finished batch, [1] error flag, [2] started, then the error text. */
const STATUS_BYTES = 1024;
const ERROR_TEXT = 12;
/** A worker that has not started after this long never will (e.g. the host refused to create it). */
const START_TIMEOUT_MS = 30_000;

/** A recorded command: an export name and its arguments, or a heap write ('f32' / 'i32', address, data). */
type Command = [string, ...unknown[]];

// The worker's side (runs inside the worker, so it is passed as source text): run a batch in order,
// then publish its number; a failure stops the batch and leaves its message in the status block.
const RUN_BATCH = `(ex, mem, msg) => {
  const st = new Int32Array(mem.buffer, msg.status, 2);
  try {
    for (const c of msg.cmds) {
      if (c[0] === 'f32') new Float32Array(mem.buffer, c[1], c[2].length).set(c[2]);
      else if (c[0] === 'i32') new Int32Array(mem.buffer, c[1], c[2].length).set(c[2]);
      else ex[c[0]].apply(null, c.slice(1));
    }
  } catch (e) {
    const text = String(e && e.message || e).slice(0, ${STATUS_BYTES - ERROR_TEXT - 1});
    const bytes = new Uint8Array(mem.buffer, msg.status + ${ERROR_TEXT}, ${STATUS_BYTES - ERROR_TEXT});
    for (let i = 0; i < text.length; i++) bytes[i] = text.charCodeAt(i) & 0x7f;
    bytes[text.length] = 0;
    Atomics.store(st, 1, 1);
  }
  Atomics.store(st, 0, msg.seq);
  Atomics.notify(st, 0);
}`;

export class WorkerDeviceBackend extends WasmBackend {
  private readonly worker: CoreWorker;
  private readonly status: number;
  private queue: Command[] = [];
  private transfers: ArrayBuffer[] = [];
  private sent = 0;
  private pendingFrees: number[] = [];
  private pendingFreeBytes = 0;
  private flushScheduled = false;
  private readonly realFree: (ptr: number) => void;

  constructor(readonly deviceId: number, pool: ThreadPool) {
    const real = pool.ex;
    const recorded: Record<string, unknown> = {};
    super(recorded as unknown as MxjsExports);
    for (const [k, v] of Object.entries(real)) {
      recorded[k] = DIRECT.has(k) || typeof v !== 'function' ? v : (...args: unknown[]) => this.record([k, ...args]);
    }
    recorded.memory = real.memory;
    // The base class frees through the exports: hold the block until the worker is past its last use.
    recorded.mx_free = (ptr: number) => this.deferFree(ptr);
    this.realFree = real.mx_free;
    this.status = real.mx_malloc(STATUS_BYTES) >>> 0;
    if (this.status === 0) throw new MXNetError(`cpu(${deviceId}): out of WebAssembly memory for its worker`);
    new Int32Array(real.memory.buffer, this.status, 3).fill(0);
    this.worker = startWorker({ ...pool.workerStart(), status: this.status }, RUN_BATCH);
  }

  override upload(dst: Ref, src: ArrayLike<number> & { readonly length: number }): void {
    const p = this.addr(dst, src.length, 'upload');
    // A typed array copies as one block; anything else element by element.
    const data = ArrayBuffer.isView(src) ? new Float32Array(src as unknown as ArrayLike<number>) : Float32Array.from(src);
    this.transfers.push(data.buffer);
    this.record(['f32', p, data]);
  }

  override writeInts(ptr: number, values: Int32Array): void {
    this.record(['i32', ptr, values.slice()]);
  }

  override readonly downloadSync = (src: Ref, n: number): Float32Array => {
    this.sync();
    const p = this.addr(src, n, 'download') >>> 2;
    return new Float32Array(this.ex.memory.buffer).slice(p, p + n);
  };

  override hostAccess(): void {
    this.sync();
  }

  override takeRows(dst: Ref, src: Ref, idx: Int32Array, rowLen: number): void {
    this.sync(); // the index scratch is written from this thread and read by the kernel right away
    super.takeRows(dst, src, idx, rowLen);
  }

  override free(buf: DeviceBuffer): void {
    this.pendingFreeBytes += Math.max(1, buf.length) * 4;
    super.free(buf);
    if (this.pendingFreeBytes > MAX_PENDING_FREE_BYTES) this.sync();
  }

  /** Send what is recorded so far to the worker. */
  flush(): void {
    if (this.queue.length === 0) return;
    this.sent++;
    this.worker.post({ cmds: this.queue, seq: this.sent, status: this.status }, this.transfers);
    this.queue = [];
    this.transfers = [];
  }

  /** Wait until the worker has run everything recorded; then return held memory to the allocator. */
  sync(): void {
    this.flush();
    const st = new Int32Array(this.ex.memory.buffer, this.status, 3);
    const t0 = Date.now();
    for (;;) {
      const done = Atomics.load(st, 0);
      if (done === this.sent) break;
      Atomics.wait(st, 0, done, 1000);
      if (Atomics.load(st, 2) === 0 && Date.now() - t0 > START_TIMEOUT_MS) {
        throw new MXNetError(`cpu(${this.deviceId}): its worker did not start within ${START_TIMEOUT_MS / 1000} s; use mx.cpu(0) alone`);
      }
    }
    if (Atomics.load(st, 1) !== 0) {
      Atomics.store(st, 1, 0);
      const bytes = new Uint8Array(this.ex.memory.buffer, this.status + ERROR_TEXT, STATUS_BYTES - ERROR_TEXT);
      const end = bytes.indexOf(0);
      const text = String.fromCharCode(...bytes.subarray(0, end < 0 ? bytes.length : end));
      throw new MXNetError(`cpu(${this.deviceId}): a kernel failed in the device's worker: ${text}`);
    }
    for (const p of this.pendingFrees) this.realFree(p);
    this.pendingFrees = [];
    this.pendingFreeBytes = 0;
  }

  private record(cmd: Command): void {
    this.queue.push(cmd);
    if (this.queue.length >= BATCH) {
      this.flush();
    } else if (!this.flushScheduled) {
      // Whatever is recorded when the caller yields goes out then, so no command waits for a sync.
      this.flushScheduled = true;
      queueMicrotask(() => {
        this.flushScheduled = false;
        this.flush();
      });
    }
  }

  private deferFree(ptr: number): void {
    this.pendingFrees.push(ptr);
  }
}
