// Flatten, Reshape and Concat: shape rules (operators.md §3.4–§3.6) and data movement.
import { beforeAll, describe, expect, it } from 'vitest';
import { initWasmBackend } from '../../src/backends/wasm/init.js';
import { inferReshape } from '../../src/ops/reshape.js';
import { dot, expectClose, numericGrad, OpHarness, rand } from './helpers.js';

beforeAll(async () => { await initWasmBackend(); });

describe('Flatten', () => {
  it('(d0, d1, …) → (d0, prod); 1-D → (d0, 1); data and gradient copied in order', () => {
    const op = new OpHarness('Flatten');
    expect(op.outShapes([[2, 3, 4]])).toEqual([[2, 12]]);
    expect(op.outShapes([[5]])).toEqual([[5, 1]]);
    const x = rand(24, 41), og = rand(24, 42);
    const r = op.run([{ shape: [2, 3, 4], data: x }], { outGrads: [og] });
    expectClose(r.outputs[0]!, x, 0, 0, 'forward');
    expectClose(r.grads[0]!, numericGrad((xs) => dot(og, xs[0]!), [Float64Array.from(x)], 0), 1e-6, 1e-6, 'grad vs FD');
  });
});

describe('Reshape', () => {
  // operators.md §3.5 examples, data (2, 3, 4)
  const examples: [number[], number[]][] = [
    [[4, 0, 2], [4, 3, 2]],
    [[2, 0, 0], [2, 3, 4]],
    [[6, 1, -1], [6, 1, 4]],
    [[3, -1, 8], [3, 1, 8]],
    [[-2], [2, 3, 4]],
    [[2, -2], [2, 3, 4]],
    [[-3, 4], [6, 4]],
    [[-4, 1, 2, -2], [1, 2, 3, 4]],
    [[2, -4, -1, 3, -2], [2, 1, 3, 4]],
  ];
  for (const [spec, out] of examples) {
    it(`shape=${JSON.stringify(spec)} on (2, 3, 4) → ${JSON.stringify(out)}`, () => {
      const op = new OpHarness('Reshape', { shape: spec });
      expect(op.outShapes([[2, 3, 4]])).toEqual([out]);
    });
  }

  it('reverse matches 0 / -1 from the right', () => {
    expect(inferReshape([-1, 0], [10, 5, 4], false, 'r')).toEqual([40, 5]);
    expect(inferReshape([-1, 0], [10, 5, 4], true, 'r')).toEqual([50, 4]);
    const op = new OpHarness('Reshape', { shape: [-1, 0], reverse: true });
    expect(op.outShapes([[10, 5, 4]])).toEqual([[50, 4]]);
  });

  it('deprecated target_shape with keep_highest infers the one 0 entry', () => {
    const op = new OpHarness('Reshape', { target_shape: [0, 0, 2], keep_highest: true });
    expect(op.outShapes([[3, 4, 6]])).toEqual([[3, 12, 2]]);
    const op2 = new OpHarness('Reshape', { target_shape: [4, 0] });
    expect(op2.outShapes([[2, 3, 4]])).toEqual([[4, 6]]);
  });

  it('bad specs throw MXNetError naming the node', () => {
    expect(() => inferReshape([-1, -1], [2, 3], false, 'Reshape r1')).toThrow(/Reshape r1: one and only one dim can be inferred/);
    expect(() => inferReshape([-4, 4, 2, 3], [6, 4], false, 'Reshape r2')).toThrow(/Reshape r2: split dims 4, 2 do not divide original dim 6/);
    expect(() => inferReshape([-4, -1, -1], [6], false, 'Reshape r3')).toThrow(/both be -1/);
  });

  it('infers one unknown input dim from a known output', () => {
    const op = new OpHarness('Reshape', { shape: [-1] });
    expect(op.def.inferShape(op.p, [[0, 3]], 'r', [[12]]).inputs).toEqual([[4, 3]]);
  });

  it('copies data and gradient; a size mismatch fails at forward', () => {
    const op = new OpHarness('Reshape', { shape: [-3, 0] });
    const x = rand(24, 43), og = rand(24, 44);
    const r = op.run([{ shape: [2, 3, 4], data: x }], { outGrads: [og] });
    expect(r.outShapes[0]).toEqual([6, 4]);
    expectClose(r.outputs[0]!, x, 0, 0, 'forward');
    expectClose(r.grads[0]!, numericGrad((xs) => dot(og, xs[0]!), [Float64Array.from(x)], 0), 1e-6, 1e-6, 'grad vs FD');
    const bad = new OpHarness('Reshape', { shape: [5, 5] });
    expect(() => bad.run([{ shape: [2, 3, 4], data: x }])).toThrow(/different size/);
  });
});

