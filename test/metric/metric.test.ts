// mx.metric against api-semantics §6 and test_metric.py: Accuracy (argmax along an axis, int32
// truncation, flattened comparison incl. the 2-D label case), local vs global statistics,
// create() by name / alias / list / function / JSON config, CompositeEvalMetric, CustomMetric and np.
import { beforeAll, describe, expect, it } from 'vitest';
import { initWasmBackend } from '../../src/backends/wasm/init.js';
import * as metric from '../../src/metric/index.js';
import { array } from '../../src/ndarray/create.js';
import type { NDArray } from '../../src/ndarray/ndarray.js';

beforeAll(async () => {
  await initWasmBackend();
});

const nd = (v: number[] | number[][], shape?: number[]) => (shape ? array(v, { shape }) : array(v));
const free = (...a: NDArray[]) => a.forEach((x) => x.dispose());

/** Reference: argmax along the last axis of a row-major [rows, cols] table (first maximum wins). */
function argmaxRows(v: number[], rows: number, cols: number): number[] {
  return Array.from({ length: rows }, (_, r) => {
    let best = 0;
    for (let c = 1; c < cols; c++) if (v[r * cols + c]! > v[r * cols + best]!) best = c;
    return best;
  });
}

describe('Accuracy', () => {
  it('the docstring example: 2 of 3 correct', () => {
    const pred = nd([[0.3, 0.7], [0, 1], [0.4, 0.6]]), label = nd([0, 1, 1]);
    const acc = new metric.Accuracy();
    acc.update([label], [pred]);
    expect(acc.get()).toEqual(['accuracy', 2 / 3]);
    expect(acc.num_inst).toBe(3);
    expect(acc.sum_metric).toBe(2);
    free(pred, label);
  });

  it('2-D labels against (6, 2) predictions compare the flattened argmax (test_acc_2d_label)', () => {
    const p = [0.9, 0.1, 0.2, 0.8, 0.6, 0.4, 0.35, 0.65, 0.7, 0.3, 0.45, 0.55];
    const l = [0, 1, 1, 1, 0, 0];
    const pred = nd(p, [6, 2]), label = nd(l, [2, 3]);
    const acc = new metric.Accuracy();
    acc.update([label], [pred]);
    const am = argmaxRows(p, 6, 2);
    const expected = am.filter((a, i) => a === l[i]).length / 6;
    expect(acc.get()[1]).toBeCloseTo(expected, 15);
    free(pred, label);
  });

  it('axis=0 takes the argmax down the columns', () => {
    // pred (3 classes, 4 samples); argmax over axis 0 per column.
    const p = [0.1, 0.9, 0.3, 0.2, 0.7, 0.05, 0.3, 0.5, 0.2, 0.05, 0.4, 0.3];
    const pred = nd(p, [3, 4]), label = nd([1, 0, 2, 0]);
    const colArgmax = [0, 1, 2, 3].map((c) => [0, 1, 2].reduce((b, r) => (p[r * 4 + c]! > p[b * 4 + c]! ? r : b), 0));
    const acc = new metric.Accuracy({ axis: 0 });
    acc.update([label], [pred]);
    expect(acc.sum_metric).toBe(colArgmax.filter((a, i) => a === [1, 0, 2, 0][i]).length);
    expect(acc.num_inst).toBe(4);
    free(pred, label);
  });

  it('same-shaped predictions are class indices; both sides are truncated to int32', () => {
    const pred = nd([1.9, 2.2, -0.7, 3]), label = nd([1, 2.99, 0, 4]);
    const acc = new metric.Accuracy();
    acc.update([label], [pred]);
    // trunc: pred [1, 2, 0, 3] vs label [1, 2, 0, 4]
    expect([acc.sum_metric, acc.num_inst]).toEqual([3, 4]);
    free(pred, label);
  });

  it('keeps local and global statistics apart (reset_local)', () => {
    const p1 = nd([[1, 0], [0, 1]]), l1 = nd([0, 1]), p2 = nd([[1, 0], [1, 0]]), l2 = nd([0, 1]);
    const acc = new metric.Accuracy();
    acc.update([l1], [p1]);
    acc.reset_local();
    acc.update([l2], [p2]);
    expect(acc.get()).toEqual(['accuracy', 0.5]);
    expect(acc.get_global()).toEqual(['accuracy', 3 / 4]);
    expect(acc.get_global_name_value()).toEqual([['accuracy', 0.75]]);
    acc.reset();
    expect(Number.isNaN(acc.get_global()[1] as number)).toBe(true);
    free(p1, l1, p2, l2);
  });

  it('mismatched list lengths and element counts raise the MXNet message', () => {
    const p = nd([[1, 0], [0, 1]]), l = nd([0, 1, 1]);
    const acc = new metric.Accuracy();
    expect(() => acc.update([l], [p, p])).toThrow('Shape of labels 1 does not match shape of predictions 2');
    expect(() => acc.update([l], [p])).toThrow('Shape of labels 3 does not match shape of predictions 2');
    free(p, l);
  });
});

