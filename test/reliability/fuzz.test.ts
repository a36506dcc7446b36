// Hostile inputs: thousands of seeded mutations of real MXNet fixtures fed to every loader in a child
// process under a watchdog (a hang or crash fails with the case number), plus targeted hostile files
// (absurd attributes and counts, dangling inputs, cycles, deep nesting) that must fail with an
// MXNetError naming the source before anything is allocated.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import * as mx from '../../src/index.js';
import { decodeParams } from '../../src/format/params.js';
import { Bytes, V2 } from '../format/params_bytes.js';
import type { CaseSpec } from './fuzz_child.js';

beforeAll(async () => {
  await mx.ready();
});

const CHILD = fileURLToPath(new URL('./fuzz_child.ts', import.meta.url));
const CASES = 6000;
const BUDGET_MS = 30_000;
/** No progress for this long means a case hangs (generous: CI machines are shared and loaded). */
const WATCHDOG_MS = 20_000;
/** The child compiles the sources and loads the wasm before its first case. */
const STARTUP_MS = 60_000;
const MIN_CASES = 1000;

interface Report {
  counts: { ok: number; rejected: number; failed: number; run: number };
  live: { buffers: number; bytes: number };
  failures: string[];
}

function repro(spec: CaseSpec | null): string {
  if (!spec) return 'before the first case';
  return `case ${spec.index} (${spec.kind}, seed ${spec.seedName}: ${spec.desc}); reproduce with ` +
    `'npx tsx test/reliability/fuzz_child.ts ${spec.index}'`;
}

function runFuzz(): Promise<Report> {
  return new Promise((resolve, reject) => {
    const child = fork(CHILD, ['0', String(CASES)], {
      execArgv: ['--import', 'tsx'],
      env: { ...process.env, MXJS_FUZZ_BUDGET_MS: String(BUDGET_MS) },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let last: CaseSpec | null = null;
    const failures: string[] = [];
    let done: Omit<Report, 'failures'> | null = null;
    let timer: NodeJS.Timeout;
    const arm = (ms = WATCHDOG_MS) => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`fuzz watchdog: no progress for ${ms} ms in ${repro(last)}`));
      }, ms);
    };
    arm(STARTUP_MS);
    child.on('message', (m: { type: string; spec?: CaseSpec; index?: number; failure?: string } & Partial<Report>) => {
      arm();
      if (m.type === 'case') last = m.spec!;
      else if (m.type === 'failure') failures.push(`${repro(last)}:\n  ${m.failure}`);
      else if (m.type === 'done') done = { counts: m.counts!, live: m.live! };
    });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (done && code === 0) resolve({ ...done, failures });
      else reject(new Error(`fuzz child died (exit ${code}, signal ${signal}) in ${repro(last)}`));
    });
  });
}

describe('fuzzing the loaders', () => {
  it('every mutated params / symbol file loads or throws an MXNetError naming its source', async () => {
    const r = await runFuzz();
    expect(r.failures, r.failures.slice(0, 5).join('\n')).toEqual([]);
    expect(r.counts.run).toBeGreaterThanOrEqual(MIN_CASES);
    // Both outcomes occur, so the mutations neither break everything nor nothing.
    expect(r.counts.ok).toBeGreaterThan(r.counts.run / 20);
    expect(r.counts.rejected).toBeGreaterThan(r.counts.run / 20);
    // The child's only live buffer is the one it allocated to ask: failed loads release everything.
    expect(r.live.buffers).toBe(1);
  }, 150_000);
});

function expectMXNetError(fn: () => unknown, ...parts: (string | RegExp)[]): void {
  let err: unknown;
  try {
    fn();
  } catch (e) {
    err = e;
  }
  expect(err).toBeInstanceOf(mx.MXNetError);
  for (const p of parts) expect((err as Error).message).toMatch(p);
}

