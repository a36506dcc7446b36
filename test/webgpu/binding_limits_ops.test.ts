// Whole operators with every tensor beyond a 1 KiB storage binding (the test hook; real devices allow
// 128 MiB or more): an MLP with SoftmaxOutput and an Embedding + LeakyReLU net, forward and backward on
// mx.gpu() under the small limit, equal to mx.cpu() within 1e-5 absolute + 1e-4 relative.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpu, gpu, type Context } from '../../src/context.js';
import '../../src/ops/index.js';
import { symbolNamespace, Variable, type Symbol } from '../../src/symbol/index.js';
import { maxViolation, randomArray } from '../kernels/reference.js';
import { gpuBackend, hasGpu, SKIP_REASON } from './gpu_setup.js';

const sym = symbolNamespace();
const op = (name: string) => sym[name] as unknown as (...a: unknown[]) => Symbol;

interface Net { name: string; build(): Symbol; shapes: Record<string, number[]>; classes: Record<string, number> }

const NETS: Net[] = [
  { name: 'MLP (FullyConnected 20→64→10, relu, SoftmaxOutput)', shapes: { x: [32, 20], label: [32] }, classes: { label: 10 },
    build: () => {
      const h = op('Activation')(op('FullyConnected')(Variable('x'), { num_hidden: 64, name: 'fc1' }), { act_type: 'relu' });
      return op('SoftmaxOutput')(op('FullyConnected')(h, { num_hidden: 10, name: 'fc2' }), Variable('label'), { name: 'softmax' });
    } },
  { name: 'Embedding (300×8 weight) → LeakyReLU prelu → FullyConnected → SoftmaxOutput', shapes: { x: [40], label: [40] },
    classes: { x: 300, label: 5 },
    build: () => {
      const e = op('LeakyReLU')(op('Embedding')(Variable('x'), { input_dim: 300, output_dim: 8, name: 'embed' }), { act_type: 'prelu', name: 'act' });
      return op('SoftmaxOutput')(op('FullyConnected')(e, { num_hidden: 5, name: 'fc' }), Variable('label'), { name: 'softmax' });
    } },
];

async function run(n: Net, ctx: Context): Promise<Record<string, Float32Array>> {
  const exec = n.build().simple_bind(ctx, { grad_req: 'write', ...n.shapes });
  try {
    Object.entries(exec.arg_dict).forEach(([name, arr], i) => {
      const k = n.classes[name];
      const data = randomArray(arr.size, 3000 + i, -1, 1);
      arr.set(k ? data.map((v) => Math.floor(((v + 1) / 2) * k)) : data);
    });
    exec.forward(true);
    exec.backward(null);
    const res: Record<string, Float32Array> = {};
    for (const [i, o] of exec.outputs.entries()) res[`output ${i}`] = await o.asnumpy();
    for (const [k, g] of Object.entries(exec.grad_dict)) if (g && !n.classes[k]) res[`grad ${k}`] = await g.asnumpy();
    return res;
  } finally {
    exec.dispose();
  }
}

describe.skipIf(!hasGpu)(`operators on mx.gpu() with 1 KiB storage bindings vs mx.cpu()${SKIP_REASON}`, () => {
  beforeAll(() => { gpuBackend().rt.bindingLimitOverride = 1024; });
  afterAll(() => { gpuBackend().rt.bindingLimitOverride = null; });

  for (const n of NETS) {
    it(n.name, async () => {
      const want = await run(n, cpu());
      const got = await run(n, gpu(0));
      expect(Object.keys(got)).toEqual(Object.keys(want));
      for (const k of Object.keys(want)) expect(maxViolation(got[k]!, want[k]!, 1e-5, 1e-4), `${n.name}: ${k}`).toBeLessThanOrEqual(1);
    });
  }
});