describe('create and the registry', () => {
  it('finds names case-insensitively with aliases; unknown names fail', () => {
    expect(metric.create('acc')).toBeInstanceOf(metric.Accuracy);
    expect(metric.create('Accuracy')).toBeInstanceOf(metric.Accuracy);
    expect((metric.create('acc', { axis: 0 }) as metric.Accuracy).axis).toBe(0);
    expect(metric.create('composite')).toBeInstanceOf(metric.CompositeEvalMetric);
    expect(() => metric.create('nope')).toThrow(/nope is not registered/);
    const a = new metric.Accuracy();
    expect(metric.create(a)).toBe(a);
  });

  it('get_config round-trips through a JSON string (test_metrics check_metric)', () => {
    for (const m of [metric.create('acc', { axis: 0 }), metric.create(['acc', 'acc']), new metric.Accuracy({ name: 'top', label_names: ['l'] })]) {
      const cfg = m.get_config();
      const again = metric.create(JSON.stringify(cfg));
      expect(again.get_config()).toEqual(cfg);
      expect(again.constructor).toBe(m.constructor);
    }
    expect(new metric.Accuracy({ axis: 0 }).get_config()).toEqual({
      axis: 0, metric: 'Accuracy', name: 'accuracy', output_names: null, label_names: null,
    });
  });

  it('a list becomes a composite of the created items; a function becomes a CustomMetric', () => {
    function myacc(label: metric.HostArray, pred: metric.HostArray): number {
      return label.length + pred.length;
    }
    const c = metric.create(['acc', myacc, (l: metric.HostArray) => l.length]) as metric.CompositeEvalMetric;
    expect(c.metrics.map((m) => m.name)).toEqual(['accuracy', 'myacc', 'custom(<lambda>)']);
    expect(metric.create(myacc)).toBeInstanceOf(metric.CustomMetric);
  });

  it('register makes a custom EvalMetric creatable by name', () => {
    class Counting extends metric.EvalMetric {
      constructor(...args: unknown[]) {
        super('counting', ...args);
      }
      override update(labels: NDArray | readonly NDArray[]): void {
        this.num_inst += 1;
        this.sum_metric += (Array.isArray(labels) ? labels : [labels]).length;
      }
    }
    metric.register(Counting);
    metric.alias('cnt')(Counting);
    expect(metric.create('counting')).toBeInstanceOf(Counting);
    expect(metric.create('CNT')).toBeInstanceOf(Counting);
  });
});

