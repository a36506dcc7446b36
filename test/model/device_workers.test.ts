// cpu(i >= 1) as devices of their own (src/backends/wasm/device_worker.ts): each runs its kernels in a
// worker on the shared heap. Results equal cpu(0)'s, copies between cpu devices go straight through
// the heap, a freed block is not reused while the worker may still read it, a failure inside the worker
// becomes an MXNetError naming the device, and a process that used them exits by itself. (That they
// compute at the same time is shown by npm run bench's 1-vs-2-device epochs, not by a timed test.)
import { execFileSync } from 'node:child_process';
import { beforeAll, describe, expect, it } from 'vitest';
import * as mx from '../../src/index.js';
import { backendFor } from '../../src/backends/registry.js';
import { WorkerDeviceBackend } from '../../src/backends/wasm/device_worker.js';
import { MXNetError } from '../../src/base.js';

beforeAll(async () => { await mx.ready(); });

const dev = (i: number) => backendFor(mx.cpu(i)) as WorkerDeviceBackend;

describe('cpu(i) device workers', () => {
  it('cpu(1) and cpu(2) are worker devices of their own; cpu(0) is not', () => {
    expect(dev(1)).toBeInstanceOf(WorkerDeviceBackend);
    expect(dev(2)).toBeInstanceOf(WorkerDeviceBackend);
    expect(dev(1)).not.toBe(dev(2));
    expect(backendFor(mx.cpu(0))).not.toBeInstanceOf(WorkerDeviceBackend);
    expect(dev(1)).toBe(backendFor(mx.cpu(1)));
  });

  it('computes what cpu(0) computes, and copies between cpu devices in both directions', async () => {
    const a = mx.nd.array(Float32Array.from({ length: 12 }, (_, i) => i - 5), { shape: [3, 4] });
    const w = mx.nd.array(Float32Array.from({ length: 8 }, (_, i) => 0.25 * i), { shape: [4, 2] });
    const want = await mx.nd.abs(mx.nd.dot(a, w)).asnumpy();
    const a1 = a.copyto(mx.cpu(1)), w1 = w.copyto(mx.cpu(1));
    const y1 = mx.nd.abs(mx.nd.dot(a1, w1));
    expect(y1.context.equals(mx.cpu(1))).toBe(true);
    expect(await y1.asnumpy()).toEqual(want);
    const y2 = y1.copyto(mx.cpu(2)).copyto(mx.cpu(0));
    expect(await y2.asnumpy()).toEqual(want);
    for (const x of [a, w, a1, w1, y1, y2]) x.dispose();
  });

  it('holds a freed block back until the worker is past every command recorded before the free', async () => {
    const n = 1 << 18;
    const src = mx.nd.ones([n], { ctx: mx.cpu(1) });
    const out = mx.nd.zeros([n], { ctx: mx.cpu(1) });
    const d = dev(1);
    // Queue work that reads src, then free src at once and refill new blocks on this thread.
    for (let i = 0; i < 20; i++) d.axpby(1, src.ref, 1, out.ref, n);
    src.dispose();
    const fresh = Array.from({ length: 4 }, () => mx.nd.full([n], 7));
    const got = await out.asnumpy();
    expect(got.every((v) => v === 20)).toBe(true);
    for (const x of [out, ...fresh]) x.dispose();
  });

  it('a failure inside the worker is an MXNetError naming the device', () => {
    const d = dev(1) as unknown as { record(cmd: unknown[]): void; sync(): void };
    d.record(['mx_no_such_kernel', 0]);
    expect(() => d.sync()).toThrow(MXNetError);
    d.record(['mx_no_such_kernel', 0]);
    expect(() => d.sync()).toThrow(/cpu\(1\): a kernel failed in the device's worker/);
    d.sync(); // the error is reported once; the device keeps working
  });

  it('a process that trained on two cpu devices exits by itself', () => {
    const script = `import * as mx from './src/index.ts';
      const d = mx.symbol.Variable('data');
      const net = mx.symbol.SoftmaxOutput(mx.symbol.FullyConnected(d, { num_hidden: 3 }), { name: 'softmax' });
      const X = mx.nd.array(new Float32Array(64 * 5).map((_, i) => (i % 7) / 7), { shape: [64, 5] });
      const y = mx.nd.array(new Float32Array(64).map((_, i) => i % 3));
      const m = await mx.model.FeedForward.create(net, { X, y, ctx: [mx.cpu(0), mx.cpu(1)], num_epoch: 1, numpy_batch_size: 16,
        logger: { info() {}, warning() {} } });
      console.log('trained', Object.keys(m.arg_params).length);`;
    const out = execFileSync('npx', ['tsx', '--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
    expect(out.trim()).toBe('trained 2');
  });
});
