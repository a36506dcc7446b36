// Smoke test of the benchmark modules (npm run bench): they import, and the smallest workload (MLP
// predict, batch 1) runs on mxjs, TF.js wasm and onnxruntime-web (from bench/lib/onnx.ts) with the same
// probabilities. No timing is asserted: timings only have to be positive numbers.
import { describe, expect, it } from 'vitest';
import { formatGemmResults } from '../../bench/gemm.js';
import { netSpec, onnxGraph } from '../../bench/lib/nets.js';
import { tableText, type Row } from '../../bench/lib/table.js';
import { benchPredict } from '../../bench/predict.js';

describe('bench', () => {
  it('modules import', async () => {
    const mods = await Promise.all([import('../../bench/cold_start.js'), import('../../bench/mlp_epoch.js'),
      import('../../bench/lenet_epoch.js'), import('../../bench/torch.js')]);
    expect(typeof mods[0].benchColdStart).toBe('function');
    expect(typeof mods[1].runMlpEpoch).toBe('function');
    expect(typeof mods[2].runLenetEpoch).toBe('function');
    expect(typeof mods[3].runTorch).toBe('function');
    expect(formatGemmResults([])).toContain('GFLOP/s');
  });

  it('the ONNX graph of LeNet has the layers of the mxjs network', () => {
    const g = onnxGraph(netSpec('lenet'), 64);
    expect(g.nodes.map((n) => n.op)).toEqual(['Conv', 'Relu', 'MaxPool', 'Conv', 'Relu', 'MaxPool', 'Flatten', 'Gemm', 'Relu', 'Gemm', 'Softmax']);
    expect(g.initializers.map((t) => t.dims)).toEqual([[20, 1, 5, 5], [20], [50, 20, 5, 5], [50], [500, 800], [500], [10, 500], [10]]);
  });

  it('MLP predict batch 1 runs on all three libraries with the same probabilities', async () => {
    const r = await benchPredict('mlp', 1, 2);
    // float32 softmax of the same weights: agreement to a few ulps of probabilities ≤ 1.
    expect(r.maxAbsDiffTfjs).toBeLessThan(1e-5);
    expect(r.maxAbsDiffOrt).toBeLessThan(1e-5);
    for (const ms of [r.mxjsMs, r.tfjsMs, r.ortMs]) expect(ms).toBeGreaterThan(0);
    const row: Row = { workload: 'MLP predict, batch 1', unit: 'ms', higherIsBetter: false, mxjs: r.mxjsMs,
      peers: { tfjs: r.tfjsMs, ort: r.ortMs, torch: null }, issue: { tfjs: 0.067, ort: 0.035, torch: 0.055 } };
    const text = tableText([row]);
    expect(text).toContain((r.mxjsMs / r.tfjsMs).toFixed(2));
    expect(text).toContain('—');
  }, 60_000);
});