describe('CompositeEvalMetric', () => {
  it('updates every child and flattens names and values', () => {
    const pred = nd([[0.3, 0.7], [0, 1], [0.4, 0.6]]), label = nd([0, 1, 1]);
    const c = new metric.CompositeEvalMetric({ metrics: ['acc', (l: metric.HostArray, p: metric.HostArray) => [l.length, p.length / 2] as [number, number]] });
    c.update([label], [pred]);
    expect(c.get()).toEqual([['accuracy', 'custom(<lambda>)'], [2 / 3, 1]]);
    expect(c.get_name_value()).toEqual([['accuracy', 2 / 3], ['custom(<lambda>)', 1]]);
    expect(c.get_metric(0)).toBeInstanceOf(metric.Accuracy);
    expect(c.get_metric(-1)).toBeInstanceOf(metric.CustomMetric);
    expect(() => c.get_metric(2)).toThrow('Metric index 2 is out of range 0 and 2');
    c.reset_local();
    expect(c.metrics.map((m) => m.num_inst)).toEqual([0, 0]);
    expect(c.get_global()).toEqual([['accuracy', 'custom(<lambda>)'], [2 / 3, 1]]);
    expect(String(c)).toBe("EvalMetric: {'accuracy': nan, 'custom(<lambda>)': nan}");
    free(pred, label);
  });

  it('update_dict selects labels and outputs by name', () => {
    const good = nd([[0, 1], [1, 0]]), bad = nd([[1, 0], [0, 1]]), label = nd([1, 0]);
    const acc = new metric.Accuracy({ output_names: ['good_output'], label_names: ['lab'] });
    acc.update_dict({ lab: label }, { bad_output: bad, good_output: good });
    expect(acc.get()).toEqual(['accuracy', 1]);
    expect(() => acc.update_dict({ other: label }, { good_output: good })).toThrow(/label 'lab' not found/);
    free(good, bad, label);
  });
});

describe('CustomMetric and np', () => {
  it('passes host arrays with shapes and accumulates values or (sum, count) pairs', () => {
    const label = nd([1, 0, 1]), pred = nd([[0.2, 0.8], [0.6, 0.4], [0.3, 0.7]]);
    const seen: (readonly number[])[] = [];
    const m = new metric.CustomMetric((l: metric.HostArray, p: metric.HostArray) => {
      seen.push(l.shape, p.shape);
      return [Array.from(l).reduce((s, v) => s + v, 0), l.length];
    }, { name: 'pos_rate' });
    m.update([label], [pred]);
    m.update([label], [pred]);
    expect(seen).toEqual([[3], [3, 2], [3], [3, 2]]);
    expect(m.get()).toEqual(['pos_rate', 4 / 6]);
    expect(() => m.get_config()).toThrow('CustomMetric cannot be serialized');
    expect(() => m.update([label], [pred, pred])).toThrow(/does not match/);
    const extra = new metric.CustomMetric(() => 1, { allow_extra_outputs: true });
    extra.update([label], [pred, pred]);
    expect([extra.sum_metric, extra.num_inst]).toEqual([1, 1]);
    free(label, pred);
  });

  it('np() copies the function name and computes like test_mlp accuracy', () => {
    function accuracy(label: metric.HostArray, pred: metric.HostArray): number {
      const cols = pred.shape[1]!;
      let ok = 0;
      for (let r = 0; r < label.length; r++) {
        let best = 0;
        for (let c = 1; c < cols; c++) if (pred[r * cols + c]! > pred[r * cols + best]!) best = c;
        if (best === label[r]) ok++;
      }
      return ok / label.length;
    }
    const m = metric.np(accuracy);
    expect(m.name).toBe('accuracy');
    const label = nd([1, 0, 0, 1]), pred = nd([[0.2, 0.8], [0.6, 0.4], [0.3, 0.7], [0.1, 0.9]]);
    m.update([label], [pred]);
    m.update([label], [pred]);
    expect(m.get()).toEqual(['accuracy', 0.75]);
    expect(metric.np((l: metric.HostArray) => l.length, 'n').name).toBe('n');
    free(label, pred);
  });
});

describe('check_label_shapes', () => {
  it('compares lengths or shapes and wraps bare arrays', () => {
    const a = nd([1, 2, 3]), b = nd([[1, 2, 3]]);
    const [l, p] = metric.check_label_shapes(a, a, true);
    expect(l).toEqual([a]);
    expect(p).toEqual([a]);
    expect(() => metric.check_label_shapes(a, b, false, true)).toThrow('Shape of labels (3,) does not match shape of predictions (1, 3)');
    expect(() => metric.check_label_shapes(a, b)).toThrow('Shape of labels 3 does not match shape of predictions 1');
    free(a, b);
  });
});
