// The remaining metrics of api-semantics §6.2 with test_metric.py's cases: test_f1 (nan when empty,
// 0 for all-negative labels, micro vs macro counts), MCC, TopKAccuracy, test_perplexity, test_nll_loss,
// cross-entropy, test_loss_update, test_single_array_input (MAE/MSE/RMSE) and config round trips.
import { beforeAll, describe, expect, it } from 'vitest';
import { initWasmBackend } from '../../src/backends/wasm/init.js';
import * as metric from '../../src/metric/index.js';
import { array } from '../../src/ndarray/create.js';
import type { NDArray } from '../../src/ndarray/ndarray.js';

beforeAll(async () => {
  await initWasmBackend();
});

const nd = (v: number[] | number[][], shape?: number[]) => (shape ? array(v, { shape }) : array(v));
const f = Math.fround;

describe('F1 (test_f1)', () => {
  it('nan when empty, 0 for all-negative labels, micro vs macro', () => {
    const micro = metric.create('f1', { average: 'micro' }) as metric.F1;
    const macro = new metric.F1({ average: 'macro' });
    expect(Number.isNaN(macro.get()[1] as number)).toBe(true);
    expect(Number.isNaN(micro.get()[1] as number)).toBe(true);

    const pred0 = nd([[0.9, 0.1], [0.8, 0.2]]), label0 = nd([0, 0]);
    macro.update([label0], [pred0]);
    micro.update([label0], [pred0]);
    expect(macro.get()[1]).toBe(0);
    expect(micro.get()[1]).toBe(0);
    macro.reset();
    micro.reset();

    const pred11 = nd([[0.1, 0.9], [0.5, 0.5]]), label11 = nd([1, 0]);
    const pred12 = nd([[0.85, 0.15], [1.0, 0.0]]), label12 = nd([1, 0]);
    const pred21 = nd([[0.6, 0.4]]), label21 = nd([0]);
    const pred22 = nd([[0.2, 0.8]]), label22 = nd([1]);
    micro.update([label11, label12], [pred11, pred12]);
    macro.update([label11, label12], [pred11, pred12]);
    expect(micro.num_inst).toBe(4);
    expect(macro.num_inst).toBe(1);
    // tp 1, fp 0, fn 1 (argmax of [0.5, 0.5] is class 0): f1 = 2tp / (2tp + fp + fn)
    const fscore1 = (2 * 1) / (2 * 1 + 0 + 1);
    expect(micro.get()[1]).toBeCloseTo(fscore1, 12);
    expect(macro.get()[1]).toBeCloseTo(fscore1, 12);

    micro.update([label21, label22], [pred21, pred22]);
    macro.update([label21, label22], [pred21, pred22]);
    expect(micro.num_inst).toBe(6);
    expect(macro.num_inst).toBe(2);
    const fscore2 = (2 * 1) / (2 * 1 + 0 + 0);
    const total = (2 * 2) / (2 * 2 + 0 + 1);
    expect(micro.get()[1]).toBeCloseTo(total, 12);
    expect(macro.get()[1]).toBeCloseTo((fscore1 + fscore2) / 2, 12);
    expect(micro.get_config()).toEqual({ metric: 'F1', name: 'f1', output_names: null, label_names: null });
    [pred0, label0, pred11, label11, pred12, label12, pred21, label21, pred22, label22].forEach((a) => a.dispose());
  });

  it('rejects more than two classes', () => {
    const p = nd([[1, 0], [0, 1], [1, 0]]), l = nd([0, 1, 2]);
    expect(() => new metric.F1().update([l], [p])).toThrow('F1 currently only supports binary classification.');
    p.dispose();
    l.dispose();
  });
});

describe('MCC', () => {
  it('matches the Matthews formula on a hand case, macro and micro', () => {
    // argmax: [1, 1, 0, 0, 1]; labels [1, 0, 0, 1, 1] → tp 2, fp 1, tn 1, fn 1
    const p = nd([[0.2, 0.8], [0.4, 0.6], [0.7, 0.3], [0.9, 0.1], [0.3, 0.7]]), l = nd([1, 0, 0, 1, 1]);
    const expected = (2 * 1 - 1 * 1) / Math.sqrt((2 + 1) * (2 + 1) * (1 + 1) * (1 + 1));
    const macro = new metric.MCC();
    macro.update([l], [p]);
    expect(macro.get()[1]).toBeCloseTo(expected, 12);
    const micro = new metric.MCC({ average: 'micro' });
    micro.update([l], [p]);
    micro.update([l], [p]);
    expect(micro.num_inst).toBe(10);
    expect(micro.get()[1]).toBeCloseTo(expected, 12);
    p.dispose();
    l.dispose();
  });
});

describe('TopKAccuracy', () => {
  it('counts labels inside the top k of each row; the name carries k', () => {
    const scores = [
      [0.1, 0.5, 0.2, 0.2], // top-2 {1, 2 (tie 2/3 → lower index)}
      [0.7, 0.1, 0.15, 0.05], // top-2 {0, 2}
      [0.25, 0.25, 0.25, 0.25], // top-2 {0, 1}
    ];
    const labels = [2, 1, 1];
    const m = metric.create('top_k_acc', { top_k: 2 }) as metric.TopKAccuracy;
    expect(m.name).toBe('top_k_accuracy_2');
    const p = nd(scores), l = nd(labels);
    m.update([l], [p]);
    expect([m.sum_metric, m.num_inst]).toEqual([2, 3]);
    const big = new metric.TopKAccuracy(10);
    big.update([l], [p]);
    expect(big.sum_metric).toBe(3); // top_k above the class count means every class
    expect(() => new metric.TopKAccuracy(1)).toThrow('Please use Accuracy if top_k is no more than 1');
    expect(() => m.update([l], [l])).toThrow(/must be 2-D/);
    p.dispose();
    l.dispose();
  });
});