function graph(nodes: object[], heads: number[][], arg_nodes = [0]): string {
  return JSON.stringify({ nodes, arg_nodes, heads, attrs: { mxnet_version: ['int', 10901] } });
}
const data = { op: 'null', name: 'data', inputs: [] };
const weight = { op: 'null', name: 'fc_weight', inputs: [] };
const fc = (attrs: Record<string, string>, inputs = [[0, 0, 0], [1, 0, 0]]) =>
  ({ op: 'FullyConnected', name: 'fc', attrs: { no_bias: 'True', ...attrs }, inputs });

describe('targeted hostile files', () => {
  it('absurd integer attributes are rejected when the symbol is parsed', () => {
    for (const v of ['1e30', '99999999999', '2147483648', '1.5', 'nan']) {
      expectMXNetError(() => mx.sym.load_json(graph([data, weight, fc({ num_hidden: v })], [[2, 0, 0]], [0, 1])),
        'symbol JSON', "FullyConnected node 'fc'", 'num_hidden', `'${v}'`);
    }
  });

  it('absurd shapes fail with an MXNetError naming the array, and leave nothing allocated', () => {
    const before = mx.nd.zeros([1]).backend.stats();
    const sym = mx.sym.load_json(graph([data, weight, fc({ num_hidden: '2147483647' })], [[2, 0, 0]], [0, 1]));
    expectMXNetError(() => sym.simple_bind(mx.cpu(), { data: [4, 9] }), "'fc_weight'", '(2147483647, 9)');
    const reshape = { op: 'Reshape', name: 'r', attrs: { shape: '(99999999, 9)' }, inputs: [[0, 0, 0]] };
    const r = mx.sym.load_json(graph([data, reshape], [[1, 0, 0]]));
    expectMXNetError(() => r.infer_shape({ data: [4, 9] }), 'Reshape r', 'different size', '(99999999, 9)');
    expect(mx.nd.zeros([1]).backend.stats().buffers).toBe(before.buffers + 1);
  });

  it('cycles, dangling inputs and unknown ops name the node', () => {
    const self = { op: 'Activation', name: 'loop', attrs: { act_type: 'relu' }, inputs: [[1, 0, 0]] };
    expectMXNetError(() => mx.sym.load_json(graph([data, self], [[1, 0, 0]])), 'symbol JSON', "'loop'", 'does not come before it');
    const forward = { op: 'Activation', name: 'fwd', attrs: { act_type: 'relu' }, inputs: [[2, 0, 0]] };
    const back = { op: 'Activation', name: 'back', attrs: { act_type: 'relu' }, inputs: [[1, 0, 0]] };
    expectMXNetError(() => mx.sym.load_json(graph([data, forward, back], [[2, 0, 0]])), "'fwd'", 'does not come before it');
    const dangling = { op: 'Activation', name: 'd', attrs: { act_type: 'relu' }, inputs: [[7, 0, 0]] };
    expectMXNetError(() => mx.sym.load_json(graph([data, dangling], [[1, 0, 0]])), 'refers to node 7', 'only 2 nodes');
    expectMXNetError(() => mx.sym.load_json(graph([data, { ...dangling, inputs: [[0, 0, 0]], op: 'NoSuchOp' }], [[1, 0, 0]])), 'NoSuchOp');
    expectMXNetError(() => mx.sym.load_json(graph([data, { ...dangling, inputs: [[0, 3, 0]] }], [[1, 0, 0]])), "'d'", 'output 3');
  });

  it('deep nesting and absurd counts fail cleanly', () => {
    expectMXNetError(() => mx.sym.load_json('['.repeat(300000)), 'symbol JSON', 'nesting');
    // 2^60 arrays claimed in 24 bytes, and one array claiming 2^40 float32 elements.
    const many = new Bytes().u64(0x112).u64(0).u64(2n ** 60n).build();
    expectMXNetError(() => decodeParams(many, 'many.params'), 'many.params', 'array count');
    const huge = new Bytes().u64(0x112).u64(0).u64(1).u32(V2).i32(0).i32(2).i64(2n ** 20n).i64(2n ** 20n)
      .i32(1).i32(0).i32(0).raw(new Uint8Array(64)).u64(0).build();
    expectMXNetError(() => mx.nd.load_frombuffer(huge), '<buffer>', 'truncated', '(1048576, 1048576)');
  });
});
