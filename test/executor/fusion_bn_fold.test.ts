// BatchNorm folded into the preceding Convolution / FullyConnected at predict time (src/executor/
// fusion_steps.ts): w' = w·s, b' = (b − mean)·s + beta, s = gamma / sqrt(var + eps). Checked against a
// float64 reference of conv/FC followed by BatchNorm inference (operators.md), with non-trivial moving
// statistics and fix_gamma both ways, and against the graph bound with fusion off.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initWasmBackend } from '../../src/backends/wasm/init.js';
import { cpu } from '../../src/context.js';
import { simple_bind } from '../../src/executor/bind.js';
import type { Executor } from '../../src/executor/executor.js';
import { _setFusion } from '../../src/executor/fusion_match.js';
import { array } from '../../src/ndarray/create.js';
import type { Entry } from '../../src/symbol/graph.js';
import { convRef, type Conv2d } from '../ops/cnn_reference.js';
import { expectClose, rand } from '../ops/helpers.js';
import { op, out, variable } from './graph_helpers.js';

beforeAll(async () => { await initWasmBackend(); });
afterEach(() => _setFusion(null));

interface BnCase { fixGamma: boolean; eps: number; act: string | null }

/** BatchNorm inference over channel axis `C` of an [outer, C, inner] array, then the activation. */
function bnRef(x: Float64Array, v: Record<string, Float64Array>, outer: number, C: number, inner: number, k: BnCase) {
  const y = new Float64Array(x.length);
  for (let o = 0; o < outer; o++) for (let c = 0; c < C; c++) for (let i = 0; i < inner; i++) {
    const j = (o * C + c) * inner + i;
    const g = k.fixGamma ? 1 : v.bn_gamma![c]!;
    const t = ((x[j]! - v.bn_moving_mean![c]!) / Math.sqrt(v.bn_moving_var![c]! + k.eps)) * g + v.bn_beta![c]!;
    y[j] = k.act === 'relu' ? Math.max(t, 0) : k.act === 'sigmoid' ? 1 / (1 + Math.exp(-t)) : t;
  }
  return y;
}

function withBn(layer: Entry, k: BnCase): Entry {
  const bn = op('BatchNorm', 'bn', [layer], { fix_gamma: k.fixGamma, eps: k.eps });
  return k.act ? out(op('Activation', 'act', [out(bn)], { act_type: k.act })) : out(bn);
}

function bnValues(C: number, seed: number): Record<string, Float64Array> {
  return {
    bn_gamma: rand(C, seed, 0.5, 2), bn_beta: rand(C, seed + 1, -1, 1),
    bn_moving_mean: rand(C, seed + 2, -0.5, 0.5), bn_moving_var: rand(C, seed + 3, 0.05, 3),
  };
}

function bindWith(fused: boolean, heads: Entry[], shapes: Record<string, number[]>, values: Record<string, Float64Array>,
  gradReq: 'null' | 'write' = 'null'): Executor {
  _setFusion(fused);
  const exec = simple_bind(heads, cpu(), { shapes, grad_req: gradReq });
  const dicts = { ...exec.arg_dict, ...exec.aux_dict };
  for (const [name, v] of Object.entries(values)) dicts[name]!.set(v);
  exec.profile = true;
  return exec;
}

const conv: Conv2d = { N: 3, C: 4, H: 6, W: 5, F: 6, G: 2, kh: 3, kw: 3, sh: 1, sw: 2, ph: 1, pw: 1, dh: 1, dw: 1 };
const convNet = (k: BnCase, noBias: boolean) => withBn(out(op('Convolution', 'conv', [variable('data')],
  { kernel: [3, 3], stride: [1, 2], pad: [1, 1], num_filter: 6, num_group: 2, no_bias: noBias })), k);
function convValues(noBias: boolean, seed: number) {
  const v: Record<string, Float64Array> = { data: rand(3 * 4 * 6 * 5, seed), conv_weight: rand(6 * 2 * 9, seed + 1, -0.5, 0.5),
    ...bnValues(6, seed + 5) };
  if (!noBias) v.conv_bias = rand(6, seed + 2);
  return v;
}

