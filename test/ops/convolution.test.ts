import { beforeAll, describe, expect, it } from 'vitest';
import { initWasmBackend } from '../../src/backends/wasm/init.js';
import { MXNetError } from '../../src/base.js';
import { checkOp, type Conv2d, convOutHW, convRef, deconvRef } from './cnn_reference.js';
import { expectClose, OpHarness, rand } from './helpers.js';

beforeAll(async () => { await initWasmBackend(); });

const base: Conv2d = { N: 2, C: 4, H: 6, W: 7, F: 6, G: 1, kh: 3, kw: 3, sh: 1, sw: 1, ph: 0, pw: 0, dh: 1, dw: 1 };

function convCase(c: Conv2d, noBias = false, oneD = false) {
  const p = {
    kernel: oneD ? [c.kw] : [c.kh, c.kw], stride: oneD ? [c.sw] : [c.sh, c.sw], pad: oneD ? [c.pw] : [c.ph, c.pw],
    dilate: oneD ? [c.dw] : [c.dh, c.dw], num_filter: c.F, num_group: c.G, no_bias: noBias,
  };
  const dataShape = oneD ? [c.N, c.C, c.W] : [c.N, c.C, c.H, c.W];
  const wShape = oneD ? [c.F, c.C / c.G, c.kw] : [c.F, c.C / c.G, c.kh, c.kw];
  const op = new OpHarness('Convolution', p);
  const [oh, ow] = convOutHW(c);
  const inferred = op.def.inferShape(op.p, [dataShape, undefined, undefined].slice(0, noBias ? 2 : 3), 'conv');
  expect(inferred.inputs[1]).toEqual(wShape);
  expect(inferred.outputs[0]).toEqual(oneD ? [c.N, c.F, ow] : [c.N, c.F, oh, ow]);
  const inputs = [
    { shape: dataShape, data: rand(c.N * c.C * c.H * c.W, 1) },
    { shape: wShape, data: rand(c.F * (c.C / c.G) * c.kh * c.kw, 2) },
  ];
  if (!noBias) inputs.push({ shape: [c.F], data: rand(c.F, 3) });
  checkOp(op, inputs, (xs) => convRef(c, xs[0]!, xs[1]!, noBias ? null : xs[2]!));
}

describe('Convolution', () => {
  it('plain 3×3, forward and data/weight/bias gradients', () => convCase(base));
  it('strided and padded, no_bias', () => convCase({ ...base, sh: 2, sw: 3, ph: 1, pw: 2 }, true));
  it('dilated', () => convCase({ ...base, H: 8, W: 8, dh: 2, dw: 3, ph: 1, pw: 0 }));
  it('grouped (num_group 2)', () => convCase({ ...base, G: 2, F: 4 }));
  it('depthwise (num_group = C = F)', () => convCase({ ...base, G: 4, F: 4, ph: 1, pw: 1 }));
  it('1×1 pointwise (col is the image)', () => convCase({ ...base, N: 3, kh: 1, kw: 1 }));
  it('1-D (NCW)', () => convCase({ ...base, H: 1, kh: 1, sh: 1, ph: 0, dh: 1, W: 9, kw: 3, sw: 2, pw: 1 }, false, true));
  it('a single image (no reordering)', () => convCase({ ...base, N: 1, G: 2, F: 4, ph: 1, pw: 1 }));

  it('large images go through the col matrix in chunks of images (2 + 1 here)', () => {
    // 40·3·3 col rows × 64·64 positions ≈ 1.5M elements per image: two images fit the 4M-element budget.
    const c: Conv2d = { N: 3, C: 40, H: 64, W: 64, F: 4, G: 1, kh: 3, kw: 3, sh: 1, sw: 1, ph: 1, pw: 1, dh: 1, dw: 1 };
    const x = rand(3 * 40 * 4096, 9), w = rand(4 * 40 * 9, 10), og = rand(3 * 4 * 4096, 11);
    const op = new OpHarness('Convolution', { kernel: [3, 3], pad: [1, 1], num_filter: 4, no_bias: true });
    const r = op.run([{ shape: [3, 40, 64, 64], data: x }, { shape: [4, 40, 3, 3], data: w }], { outGrads: [og] });
    expectClose(r.outputs[0]!, convRef(c, x, w, null), 1e-3, 1e-4, 'forward');
    // Float64 adjoints: dW[f,c,i,j] = Σ og·x at the tap, dX scatters og·w.
    const dw = new Float64Array(w.length), dx = new Float64Array(x.length);
    for (let n = 0; n < 3; n++) for (let f = 0; f < 4; f++) for (let oy = 0; oy < 64; oy++) for (let ox = 0; ox < 64; ox++) {
      const g = og[((n * 4 + f) * 64 + oy) * 64 + ox]!;
      for (let ch = 0; ch < 40; ch++) for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
        const iy = oy - 1 + i, ix = ox - 1 + j;
        if (iy < 0 || iy >= 64 || ix < 0 || ix >= 64) continue;
        const xi = ((n * 40 + ch) * 64 + iy) * 64 + ix, wi = ((f * 40 + ch) * 3 + i) * 3 + j;
        dw[wi] += g * x[xi]!;
        dx[xi] += g * w[wi]!;
      }
    }
    expectClose(r.grads[0]!, dx, 1e-3, 1e-4, 'ddata');
    expectClose(r.grads[1]!, dw, 2e-2, 1e-4, 'dweight');
  });

  it('rejects bad configurations with the node name', () => {
    const g = new OpHarness('Convolution', { kernel: [3, 3], num_filter: 3, num_group: 2 });
    expect(() => g.def.inferShape(g.p, [[1, 4, 5, 5]], 'c1')).toThrow(/Convolution c1: num_filter 3 must be divisible by num_group 2/);
    const big = new OpHarness('Convolution', { kernel: [7, 7], num_filter: 2 });
    expect(() => big.def.inferShape(big.p, [[1, 1, 5, 5]], 'c2')).toThrow(/c2: kernel size 7 .* exceeds the padded input size 5/);
    const three = new OpHarness('Convolution', { kernel: [3, 3, 3], num_filter: 2 });
    expect(() => three.def.inferShape(three.p, [[1, 1, 5, 5, 5]], 'c3')).toThrow(MXNetError);
    const nhwc = new OpHarness('Convolution', { kernel: [3, 3], num_filter: 2, layout: 'NHWC' });
    expect(() => nhwc.def.inferShape(nhwc.p, [[1, 5, 5, 1]], 'c4')).toThrow(/layout NHWC is not supported/);
  });
});

