// FactorScheduler / MultiFactorScheduler against api-semantics §8 and test_optimizer.py's scheduler tests
// (warmup, the strict '>' decay boundary, the stop factor) and their INFO log lines (%0.5e).
import { describe, expect, it } from 'vitest';
import { CaptureLogger, setLogger } from '../../src/logging.js';
import { CosineScheduler, FactorScheduler, LRScheduler, MultiFactorScheduler, PolyScheduler } from '../../src/lr_scheduler/index.js';

function captured(fn: () => void): string[] {
  const cap = new CaptureLogger();
  const prev = setLogger(cap);
  try {
    fn();
  } finally {
    setLogger(prev);
  }
  return cap.messages();
}

describe('FactorScheduler', () => {
  it('test_factor_scheduler values (constant warmup from 0.1 over 20 steps)', () => {
    const s = new FactorScheduler({ base_lr: 1, step: 100, factor: 0.1, stop_factor_lr: 1e-4, warmup_steps: 20, warmup_begin_lr: 0.1, warmup_mode: 'constant' });
    const got: number[] = [];
    const log = captured(() => {
      for (const n of [0, 10, 21, 101, 201, 1000]) got.push(s.__call__(n));
    });
    const want = [0.1, 0.1, 1, 0.1, 0.01, 1e-4];
    got.forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 12));
    // At n=1000 the loop catches up from count 200 to 900: 1e-3, 1e-4 (0.1^4 rounds just above the
    // floor), then five more steps that each hit the floor and say so.
    expect(log).toEqual([
      'Update[101]: Change learning rate to 1.00000e-01',
      'Update[201]: Change learning rate to 1.00000e-02',
      'Update[1000]: Change learning rate to 1.00000e-03',
      'Update[1000]: Change learning rate to 1.00000e-04',
      ...Array.from({ length: 5 }, () => 'Update[1000]: now learning rate arrived at 1.00000e-04, will not change in the future'),
    ]);
  });

  it('the first decay is at step + 1: lr = base·factor^floor((n-1)/step)', () => {
    const s = new FactorScheduler(3, 0.5, { base_lr: 8 });
    captured(() => {
      for (let n = 1; n <= 10; n++) expect(s.__call__(n)).toBe(8 * 0.5 ** Math.floor((n - 1) / 3));
    });
  });

  it('validates its arguments', () => {
    expect(() => new FactorScheduler(0)).toThrow('Schedule step must be greater or equal than 1 round');
    expect(() => new FactorScheduler(2, 1.5)).toThrow('Factor must be no more than 1 to make lr reduce');
    expect(() => new FactorScheduler(2, { warmup_begin_lr: 1 })).toThrow('Base lr has to be higher than warmup_begin_lr');
    expect(() => new FactorScheduler(2, { warmup_mode: 'cosine' })).toThrow('Supports only linear and constant modes of warmup');
    expect(() => new FactorScheduler(2, { warmup_steps: 1.5 })).toThrow(/warmup_steps must be an integer/);
    expect(() => new FactorScheduler(2, { steps: 1 })).toThrow(/unexpected keyword argument 'steps'/);
  });
});

describe('MultiFactorScheduler', () => {
  it('test_multifactor_scheduler values (linear warmup from 0.05 over 10 steps)', () => {
    const s = new MultiFactorScheduler({ step: [15, 25], factor: 0.1, base_lr: 0.1, warmup_steps: 10, warmup_begin_lr: 0.05, warmup_mode: 'linear' });
    const want: [number, number][] = [[0, 0.05], [5, 0.075], [15, 0.1], [16, 0.01], [20, 0.01], [26, 0.001], [100, 0.001]];
    const log = captured(() => {
      for (const [n, lr] of want) expect(s.__call__(n)).toBeCloseTo(lr, 12);
    });
    expect(log).toEqual(['Update[16]: Change learning rate to 1.00000e-02', 'Update[26]: Change learning rate to 1.00000e-03']);
  });

  it('needs strictly increasing steps >= 1', () => {
    expect(() => new MultiFactorScheduler([5, 5])).toThrow('Schedule step must be an increasing integer list');
    expect(() => new MultiFactorScheduler([0, 5])).toThrow('Schedule step must be greater or equal than 1 round');
    expect(() => new MultiFactorScheduler([])).toThrow(/non-empty list/);
  });
});

describe('LRScheduler base', () => {
  it('must be subclassed; warmup is linear in num_update', () => {
    const s = new LRScheduler(0.4, 4, 0);
    expect(() => s.__call__(1)).toThrow(/must be overridden/);
    expect([0, 1, 2, 3].map((n) => s.get_warmup_lr(n))).toEqual([0, 0.1, 0.2, 0.30000000000000004]);
  });
});

describe('PolyScheduler and CosineScheduler', () => {
  it('test_poly_scheduler: linear warmup then (1 - t)^2 decay to final_lr', () => {
    const s = new PolyScheduler(1000, { base_lr: 3, pwr: 2, final_lr: 0, warmup_steps: 100, warmup_begin_lr: 0, warmup_mode: 'linear' });
    expect(s.__call__(0)).toBe(0);
    expect(s.__call__(50)).toBe(1.5);
    expect(s.__call__(100)).toBe(3);
    expect(s.__call__(101)).toBeLessThan(3);
    expect(s.__call__(500)).toBeCloseTo(3 * (1 - 400 / 900) ** 2, 12);
    expect(s.__call__(500)).toBeLessThan(1.6);
    expect(s.__call__(1000)).toBe(0);
    expect(s.__call__(5000)).toBe(0); // constant after max_update
  });

  it('test_cosine_scheduler: half a cosine from base_lr to final_lr, no warmup', () => {
    const s = new CosineScheduler(1000, { base_lr: 3, final_lr: 0.1 });
    expect(s.__call__(0)).toBe(3);
    expect(s.__call__(250)).toBeCloseTo(0.1 + 2.9 * (1 + Math.cos(Math.PI / 4)) / 2, 12);
    expect(s.__call__(500)).toBeGreaterThan(1.5);
    expect(s.__call__(1000)).toBeCloseTo(0.1, 15);
  });

  it('max_update must be a positive integer', () => {
    expect(() => new PolyScheduler(0)).toThrow('maximum number of updates must be strictly positive');
    expect(() => new CosineScheduler(2.5)).toThrow(/max_update must be an integer/);
  });
});