describe('BatchNorm folding at predict time', () => {
  const cases: (BnCase & { noBias: boolean })[] = [
    { fixGamma: true, eps: 1e-3, act: 'relu', noBias: false },
    { fixGamma: false, eps: 1e-3, act: 'relu', noBias: false },
    { fixGamma: false, eps: 2e-5, act: null, noBias: true },
    { fixGamma: true, eps: 1e-2, act: 'sigmoid', noBias: true },
  ];
  for (const k of cases) {
    it(`conv → BatchNorm${k.act ? ` → ${k.act}` : ''} (fix_gamma=${k.fixGamma}, no_bias=${k.noBias}): folded = unfolded = reference`, () => {
      const v = convValues(k.noBias, 31);
      const y = convRef(conv, v.data!, v.conv_weight!, v.conv_bias ?? null);
      const ref = bnRef(y, v, conv.N, 6, y.length / (conv.N * 6), k);
      const results: Float32Array[] = [];
      for (const fused of [true, false]) {
        const exec = bindWith(fused, [convNet(k, k.noBias)], { data: [3, 4, 6, 5] }, v);
        try {
          results.push(exec.forward(false)[0]!._dataSync().slice());
          expectClose(results[results.length - 1]!, ref, 1e-5, 1e-4, `fused=${fused}`);
          expect(exec.profile_report().includes('Convolution+BatchNorm'), exec.profile_report()).toBe(fused);
          if (k.fixGamma) expect(Array.from(exec.arg_dict.bn_gamma!._dataSync())).toEqual([1, 1, 1, 1, 1, 1]);
        } finally {
          exec.dispose();
        }
      }
      expectClose(results[0]!, results[1]!, 1e-5, 1e-4, 'folded vs unfolded');
    });
  }

  it('FullyConnected → BatchNorm folds too, and new parameters (copy_params_from) are folded on the next call', () => {
    const k: BnCase = { fixGamma: false, eps: 1e-3, act: null };
    const K = 7, N = 5, M = 4;
    const net = withBn(out(op('FullyConnected', 'fc', [variable('data')], { num_hidden: N })), k);
    const v = { data: rand(M * K, 41), fc_weight: rand(N * K, 42), fc_bias: rand(N, 43), ...bnValues(N, 44) };
    const ref = (vals: Record<string, Float64Array>) => {
      const y = new Float64Array(M * N);
      for (let m = 0; m < M; m++) for (let n = 0; n < N; n++) {
        let s = vals.fc_bias![n]!;
        for (let q = 0; q < K; q++) s += vals.data![m * K + q]! * vals.fc_weight![n * K + q]!;
        y[m * N + n] = s;
      }
      return bnRef(y, vals, M, N, 1, k);
    };
    const exec = bindWith(true, [net], { data: [M, K] }, v);
    try {
      expectClose(exec.forward()[0]!._dataSync(), ref(v), 1e-5, 1e-4, 'first call');
      expect(exec.profile_report()).toContain('FullyConnected+BatchNorm');
      const v2 = { ...v, bn_moving_var: rand(N, 50, 0.1, 4), fc_weight: rand(N * K, 51) };
      const w = array(Array.from(v2.fc_weight)).reshape([N, K]), mv = array(Array.from(v2.bn_moving_var));
      exec.copy_params_from({ fc_weight: w }, { bn_moving_var: mv });
      w.dispose();
      mv.dispose();
      expectClose(exec.forward()[0]!._dataSync(), ref(v2), 1e-5, 1e-4, 'after copy_params_from');
    } finally {
      exec.dispose();
    }
  });

  it('training forward keeps the unfused BatchNorm (batch statistics), and backward after a folded predict is unchanged', () => {
    const k: BnCase = { fixGamma: false, eps: 1e-3, act: 'relu' };
    const v = convValues(false, 61);
    const og = rand(3 * 6 * 6 * 3, 62);
    const got: Record<string, Float32Array>[] = [];
    for (const fused of [true, false]) {
      const exec = bindWith(fused, [convNet(k, false)], { data: [3, 4, 6, 5] }, v, 'write');
      try {
        const r: Record<string, Float32Array> = {};
        r.train = exec.forward(true)[0]!._dataSync().slice();
        expect(exec.profile_report()).not.toContain('+BatchNorm');
        // A predict forward (folded when fused), then backward: it needs the conv and BN intermediates.
        r.predict = exec.forward(false)[0]!._dataSync().slice();
        expect(exec.profile_report().includes('+BatchNorm')).toBe(fused);
        const g = array(Array.from(og)).reshape(exec.outputs[0]!.shape);
        exec.backward(g);
        g.dispose();
        for (const n of ['data', 'conv_weight', 'conv_bias', 'bn_gamma', 'bn_beta']) r[n] = exec.grad_dict[n]!._dataSync().slice();
        r.moving_mean = exec.aux_dict.bn_moving_mean!._dataSync().slice();
        got.push(r);
      } finally {
        exec.dispose();
      }
    }
    for (const n of Object.keys(got[1]!)) expectClose(got[0]![n]!, got[1]![n]!, 1e-5, 1e-4, n);
  });

  it('does not fold when the layer output is a head or BatchNorm outputs its mean / var', () => {
    const k: BnCase = { fixGamma: false, eps: 1e-3, act: null };
    const v = convValues(false, 71);
    const convOut = convRef(conv, v.data!, v.conv_weight!, v.conv_bias!);
    const c = op('Convolution', 'conv', [variable('data')], { kernel: [3, 3], stride: [1, 2], pad: [1, 1], num_filter: 6, num_group: 2 });
    const headExec = bindWith(true, [withBn(out(c), k), out(c)], { data: [3, 4, 6, 5] }, v);
    const bnMv = op('BatchNorm', 'bn', [out(c)], { fix_gamma: false, output_mean_var: true });
    const mvExec = bindWith(true, [out(bnMv), out(bnMv, 1)], { data: [3, 4, 6, 5] }, v);
    try {
      const [y, raw] = headExec.forward();
      expectClose(raw!._dataSync(), convOut, 1e-5, 1e-4, 'conv head');
      expectClose(y!._dataSync(), bnRef(convOut, v, 3, 6, 18, k), 1e-5, 1e-4, 'bn head');
      expectClose(mvExec.forward()[0]!._dataSync(), bnRef(convOut, v, 3, 6, 18, k), 1e-5, 1e-4, 'output_mean_var');
      for (const e of [headExec, mvExec]) expect(e.profile_report()).not.toContain('+BatchNorm');
    } finally {
      headExec.dispose();
      mvExec.dispose();
    }
  });
});
