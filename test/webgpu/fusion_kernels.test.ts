// The WebGPU fusion kernels (gpu/wgsl/bias_act.wgsl, bn_fold_*.wgsl) against the wasm ones, which
// test/kernels/fusion.test.ts checks against float64 references; and a fused graph on gpu(0) vs cpu().
import { describe, expect, it } from 'vitest';
import { backendFor } from '../../src/backends/registry.js';
import { cpu, gpu } from '../../src/context.js';
import { simple_bind } from '../../src/executor/bind.js';
import { array } from '../../src/ndarray/create.js';
import { op, out, variable } from '../executor/graph_helpers.js';
import { fusionCases } from '../kernels/fusion_cases.js';
import { maxViolation } from '../kernels/reference.js';
import { rand } from '../ops/helpers.js';
import { gpuBackend, hasGpu, SKIP_REASON } from './gpu_setup.js';
import { expectSameResults, runCase } from './run_case.js';

describe.skipIf(!hasGpu)(`WebGPU fusion kernels vs wasm${SKIP_REASON}`, () => {
  for (const c of fusionCases()) {
    it(c.name, async () => {
      const g = gpuBackend();
      const before = g.stats();
      const [want, got] = [await runCase(backendFor(cpu()), c), await runCase(g, c)];
      expectSameResults(c, want, got);
      expect(g.stats()).toEqual(before);
    });
  }
});

describe.skipIf(!hasGpu)(`fused executor on WebGPU vs wasm${SKIP_REASON}`, () => {
  it('conv → BatchNorm → relu (folded at predict) and FC → relu (fused), forward and backward', async () => {
    const conv = op('Convolution', 'conv', [variable('data')], { kernel: [3, 3], pad: [1, 1], num_filter: 5 });
    const bn = op('BatchNorm', 'bn', [out(conv)], { fix_gamma: false });
    const r = op('Activation', 'r', [out(bn)], { act_type: 'relu' });
    const fc = op('FullyConnected', 'fc', [out(r)], { num_hidden: 7 });
    const head = out(op('Activation', 'act', [out(fc)], { act_type: 'tanh' }));
    const results: Record<string, Float32Array>[] = [];
    for (const ctx of [cpu(), gpu(0)]) {
      const exec = simple_bind([head], ctx, { shapes: { data: [2, 3, 6, 6] } });
      exec.profile = true;
      try {
        const dicts = { ...exec.arg_dict, ...exec.aux_dict };
        Object.entries(dicts).forEach(([name, a], i) => {
          const lo = name === 'bn_moving_var' ? 0.2 : -1;
          a.set(Array.from(rand(a.size, 500 + i, lo, 1)));
        });
        const res: Record<string, Float32Array> = {};
        res.predict = await exec.forward(false)[0]!.asnumpy();
        expect(exec.profile_report()).toContain('Convolution+BatchNorm+Activation');
        expect(exec.profile_report()).toContain('FullyConnected+Activation');
        res.train = await exec.forward(true)[0]!.asnumpy();
        const og = array(Array.from(rand(14, 600)), { ctx }).reshape([2, 7]);
        exec.backward(og);
        og.dispose();
        for (const n of ['data', 'conv_weight', 'bn_gamma', 'fc_weight', 'fc_bias']) res[n] = await exec.grad_dict[n]!.asnumpy();
        results.push(res);
      } finally {
        exec.dispose();
      }
    }
    for (const k of Object.keys(results[0]!)) {
      expect(maxViolation(results[1]![k]!, results[0]![k]!, 1e-5, 1e-4), k).toBeLessThanOrEqual(1);
    }
  });
});
