// Every optimizer of §7.3–7.8 through the Optimizer API (created by registry name, as FeedForward
// does) against the float64 models of test/optimizer/reference.ts: 4 steps on a [3,4,5] weight and a
// [5] bias over grids of wd × clip_gradient (None, 0, 0.4 — each optimizer's own clip rule) ×
// rescale_grad × (no scheduler | FactorScheduler(step 2, factor 0.5)), plus momentum for NAG and the
// centered / clip_weights variants of RMSProp. Multipliers come from symbol attributes: fc_weight has
// __lr_mult__ 0.5, fc_bias __wd_mult__ 2 (overriding the bias no-decay rule). Weights and every state
// are compared with |err| <= 2e-6 + 3e-5·|want| (float32 updates vs float64 formulas).
import { beforeAll, describe, expect, it } from 'vitest';
import { initWasmBackend } from '../../src/backends/wasm/init.js';
import { setLogger, silentLogger } from '../../src/logging.js';
import { FactorScheduler } from '../../src/lr_scheduler/index.js';
import { array } from '../../src/ndarray/create.js';
import { NDArray } from '../../src/ndarray/ndarray.js';
import * as opt from '../../src/optimizer/index.js';
import * as random from '../../src/random.js';
import { maxViolation, randomArray } from '../kernels/reference.js';
import {
  adadeltaStep, adagradStep, adamStep, nagStep, notNone, rmspropStep, sgldDriftStep, truthy, type Base, type Vec,
} from './reference.js';

beforeAll(async () => {
  await initWasmBackend();
  setLogger(silentLogger); // schedulers log each change
});

const LR = 0.05;
const STEPS = 4;
const shapes = [[3, 4, 5], [5]];
const sym = {
  attr_dict: () => ({ fc_weight: { __lr_mult__: '0.5' }, fc_bias: { __wd_mult__: '2' } }),
  list_arguments: () => ['data', 'fc_weight', 'fc_bias'],
};
const param_idx2name = { 0: 'fc_weight', 1: 'fc_bias' };
const lrMult = [0.5, 1], wdMult = [1, 2];

interface Point { wd: number; clip: number | null; rescale: number; sched: boolean }
/** One float64 step of an optimizer: states in create_state order; t is the index's update count. */
type RefStep = (w: Vec, g: Vec, states: Vec[], h: Base, t: number) => void;
interface Spec { label: string; name: string; kwargs: Record<string, unknown>; nstates: number; ref: RefStep; noise?: boolean }

function grid(): Point[] {
  const out: Point[] = [];
  for (const wd of [0, 0.05]) {
    for (const clip of [null, 0, 0.4]) {
      for (const rescale of [1, 0.25]) for (const sched of [false, true]) out.push({ wd, clip, rescale, sched });
    }
  }
  return out;
}

const specs: Spec[] = [
  ...[0, 0.9].map((momentum): Spec => ({
    label: `nag momentum ${momentum}`, name: 'nag', kwargs: { momentum }, nstates: momentum ? 1 : 0,
    ref: (w, g, st, h) => nagStep(w, g, st[0] ?? null, { ...h, clip: truthy(h.clip), momentum }),
  })),
  {
    label: 'sgld', name: 'sgld', kwargs: {}, nstates: 0, noise: true,
    ref: (w, g, _st, h) => sgldDriftStep(w, g, { ...h, clip: notNone(h.clip) }),
  },
  {
    label: 'adam', name: 'adam', kwargs: { beta1: 0.8, beta2: 0.99, epsilon: 1e-6 }, nstates: 2,
    ref: (w, g, [m, v], h, t) => adamStep(w, g, m!, v!, { ...h, clip: truthy(h.clip), beta1: 0.8, beta2: 0.99, epsilon: 1e-6, t }),
  },
  {
    label: 'adagrad', name: 'adagrad', kwargs: { eps: 1e-6 }, nstates: 1,
    ref: (w, g, [hist], h) => adagradStep(w, g, hist!, { ...h, clip: notNone(h.clip), eps: 1e-6 }),
  },
  ...[[false, null], [true, null], [true, 0.3], [false, 0.3]].map(([centered, cw]): Spec => ({
    label: `rmsprop centered ${centered} clip_weights ${cw}`, name: 'rmsprop',
    kwargs: { centered, clip_weights: cw, gamma1: 0.85, gamma2: 0.7 }, nstates: centered ? 3 : 1,
    ref: (w, g, [n, gbar, delta], h) => rmspropStep(w, g, n!, centered ? { gbar: gbar!, delta: delta! } : null,
      { ...h, clip: truthy(h.clip), gamma1: 0.85, gamma2: 0.7, epsilon: 1e-8, clipWeights: truthy(cw as number | null) }),
  })),
  {
    label: 'adadelta', name: 'adadelta', kwargs: { rho: 0.8 }, nstates: 2,
    ref: (w, g, [ag, ad], h) => adadeltaStep(w, g, ag!, ad!, { ...h, clip: notNone(h.clip), rho: 0.8, epsilon: 1e-5 }),
  },
];

