// The machinery under the WebGPU backend: pipelines compiled once per (kernel, override constants),
// storage buffers pooled by size class, uniforms packed into 256-byte slots of one uniform buffer,
// and many dispatches recorded into one command encoder that is submitted per step (on read-back,
// on upload, when the uniform slots run out, or at the end of the current task via a microtask).

import { MXNetError } from '../../base.js';
import { WGSL, type KernelName } from './wgsl.gen.js';

// GPUBufferUsage / GPUMapMode values (spec constants; the Node package only defines the globals on demand).
const MAP_READ = 0x1;
const COPY_SRC = 0x4;
const COPY_DST = 0x8;
const UNIFORM = 0x40;
const STORAGE = 0x80;
const MAP_MODE_READ = 0x1;

const SLOT_BYTES = 256;
const SLOTS = 2048;
const WG = 128;
const MAX_GROUPS = 65535;
/** Buffers kept for reuse beyond this many bytes are destroyed instead. */
const POOL_KEEP_BYTES = 512 * 1024 * 1024;

export type Constants = Record<string, number | boolean>;
/** A window of a storage buffer bound to one shader variable (offset aligned, size within the binding limit). */
export interface Binding { buffer: GPUBuffer; offset: number; size: number }
/** A uniform field list: 'u' u32, 'i' i32, 'f' f32, one letter per value. */
export type UniformTypes = string;

/** Size class of a request: powers of two up to 64 MiB, then whole MiB (bounded waste either way). */
function sizeClass(bytes: number): number {
  const b = Math.max(256, bytes);
  if (b <= 64 << 20) return 2 ** Math.ceil(Math.log2(b));
  return Math.ceil(b / (1 << 20)) * (1 << 20);
}

export class GpuRuntime {
  private readonly pipelines = new Map<string, GPUComputePipeline>();
  private readonly modules = new Map<KernelName, GPUShaderModule>();
  private readonly pool = new Map<number, GPUBuffer[]>();
  private readonly stagingPool = new Map<number, GPUBuffer[]>();
  private pooledBytes = 0;
  /** Buffers to destroy once the commands that may still use them are submitted. */
  private doomed: GPUBuffer[] = [];
  private encoder: GPUCommandEncoder | null = null;
  private pass: GPUComputePassEncoder | null = null;
  private readonly uniformBuf: GPUBuffer;
  private readonly uniformHost = new ArrayBuffer(SLOTS * SLOT_BYTES);
  private readonly u32 = new Uint32Array(this.uniformHost);
  private readonly i32 = new Int32Array(this.uniformHost);
  private readonly f32 = new Float32Array(this.uniformHost);
  private slot = 0;
  private flushQueued = false;
  /** First device error or loss not yet reported; thrown by the next call. */
  private pendingError: string | null = null;
  private lostReason: string | null = null;
  readonly lost: Promise<GPUDeviceLostInfo>;

  constructor(readonly device: GPUDevice, readonly name: string, readonly adapterInfo: GPUAdapterInfo | null = null) {
    this.uniformBuf = device.createBuffer({ size: SLOTS * SLOT_BYTES, usage: UNIFORM | COPY_DST, label: `${name} uniforms` });
    this.lost = device.lost;
    device.lost.then((info) => {
      this.lostReason = `${info.reason}: ${info.message}`;
    }, () => undefined);
    device.addEventListener('uncapturederror', (ev) => {
      const e = (ev as GPUUncapturedErrorEvent).error;
      this.pendingError ??= e.message;
    });
  }

  /** Test hook (@internal): a lower storage-binding limit than the device's, so splitting runs on small tensors. */
  bindingLimitOverride: number | null = null;

  /** Largest storage binding a dispatch may use (bytes, a multiple of 4). */
  get maxBindingBytes(): number {
    const dev = Math.min(this.device.limits.maxStorageBufferBindingSize, this.device.limits.maxBufferSize);
    return Math.floor(Math.min(dev, this.bindingLimitOverride ?? dev) / 4) * 4;
  }

  /** Largest buffer (bytes): tensors up to this size exist; kernels bind windows of them. */
  get maxBufferBytes(): number {
    return this.device.limits.maxBufferSize;
  }