describe('probability metrics', () => {
  it('test_perplexity: exp(-mean log p) and the config round trip', () => {
    const p = nd([[0.8, 0.2], [0.2, 0.8], [0, 1]]), l = nd([0, 1, 1]);
    const m = metric.create('perplexity', -1);
    m.update([l], [p]);
    const expected = Math.exp(-(Math.log(f(0.8)) + Math.log(f(0.8)) + Math.log(1)) / 3);
    expect(m.get()[1]).toBeCloseTo(expected, 12);
    const cfg = m.get_config();
    expect(cfg).toEqual({ ignore_label: -1, metric: 'Perplexity', name: 'perplexity', output_names: null, label_names: null });
    expect(metric.create(JSON.stringify(cfg)).get_config()).toEqual(cfg);
    p.dispose();
    l.dispose();
  });

  it('perplexity ignores labels equal to ignore_label (p := 1, not counted)', () => {
    const p = nd([[0.5, 0.5], [0.1, 0.9], [0.3, 0.7]]), l = nd([0, 1, 0]);
    const m = new metric.Perplexity(0);
    m.update([l], [p]);
    expect(m.num_inst).toBe(1);
    expect(m.get()[1]).toBeCloseTo(Math.exp(-Math.log(f(0.9))), 12);
    p.dispose();
    l.dispose();
  });

  it('test_nll_loss and cross-entropy pick the labelled probability', () => {
    const p = nd([[0.2, 0.3, 0.5], [0.6, 0.1, 0.3]]), l = nd([2, 1]);
    const nll = metric.create('nll_loss');
    nll.update([l], [p]);
    const expected = -(Math.log(f(0.5) + 1e-12) + Math.log(f(0.1) + 1e-12)) / 2;
    expect(nll.get()).toEqual(['nll-loss', expect.closeTo(expected, 12)]);
    const ce = metric.create('ce');
    ce.update([l], [p]);
    expect(ce.get()[0]).toBe('cross-entropy');
    expect(ce.get()[1]).toBeCloseTo(expected, 12);
    expect(ce.get_config()).toMatchObject({ eps: 1e-12, metric: 'CrossEntropy' });
    p.dispose();
    l.dispose();
  });
});

describe('Loss, Torch, Caffe', () => {
  it('test_loss_update: a bare NDArray or a list, sum over all elements / count', () => {
    const p = nd([[0.3, 0.7], [0, 1], [0.4, 0.6]]);
    const m1 = metric.create('loss'), m2 = metric.create('loss');
    m1.update(null as never, [p]);
    m2.update(null as never, p);
    expect(m1.get()[1]).toBe(m2.get()[1]);
    expect(m1.get()[1]).toBeCloseTo((f(0.3) + f(0.7) + 1 + f(0.4) + f(0.6)) / 6, 6);
    expect(metric.create('torch').name).toBe('torch');
    expect(metric.create('caffe').name).toBe('caffe');
    p.dispose();
  });
});

describe('regression metrics', () => {
  it('test_single_array_input: bare arrays work for mse, mae, rmse', () => {
    const pred = nd([[1, 2, 3, 4]]);
    const label = pred.add(0.1);
    const mse = metric.create('mse'), mae = metric.create('mae'), rmse = metric.create('rmse');
    mse.update(label, pred);
    mae.update(label, pred);
    rmse.update(label, pred);
    expect(mse.get()[1]).toBeCloseTo(0.01, 6);
    expect(mae.get()[1]).toBeCloseTo(0.1, 6);
    expect(rmse.get()[1]).toBeCloseTo(0.1, 6);
    pred.dispose();
    label.dispose();
  });

  it('averages per-batch values and broadcasts a 1-D label against (N, C) predictions', () => {
    const l1 = nd([1, 2]), p1 = nd([[1, 3], [2, 2]]); // label as (2,1) column: diffs [0, -2, 0, 0]
    const l2 = nd([0, 0]), p2 = nd([3, 4]); // diffs [-3, -4]
    const rmse = new metric.RMSE();
    rmse.update([l1, l2], [p1, p2]);
    const batch1 = Math.sqrt(4 / 4), batch2 = Math.sqrt((9 + 16) / 2);
    expect(rmse.num_inst).toBe(2);
    expect(rmse.get()[1]).toBeCloseTo((batch1 + batch2) / 2, 12);
    const mae = new metric.MAE();
    mae.update([l1, l2], [p1, p2]);
    expect(mae.get()[1]).toBeCloseTo((2 / 4 + 7 / 2) / 2, 12);
    const bad = nd([[1, 2, 3]]);
    expect(() => mae.update([nd([[1, 2]])], [bad])).toThrow(/do not broadcast/);
    [l1, p1, l2, p2, bad].forEach((a: NDArray) => a.dispose());
  });
});