/** The states of create_state as a flat list of arrays. */
function stateList(s: opt.OptState): NDArray[] {
  if (s instanceof NDArray) return [s];
  return Array.isArray(s) ? (s as opt.OptState[]).flatMap(stateList) : [];
}

function run(spec: Spec, p: Point): void {
  const o = opt.create(spec.name, {
    ...spec.kwargs, learning_rate: LR, wd: p.wd, clip_gradient: p.clip, rescale_grad: p.rescale, sym, param_idx2name,
    lr_scheduler: p.sched ? new FactorScheduler(2, 0.5) : null,
  });
  const init = shapes.map((sh, i) => randomArray(sh.reduce((a, b) => a * b, 1), 1 + i, -1.5, 1.5));
  const ws = shapes.map((sh, i) => array(init[i]!, { shape: sh }));
  const states = ws.map((w, i) => o.create_state(i, w));
  states.forEach((s) => expect(stateList(s)).toHaveLength(spec.nstates));
  const gradsAt = (step: number, i: number) => Array.from(randomArray(init[i]!.length, 100 + 10 * step + i, -2, 2));
  random.seed(42);
  for (let step = 1; step <= STEPS; step++) {
    ws.forEach((w, i) => {
      const g = array(gradsAt(step, i), { shape: shapes[i] });
      o.update(i, w, g, states[i]!);
      g.dispose();
    });
  }
  // Replay in float64; SGLD's noise is the same stream position drawn by mx.random.normal.
  random.seed(42);
  const rw = init.map((a) => Float64Array.from(a));
  const rs = init.map((a) => Array.from({ length: spec.nstates }, () => new Float64Array(a.length)));
  for (let step = 1; step <= STEPS; step++) {
    const lr = LR * (p.sched ? 0.5 ** Math.floor((step - 1) / 2) : 1);
    rw.forEach((w, i) => {
      const h: Base = { lr: lr * lrMult[i]!, wd: p.wd * wdMult[i]!, rescale: p.rescale, clip: p.clip };
      spec.ref(w, gradsAt(step, i), rs[i]!, h, step);
      if (spec.noise) {
        const noise = random.normal(0, Math.sqrt(h.lr), { shape: shapes[i] });
        noise._dataSync().forEach((z, k) => { w[k] = w[k]! + z; });
        noise.dispose();
      }
    });
  }
  ws.forEach((w, i) => {
    expect(maxViolation(w._dataSync(), rw[i]!, 2e-6, 3e-5), `weight ${i}`).toBeLessThanOrEqual(1);
    stateList(states[i]!).forEach((s, k) => {
      expect(maxViolation(s._dataSync(), rs[i]![k]!, 2e-6, 3e-5), `state ${k} of weight ${i}`).toBeLessThanOrEqual(1);
    });
  });
  expect(o.num_update).toBe(STEPS);
  [...ws, ...states.flatMap(stateList)].forEach((a) => a.dispose());
}

for (const spec of specs) {
  describe(spec.label, () => {
    for (const p of grid()) {
      it(`wd ${p.wd}, clip ${p.clip}, rescale ${p.rescale}, ${p.sched ? 'FactorScheduler' : 'fixed lr'}`, () => run(spec, p));
    }
  });
}