/** Float64 concat of row-major arrays along `axis`. */
function concatRef(parts: { shape: number[]; data: ArrayLike<number> }[], axis: number): number[] {
  const outer = parts[0]!.shape.slice(0, axis).reduce((a, b) => a * b, 1);
  const out: number[] = [];
  for (let o = 0; o < outer; o++) {
    for (const p of parts) {
      const inner = p.shape.slice(axis).reduce((a, b) => a * b, 1);
      for (let j = 0; j < inner; j++) out.push(p.data[o * inner + j]!);
    }
  }
  return out;
}

describe('Concat', () => {
  for (const [dim, axis] of [[1, 1], [0, 0], [-1, 2], [2, 2]] as const) {
    it(`dim=${dim}: forward and per-input gradients vs FD`, () => {
      const shapes = [[2, 3, 4], [2, 3, 4], [2, 3, 4]].map((s, k) => s.map((v, i) => (i === axis ? v + k : v)));
      const op = new OpHarness('Concat', { num_args: 3, dim });
      expect(op.def.inputNames(op.p)).toEqual(['arg0', 'arg1', 'arg2']);
      const expectedOut = [...shapes[0]!];
      expectedOut[axis] = shapes.reduce((s, sh) => s + sh[axis]!, 0);
      expect(op.outShapes(shapes)).toEqual([expectedOut]);
      const parts = shapes.map((shape, k) => ({ shape, data: rand(shape.reduce((a, b) => a * b, 1), 50 + k) }));
      const og = rand(expectedOut.reduce((a, b) => a * b, 1), 60);
      const r = op.run(parts, { outGrads: [og] });
      expectClose(r.outputs[0]!, concatRef(parts, axis), 0, 0, 'forward');
      const xs = parts.map((p) => Float64Array.from(p.data));
      const loss = (v: Float64Array[]) => dot(og, concatRef(v.map((d, k) => ({ shape: shapes[k]!, data: d })), axis));
      xs.forEach((_, k) => expectClose(r.grads[k]!, numericGrad(loss, xs, k), 1e-6, 1e-6, `grad ${k}`));
    });
  }

  it('inputs learn the non-concat dims from each other; conflicting dims are left to the graph check', () => {
    const op = new OpHarness('Concat', { num_args: 2, dim: 1 });
    const res = op.def.inferShape(op.p, [[2, 3, 0], [0, 5, 4]], 'c');
    expect(res.inputs).toEqual([[2, 3, 4], [2, 5, 4]]);
    expect(res.outputs).toEqual([[2, 8, 4]]);
    expect(op.def.inferShape(op.p, [[2, 3], undefined], 'c').outputs).toEqual([[2, 0]]);
    expect(() => op.def.inferShape(op.p, [[2, 3]], 'c1')).toThrow(/Concat c1: num_args=2 but 1 inputs/);
    const bad = new OpHarness('Concat', { num_args: 2, dim: 3 });
    expect(() => bad.def.inferShape(bad.p, [[2, 3], [2, 3]], 'c2')).toThrow(/Concat c2: axis 3 out of range/);
  });
});