  /** Byte alignment of a binding's offset. */
  get bindingAlign(): number {
    return this.device.limits.minStorageBufferOffsetAlignment;
  }

  /** Throws a pending device loss or error as an MXNetError (once for errors, always for loss). */
  check(what: string): void {
    if (this.lostReason !== null) throw new MXNetError(`${what}: the WebGPU device ${this.name} was lost (${this.lostReason})`);
    if (this.pendingError !== null) {
      const msg = this.pendingError;
      this.pendingError = null;
      throw new MXNetError(`${what}: WebGPU error on ${this.name}: ${msg}`);
    }
  }

  // ---- buffers ----

  acquire(bytes: number): GPUBuffer {
    // Never round past what one binding (or, for bigger tensors, one buffer) may hold: a tensor that fits
    // a binding stays bindable whole by the kernels that cannot split.
    const cap = bytes <= this.maxBindingBytes ? this.maxBindingBytes : this.maxBufferBytes;
    const size = Math.max(bytes, Math.min(sizeClass(bytes), cap));
    const free = this.pool.get(size);
    const b = free?.pop();
    if (b) {
      this.pooledBytes -= size;
      return b;
    }
    return this.device.createBuffer({ size, usage: STORAGE | COPY_SRC | COPY_DST });
  }

  release(buf: GPUBuffer): void {
    if (this.pooledBytes + buf.size > POOL_KEEP_BYTES) {
      this.doomed.push(buf);
      return;
    }
    let list = this.pool.get(buf.size);
    if (!list) this.pool.set(buf.size, (list = []));
    list.push(buf);
    this.pooledBytes += buf.size;
  }

  /** Host data into a buffer: queue writes run before unsubmitted commands, so submit those first. */
  write(buf: GPUBuffer, byteOffset: number, data: ArrayBufferView): void {
    this.flush();
    this.device.queue.writeBuffer(buf, byteOffset, data.buffer, data.byteOffset, data.byteLength);
  }

  async read(buf: GPUBuffer, byteOffset: number, bytes: number): Promise<ArrayBuffer> {
    if (bytes === 0) return new ArrayBuffer(0);
    const size = Math.max(bytes, Math.min(sizeClass(bytes), this.maxBufferBytes));
    const staging = this.stagingPool.get(size)?.pop()
      ?? this.device.createBuffer({ size, usage: MAP_READ | COPY_DST });
    this.copyEncoder().copyBufferToBuffer(buf, byteOffset, staging, 0, bytes);
    this.flush();
    // A lost device never resolves mapAsync in some implementations: race it with the loss.
    const lost = this.lost.then((info) => {
      throw new MXNetError(`download: the WebGPU device ${this.name} was lost (${info.reason}: ${info.message})`);
    });
    await Promise.race([staging.mapAsync(MAP_MODE_READ, 0, bytes), lost]);
    const out = staging.getMappedRange(0, bytes).slice(0);
    staging.unmap();
    let list = this.stagingPool.get(size);
    if (!list) this.stagingPool.set(size, (list = []));
    list.push(staging);
    this.check('download');
    return out;
  }

  // ---- commands ----

  copy(src: GPUBuffer, srcByte: number, dst: GPUBuffer, dstByte: number, bytes: number): void {
    if (bytes > 0) this.copyEncoder().copyBufferToBuffer(src, srcByte, dst, dstByte, bytes);
  }