describe('Deconvolution', () => {
  function deconvCase(c: Conv2d, extra: Record<string, unknown>, expectOut: [number, number], noBias = true,
    effPad: [number, number] = [c.ph, c.pw]) {
    const p = {
      kernel: [c.kh, c.kw], stride: [c.sh, c.sw], pad: [c.ph, c.pw], dilate: [c.dh, c.dw],
      num_filter: c.F, num_group: c.G, no_bias: noBias, ...extra,
    };
    const op = new OpHarness('Deconvolution', p);
    const inf = op.def.inferShape(op.p, [[c.N, c.C, c.H, c.W], undefined, undefined].slice(0, noBias ? 2 : 3), 'de');
    expect(inf.inputs[1]).toEqual([c.C, c.F / c.G, c.kh, c.kw]);
    expect(inf.outputs[0]).toEqual([c.N, c.F, ...expectOut]);
    // The reference uses the effective pad (target_shape recomputes it).
    const eff = { ...c, ph: effPad[0], pw: effPad[1] };
    const inputs = [
      { shape: [c.N, c.C, c.H, c.W], data: rand(c.N * c.C * c.H * c.W, 4) },
      { shape: [c.C, c.F / c.G, c.kh, c.kw], data: rand(c.C * (c.F / c.G) * c.kh * c.kw, 5) },
    ];
    if (!noBias) inputs.push({ shape: [c.F], data: rand(c.F, 6) });
    checkOp(op, inputs, (xs) => deconvRef(eff, expectOut[0], expectOut[1], xs[0]!, xs[1]!, noBias ? null : xs[2]!));
  }
  const d: Conv2d = { N: 2, C: 4, H: 3, W: 4, F: 6, G: 1, kh: 3, kw: 3, sh: 2, sw: 2, ph: 1, pw: 0, dh: 1, dw: 1 };

  it('no_bias defaults to True: inputs are data and weight', () => {
    const op = new OpHarness('Deconvolution', { kernel: [2, 2], num_filter: 3 });
    expect(op.def.inputNames(op.p)).toEqual(['data', 'weight']);
  });
  // out = stride·(in − 1) + dk − 2·pad + adj
  it('strided with pad: shape and gradients', () => deconvCase(d, {}, [2 * 2 + 3 - 2, 2 * 3 + 3]));
  it('adj adds to the output size; bias', () => deconvCase(d, { adj: [1, 1] }, [6, 10], false));
  it('grouped and dilated', () => deconvCase({ ...d, G: 2, F: 4, dh: 2, dw: 2, sh: 1, sw: 1, ph: 0, pw: 0 }, {}, [3 + 4, 4 + 4]));
  it('target_shape overrides pad/adj: pad = ceil((s·(in−1) + dk − target)/2)', () => {
    // H: total = 2·2 + 3 − 6 = 1 → pad 1, adj 1; W: total = 2·3 + 3 − 8 = 1 → pad 1.
    deconvCase({ ...d, ph: 0, pw: 0 }, { target_shape: [6, 8] }, [6, 8], true, [1, 1]);
  });
  it('1-D (NCW) with stride and adj', () => {
    const op = new OpHarness('Deconvolution', { kernel: [3], stride: [2], adj: [1], num_filter: 2 });
    // out = 2·(5 − 1) + 3 − 0 + 1 = 12
    expect(op.outShapes([[2, 3, 5], [3, 2, 3]])[0]).toEqual([2, 2, 12]);
    const c: Conv2d = { N: 2, C: 3, H: 1, W: 5, F: 2, G: 1, kh: 1, kw: 3, sh: 1, sw: 2, ph: 0, pw: 0, dh: 1, dw: 1 };
    checkOp(op, [{ shape: [2, 3, 5], data: rand(30, 7) }, { shape: [3, 2, 3], data: rand(18, 8) }],
      (xs) => deconvRef(c, 1, 12, xs[0]!, xs[1]!, null));
  });
  it('rejects adj >= stride', () => {
    const op = new OpHarness('Deconvolution', { kernel: [3, 3], stride: [2, 2], adj: [2, 0], num_filter: 2 });
    expect(() => op.def.inferShape(op.p, [[1, 1, 4, 4]], 'de2')).toThrow(/de2: adj 2 must be smaller than stride 2/);
  });
});
