import { beforeAll, describe, expect, it } from 'vitest';
import { initWasmBackend } from '../../src/backends/wasm/init.js';
import { expectClose, numericGrad, OpHarness, rand } from './helpers.js';

beforeAll(async () => { await initWasmBackend(); });

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

// Each op: forward f, its gradient formula g(out, label), and the loss whose data gradient that is
// (per element, before the grad_scale/num_output factor).
const OPS = {
  LinearRegressionOutput: {
    f: (x: number) => x,
    g: (o: number, l: number) => o - l,
    loss: (x: number, l: number) => 0.5 * (x - l) ** 2,
  },
  LogisticRegressionOutput: {
    f: sigmoid,
    g: (o: number, l: number) => o - l,
    // binary cross-entropy on the logits: d/dx = sigmoid(x) − l
    loss: (x: number, l: number) => -(l * Math.log(sigmoid(x)) + (1 - l) * Math.log(1 - sigmoid(x))),
  },
  MAERegressionOutput: {
    f: (x: number) => x,
    g: (o: number, l: number) => Math.sign(o - l),
    loss: (x: number, l: number) => Math.abs(x - l),
  },
};

describe('regression outputs', () => {
  for (const [name, ref] of Object.entries(OPS)) {
    it(`${name}: forward, gradient formula (grad_scale/num_output) and FD of its loss`, () => {
      const [n, k] = [4, 3];
      const x = rand(n * k, 21, -2, 2);
      const label = rand(n * k, 22, 0, 1);
      const op = new OpHarness(name, { grad_scale: 1.5 });
      expect(op.def.ignoresHeadGrad!(op.p)).toBe(true);
      const r = op.run([{ shape: [n, k], data: x }, { shape: [n, k], data: label }], { backward: true, gradFor: [true, false] });
      const out = Array.from(x, ref.f);
      expectClose(r.outputs[0]!, out, 1e-6, 1e-5, 'forward');
      const scale = 1.5 / k; // num_output = label.size / label.shape[0]
      expectClose(r.grads[0]!, out.map((o, i) => ref.g(o, label[i]!) * scale), 1e-6, 1e-5, 'grad formula');
      const loss = (xs: Float64Array[]) => xs[0]!.reduce((s, v, i) => s + scale * ref.loss(v, label[i]!), 0);
      expectClose(r.grads[0]!, numericGrad(loss, [Float64Array.from(x)], 0), 1e-4, 1e-3, 'grad vs FD');
    });
  }

  it('label inference: (N,) for (N, 1) data, else the data shape; any same-size label with the same N is kept', () => {
    const op = new OpHarness('LinearRegressionOutput');
    expect(op.def.inferShape(op.p, [[5, 1], undefined], 'r').inputs[1]).toEqual([5]);
    expect(op.def.inferShape(op.p, [[5, 3], undefined], 'r').inputs[1]).toEqual([5, 3]);
    expect(op.def.inferShape(op.p, [[5, 6], [5, 2, 3]], 'r').inputs[1]).toEqual([5, 2, 3]);
    // a wrong label is answered with the expected shape; the graph reports the conflict
    expect(op.def.inferShape(op.p, [[5, 6], [6, 5]], 'r').inputs[1]).toEqual([5, 6]);
  });

  it('(N,) labels for (N, 1) data: num_output = 1', () => {
    const x = rand(6, 23), label = rand(6, 24);
    const op = new OpHarness('LinearRegressionOutput');
    const r = op.run([{ shape: [6, 1], data: x }, { shape: [6], data: label }], { backward: true, gradFor: [true, false] });
    expectClose(r.grads[0]!, Array.from(x, (v, i) => v - label[i]!), 1e-6, 1e-5, 'grad');
  });
});