  /**
   * Record one dispatch of `kernel` with its uniforms (binding 0) and storage buffers or windows of them
   * (bindings 1..). `groups` is the workgroup count; element-wise kernels pass the element count via
   * `threads` instead. A binding larger than the device's storage-binding limit is refused here, so a
   * kernel that does not split its operands fails with a clear error rather than a device error.
   */
  run(kernel: KernelName, constants: Constants, types: UniformTypes, values: readonly number[],
    buffers: readonly (GPUBuffer | Binding)[], groups: { threads: number } | [number, number?, number?]): void {
    const limit = this.maxBindingBytes;
    const resources = buffers.map((b, i) => {
      const r = 'buffer' in b ? b : { buffer: b, offset: 0, size: b.size };
      if (r.size > limit) {
        throw new MXNetError(`${kernel}: operand ${i + 1} needs a ${r.size}-byte storage binding, more than this WebGPU device allows (${limit} bytes); this kernel cannot split it`);
      }
      return r;
    });
    if (this.slot === SLOTS) this.flush();
    const base = this.slot * (SLOT_BYTES / 4);
    for (let i = 0; i < types.length; i++) {
      const v = values[i]!;
      if (types[i] === 'f') this.f32[base + i] = v;
      else if (types[i] === 'i') this.i32[base + i] = v;
      else this.u32[base + i] = v;
    }
    const pipeline = this.pipeline(kernel, constants);
    const entries: GPUBindGroupEntry[] = [
      { binding: 0, resource: { buffer: this.uniformBuf, offset: this.slot * SLOT_BYTES, size: SLOT_BYTES } },
      ...resources.map((resource, i) => ({ binding: i + 1, resource })),
    ];
    this.slot++;
    const bindGroup = this.device.createBindGroup({ layout: pipeline.getBindGroupLayout(0), entries });
    const [x, y = 1, z = 1] = Array.isArray(groups)
      ? groups
      : [Math.min(MAX_GROUPS, Math.max(1, Math.ceil(groups.threads / WG)))];
    if (x === 0 || y === 0 || z === 0) return;
    const pass = this.computePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bindGroup);
    pass.dispatchWorkgroups(x, y, z);
  }

  /** Submit everything recorded so far (uniforms first). */
  flush(): void {
    if (this.pass) {
      this.pass.end();
      this.pass = null;
    }
    if (this.encoder) {
      if (this.slot > 0) this.device.queue.writeBuffer(this.uniformBuf, 0, this.uniformHost, 0, this.slot * SLOT_BYTES);
      this.device.queue.submit([this.encoder.finish()]);
      this.encoder = null;
    }
    this.slot = 0;
    for (const b of this.doomed) b.destroy();
    this.doomed = [];
  }

  /** Wait until every submitted command has run. */
  async sync(): Promise<void> {
    this.flush();
    await this.device.queue.onSubmittedWorkDone();
    this.check('sync');
  }

  destroy(): void {
    this.flush();
    for (const list of [...this.pool.values(), ...this.stagingPool.values()]) for (const b of list) b.destroy();
    this.pool.clear();
    this.stagingPool.clear();
    this.uniformBuf.destroy();
    this.device.destroy();
  }

  // ---- internals ----

  private pipeline(kernel: KernelName, constants: Constants): GPUComputePipeline {
    const key = `${kernel}|${Object.entries(constants).map(([k, v]) => `${k}=${v}`).join(',')}`;
    let p = this.pipelines.get(key);
    if (!p) {
      let module = this.modules.get(kernel);
      if (!module) {
        module = this.device.createShaderModule({ code: WGSL[kernel], label: kernel });
        this.modules.set(kernel, module);
      }
      const numeric: Record<string, number> = {};
      for (const [k, v] of Object.entries(constants)) numeric[k] = typeof v === 'boolean' ? Number(v) : v;
      p = this.device.createComputePipeline({ layout: 'auto', label: key, compute: { module, entryPoint: 'main', constants: numeric } });
      this.pipelines.set(key, p);
    }
    return p;
  }

  private commandEncoder(): GPUCommandEncoder {
    if (!this.encoder) {
      this.encoder = this.device.createCommandEncoder();
      if (!this.flushQueued) {
        // Whatever a step records is submitted when the current synchronous task ends at the latest.
        this.flushQueued = true;
        queueMicrotask(() => {
          this.flushQueued = false;
          if (this.lostReason === null) this.flush();
        });
      }
    }
    return this.encoder;
  }

  private computePass(): GPUComputePassEncoder {
    this.pass ??= this.commandEncoder().beginComputePass();
    return this.pass;
  }

  private copyEncoder(): GPUCommandEncoder {
    if (this.pass) {
      this.pass.end();
      this.pass = null;
    }
    return this.commandEncoder();
  }
}
