// Aux states through the executor, with a test-only operator that counts training forwards in its
// aux input (the way BatchNorm updates moving statistics in place) and routes data through a temp().
import { beforeAll, describe, expect, it } from 'vitest';
import type { Backend } from '../../src/backends/backend.js';
import { initWasmBackend } from '../../src/backends/wasm/init.js';
import { cpu } from '../../src/context.js';
import { bind, simple_bind } from '../../src/executor/bind.js';
import { array, zeros } from '../../src/ndarray/create.js';
import { defineOp } from '../../src/ops/registry.js';
import { listAuxNodes } from '../../src/symbol/graph.js';
import { op, out, variable } from './graph_helpers.js';

let backend: Backend;
beforeAll(async () => { backend = await initWasmBackend(); });

defineOp({
  name: '_test_train_counter',
  params: {},
  inputNames: () => ['data', 'count'],
  numAux: () => 1,
  outputNames: () => ['output'],
  inferShape: (_p, [data]) => ({ inputs: [data, [1]], outputs: [data] }),
  forward(ctx, _p, [x, count], [y]) {
    const t = ctx.temp(x!.shape);
    ctx.backend.copy(t.ref, x!.ref, x!.size);
    ctx.backend.copy(y!.ref, t.ref, x!.size);
    if (ctx.isTrain) ctx.backend.scalar('add', count!.ref, 1, count!.ref, 1);
  },
  backward(ctx, _p, [dy], _in, _out, [dx]) {
    if (dx) ctx.backend.copy(dx.ref, dy!.ref, dx.size);
  },
});

function heads() {
  const counted = op('_test_train_counter', 'ctr', [variable('data')]);
  return [out(op('LinearRegressionOutput', 'lro', [counted]))];
}

describe('aux states', () => {
  it('are listed apart from arguments, allocated by simple_bind and updated in place by forward', () => {
    expect(listAuxNodes(heads()).map((n) => n.name)).toEqual(['ctr_count']);
    const exec = simple_bind(heads(), cpu(), { shapes: { data: [2, 3] } });
    try {
      expect(Object.keys(exec.arg_dict)).toEqual(['data', 'lro_label']);
      expect(Object.keys(exec.aux_dict)).toEqual(['ctr_count']);
      expect(exec.aux_arrays[0]!.shape).toEqual([1]);
      exec.forward(true);
      const steady = backend.stats(); // the temp() scratch exists from the first call on
      exec.forward(true);
      exec.forward(true);
      exec.forward(false);
      expect(backend.stats()).toEqual(steady);
      const data = array([[1, 2, 3], [4, 5, 6]]);
      expect(Array.from(exec.forward({ data: data })[0]!._dataSync())).toEqual([1, 2, 3, 4, 5, 6]);
      data.dispose();
      expect(exec.aux_dict.ctr_count!._dataSync()[0]).toBe(3);
      const ten = array([10]);
      exec.copy_params_from({}, { ctr_count: ten });
      exec.forward(true);
      expect(exec.aux_dict.ctr_count!._dataSync()[0]).toBe(11);
      // a reshaped executor shares the aux memory
      const small = exec.reshape({ data: [1, 3], lro_label: [1, 3] });
      small.forward(true);
      expect(exec.aux_dict.ctr_count!._dataSync()[0]).toBe(12);
      small.dispose();
      ten.dispose();
    } finally {
      exec.dispose();
    }
  });

  it('bind takes aux_states as a list or dict and requires them', () => {
    const data = zeros([2, 3]), label = zeros([2, 3]), count = zeros([1]);
    expect(() => bind(heads(), cpu(), [data, label])).toThrow(/Length of aux_states \(0\) does not match/);
    const e1 = bind(heads(), cpu(), [data, label], { aux_states: [count] });
    e1.forward(true);
    e1.dispose();
    const e2 = bind(heads(), cpu(), { data, lro_label: label }, { aux_states: { ctr_count: count } });
    expect(e2.aux_dict.ctr_count).toBe(count);
    e2.forward(true);
    e2.dispose();
    expect(count._dataSync()[0]).toBe(2);
    const wrong = zeros([2]);
    expect(() => bind(heads(), cpu(), [data, label], { aux_states: [wrong] })).toThrow('_test_train_counter ctr: count shape (1,) expected, got (2,)');
    for (const a of [data, label, count, wrong]) a.dispose();
  });
});
