// Executor profiling (exec.profile / MXJS_PROFILE, src/executor/profile.ts): one step's per-operator
// table counts every node call of the forward and backward pass, and forgets the previous step.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as mx from '../../src/index.js';
import { _setFusion } from '../../src/executor/fusion_match.js';

// The per-node table of the unfused graph; fused groups get rows of their own ('FullyConnected+Activation',
// checked in test/executor/fusion_*.test.ts).
beforeAll(async () => { await mx.ready(); _setFusion(false); });
afterAll(() => _setFusion(null));

function mlp() {
  const s = mx.symbol;
  const fc1 = s.FullyConnected(s.Variable('data'), { name: 'fc1', num_hidden: 8 });
  const a1 = s.Activation(fc1, { name: 'relu1', act_type: 'relu' });
  const fc2 = s.FullyConnected(a1, { name: 'fc2', num_hidden: 3 });
  return s.SoftmaxOutput(fc2, { name: 'softmax' });
}

/** Rows of the report as {op: [nodes, calls, forward ms, backward ms, total ms]}. */
function parse(report: string): Record<string, number[]> {
  const rows: Record<string, number[]> = {};
  for (const line of report.split('\n').slice(2)) {
    const [op, ...nums] = line.trim().split(/\s+/);
    rows[op!] = nums.map(Number);
  }
  return rows;
}

describe('Executor profiling', () => {
  it('reports nothing before a profiled step, then one line per operator with its node calls', () => {
    const exec = mlp().simple_bind(mx.cpu(), { grad_req: 'write', data: [4, 5] });
    try {
      expect(exec.profile_report()).toContain('no step recorded');
      exec.forward(true); // profile off: still nothing recorded
      expect(exec.profile_report()).toContain('no step recorded');
      exec.profile = true;
      exec.forward(true);
      exec.backward();
      const report = exec.profile_report();
      expect(report.split('\n')[0]).toContain('forward + backward');
      const rows = parse(report);
      expect(Object.keys(rows).sort()).toEqual(['Activation', 'FullyConnected', 'SoftmaxOutput']);
      // [nodes, calls]: each node once in forward and once in backward.
      expect(rows.FullyConnected!.slice(0, 2)).toEqual([2, 4]);
      expect(rows.Activation!.slice(0, 2)).toEqual([1, 2]);
      expect(rows.SoftmaxOutput!.slice(0, 2)).toEqual([1, 2]);
      for (const r of Object.values(rows)) {
        expect(r[2]).toBeGreaterThanOrEqual(0);
        expect(r[3]).toBeGreaterThanOrEqual(0);
        expect(Math.abs(r[2]! + r[3]! - r[4]!)).toBeLessThanOrEqual(0.0015); // printed to 3 decimals
      }
      // Sorted slowest first.
      const totals = Object.values(rows).map((r) => r[4]!);
      expect(totals).toEqual([...totals].sort((a, b) => b - a));
    } finally {
      exec.dispose();
    }
  });

  it('a new forward starts a new step; reshape keeps the setting', () => {
    const exec = mlp().simple_bind(mx.cpu(), { grad_req: 'write', data: [4, 5] });
    try {
      exec.profile = true;
      exec.forward(true);
      exec.backward();
      exec.forward(false);
      const report = exec.profile_report();
      expect(report.split('\n')[0]).toContain('forward only');
      expect(parse(report).FullyConnected!.slice(0, 2)).toEqual([2, 2]);
      const re = exec.reshape({ data: [2, 5], softmax_label: [2] });
      expect(re.profile).toBe(true);
      re.dispose();
    } finally {
      exec.dispose();
    }
  });
});
