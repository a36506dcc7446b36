// mx.kv with gpu values (WebGPU): 'local' sums on the cpu, 'device' on the first value's gpu, where the
// stored weight then moves (kvstore_local.h); results and the `test` optimizer rule as on cpu.
import { describe, expect, it } from 'vitest';
import * as mx from '../../src/index.js';
import { hasGpu, SKIP_REASON } from '../webgpu/gpu_setup.js';

describe.skipIf(!hasGpu)(`kvstore with gpu values${SKIP_REASON}`, () => {
  it.each(['local', 'device'])("'%s': gpu(0) + gpu(1) + cpu(1) pushes sum; the test optimizer adds k·n·rescale_grad", async (type) => {
    expect(await mx.context.init_gpus(2)).toBe(2);
    const devs = [mx.gpu(0), mx.gpu(1), mx.cpu(1)];
    const kv = mx.kv.create(type);
    const init = [0.5, -1, 2, 3, 4, 5];
    await kv.init('w', mx.nd.array(init, { shape: [2, 3] }));
    const vals = devs.map((d, i) => mx.nd.full([2, 3], i + 1, d));
    await kv.push('w', vals);
    const outs = devs.map((d) => mx.nd.zeros([2, 3], d));
    await kv.pull('w', { out: outs });
    for (const o of outs) for (const v of await o.asnumpy()) expect(v).toBe(6);

    kv.set_optimizer(mx.optimizer.create('test', { rescale_grad: 0.5 }));
    for (let k = 0; k < 2; k++) await kv.push('w', devs.map((d) => mx.nd.ones([2, 3], d)));
    await kv.pushpull('w', devs.map((d) => mx.nd.ones([2, 3], d)), { out: outs });
    // Stored value 6 everywhere, then 3 pushes of 3 ones at rescale 0.5.
    for (const o of outs) for (const v of await o.asnumpy()) expect(v).toBe(6 + 3 * 3 * 0.5);
    kv.dispose();
  });
});
