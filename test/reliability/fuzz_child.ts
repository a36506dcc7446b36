// Fuzz runner, started as a child process by fuzz.test.ts (so a hang or a crash is caught by the
// parent's watchdog): case i mutates one fixture with seed BASE_SEED + i and feeds it to every
// loader. A loader may accept the input or throw an MXNetError naming the source; anything else is
// reported with the case number. Reproduce one case: `npx tsx test/reliability/fuzz_child.ts <i>`.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as mx from '../../src/index.js';
import { decodeParams } from '../../src/format/params.js';
import { parseSymbolJSON } from '../../src/format/symbol_json.js';
import { setLogger, silentLogger } from '../../src/logging.js';
import { mutateBytes, mutateSymbolJSON, Rng } from './mutate.js';

export const BASE_SEED = 0x5eed0000;
const FIX = '../shared/fixtures/mxnet';

interface SymbolSeed { name: string; text: string; shapes: Record<string, number[]>; bind: boolean }
interface ParamsSeed { name: string; bytes: Uint8Array }

function mlpJSON(): string {
  const data = mx.sym.Variable('data');
  const fc1 = mx.sym.FullyConnected(data, { name: 'fc1', num_hidden: 6 });
  const act = mx.sym.Activation(fc1, { name: 'relu1', act_type: 'relu' });
  const drop = mx.sym.Dropout(act, { name: 'drop', p: 0.25 });
  const fc2 = mx.sym.FullyConnected(drop, { name: 'fc2', num_hidden: 3 });
  const both = mx.sym.Concat(fc2, fc2.add(1), { name: 'cat', dim: 1 });
  const fc3 = mx.sym.FullyConnected(mx.sym.Flatten(both, { name: 'flat' }), { name: 'fc3', num_hidden: 3 });
  return mx.sym.SoftmaxOutput(fc3, { name: 'softmax' }).tojson();
}

async function mlpParams(): Promise<Uint8Array> {
  const arrays: Record<string, mx.NDArray> = {
    'arg:fc1_weight': mx.nd.ones([6, 4]), 'arg:fc1_bias': mx.nd.zeros([6]),
    'arg:fc2_weight': mx.nd.ones([3, 6]), 'arg:fc2_bias': mx.nd.zeros([3]),
    'arg:fc3_weight': mx.nd.ones([3, 6]), 'arg:fc3_bias': mx.nd.zeros([3]),
  };
  const dir = mkdtempSync(join(tmpdir(), 'mxjs-fuzz-seed-'));
  await mx.nd.save(join(dir, 'p.params'), arrays);
  for (const a of Object.values(arrays)) a.dispose();
  const bytes = readFileSync(join(dir, 'p.params'));
  rmSync(dir, { recursive: true, force: true });
  return new Uint8Array(bytes);
}

function fixture(path: string): Uint8Array {
  return new Uint8Array(readFileSync(join(FIX, path)));
}

export async function loadSeeds(): Promise<{ symbols: SymbolSeed[]; params: ParamsSeed[] }> {
  const text = (p: string) => readFileSync(join(FIX, p), 'utf8');
  const symbols: SymbolSeed[] = [
    { name: 'mlp (mxjs)', text: mlpJSON(), shapes: { data: [2, 4] }, bind: true },
    { name: 'go_test (nnvm attr, 0.9.4)', text: text('go_test_attr/go_test-symbol.json'), shapes: { data: [1, 10] }, bind: true },
    { name: 'mnist lenet (legacy 2015)', text: text('mnist_lenet_2015/mnist-lenet-0-symbol.json'), shapes: { data: [1, 1, 28, 28] }, bind: false },
    { name: 'mtcnn det1 (legacy)', text: text('mtcnn_det1/det1-symbol.json'), shapes: { data: [1, 3, 12, 12] }, bind: false },
    { name: 'insightface (attrs 1.3)', text: text('insightface_genderage/model-symbol.json'), shapes: { data: [1, 3, 112, 112] }, bind: false },
  ];
  const params: ParamsSeed[] = [
    { name: 'mlp V2 (mxjs)', bytes: await mlpParams() },
    { name: 'go_test V0', bytes: fixture('go_test_attr/go_test-0001.params') },
    { name: 'det1 V0', bytes: fixture('mtcnn_det1/det1-0001.params') },
    { name: 'insightface V2', bytes: fixture('insightface_genderage/model-0000.params') },
  ];
  return { symbols, params };
}

/** Outcome of one case: accepted, rejected with an MXNetError, or a failure description. */
export type Outcome = 'ok' | 'rejected' | { failure: string };

function judge(e: unknown, source: string | null): Outcome {
  if (!(e instanceof mx.MXNetError)) {
    const what = e instanceof Error ? `${e.constructor.name}: ${e.message}\n${e.stack ?? ''}` : String(e);
    return { failure: `non-MXNetError thrown: ${what.slice(0, 2000)}` };
  }
  if (source !== null && !e.message.includes(source)) return { failure: `MXNetError does not name the source '${source}': ${e.message}` };
  return 'rejected';
}

function disposeLoaded(v: mx.NDArray[] | Record<string, mx.NDArray>): void {
  for (const a of Array.isArray(v) ? v : Object.values(v)) a.dispose();
}

const EXEC_LIMIT = 1 << 20;

async function runParamsCase(bytes: Uint8Array, dir: string, withCheckpoint: boolean): Promise<Outcome> {
  let outcome: Outcome = 'ok';
  try {
    decodeParams(bytes, 'fuzz.params');
  } catch (e) {
    outcome = judge(e, 'fuzz.params');
    if (outcome !== 'rejected') return outcome;
  }
  try {
    disposeLoaded(mx.nd.load_frombuffer(bytes));
  } catch (e) {
    const o = judge(e, '<buffer>');
    if (o !== 'rejected') return o;
    outcome = 'rejected';
  }
  if (withCheckpoint) {
    writeFileSync(join(dir, 'ck-0001.params'), bytes);
    try {
      const [sym, arg, aux] = await mx.model.load_checkpoint(join(dir, 'ck'), 1);
      sym.list_arguments();
      disposeLoaded(arg);
      disposeLoaded(aux);
    } catch (e) {
      const o = judge(e, join(dir, 'ck-0001.params'));
      if (o !== 'rejected') return o;
    }
  }
  return outcome;
}

async function runSymbolCase(text: string, seed: SymbolSeed, dir: string, withCheckpoint: boolean): Promise<Outcome> {
  try {
    parseSymbolJSON(text, 'fuzz-symbol.json');
  } catch (e) {
    const o = judge(e, 'fuzz-symbol.json');
    if (o !== 'rejected') return o;
  }
  let sym: ReturnType<typeof mx.sym.load_json>;
  try {
    sym = mx.sym.load_json(text);
  } catch (e) {
    return judge(e, 'symbol JSON');
  }
  try {
    sym.list_arguments();
    sym.list_outputs();
    sym.list_auxiliary_states();
    const inputs = sym.list_inputs();
    const shapes = Object.fromEntries(Object.entries(seed.shapes).filter(([k]) => inputs.includes(k)));
    sym.infer_shape_partial(shapes);
    const [args, outs, aux] = sym.infer_shape(shapes);
    mx.sym.load_json(sym.tojson());
    if (seed.bind && args && outs && aux) {
      // Bind only graphs of a sane size; absurd shapes must already have failed in infer_shape or alloc.
      const total = [...args, ...outs, ...aux].reduce((s, sh) => s + sh.reduce((p, d) => p * d, 1), 0);
      if (total < EXEC_LIMIT) {
        const exec = sym.simple_bind(mx.cpu(), { grad_req: 'null', ...shapes });
        try {
          exec.forward(false);
        } finally {
          exec.dispose();
        }
      }
    }
  } catch (e) {
    const o = judge(e, null);
    if (o !== 'rejected') return o;
  }
  if (withCheckpoint) {
    writeFileSync(join(dir, 'sk-symbol.json'), text);
    try {
      const [s, arg, aux] = await mx.model.load_checkpoint(join(dir, 'sk'), 1);
      s.list_arguments();
      disposeLoaded(arg);
      disposeLoaded(aux);
    } catch (e) {
      const o = judge(e, join(dir, 'sk-symbol.json'));
      if (o !== 'rejected') return o;
    }
  }
  return 'ok';
}

export interface CaseSpec { index: number; kind: 'params' | 'symbol'; seedName: string; desc: string }

/** Run case `index`: even cases mutate a params seed, odd cases a symbol seed. */
export async function runCase(index: number, seeds: Awaited<ReturnType<typeof loadSeeds>>, dir: string,
  report: (spec: CaseSpec) => void): Promise<Outcome> {
  const rng = new Rng(BASE_SEED + index);
  const withCheckpoint = index % 40 < 2;
  if (index % 2 === 0) {
    const seed = rng.pick(seeds.params);
    const m = mutateBytes(seed.bytes, rng);
    report({ index, kind: 'params', seedName: seed.name, desc: m.desc });
    return runParamsCase(m.value, dir, withCheckpoint);
  }
  const seed = rng.pick(seeds.symbols);
  const m = mutateSymbolJSON(seed.text, rng);
  report({ index, kind: 'symbol', seedName: seed.name, desc: m.desc });
  return runSymbolCase(m.value, seed, dir, withCheckpoint);
}

async function main(): Promise<void> {
  setLogger(silentLogger);
  const seeds = await loadSeeds();
  const dir = mkdtempSync(join(tmpdir(), 'mxjs-fuzz-'));
  // A valid partner for every load_checkpoint case: the mlp symbol and its params.
  writeFileSync(join(dir, 'ck-symbol.json'), seeds.symbols[0]!.text);
  writeFileSync(join(dir, 'sk-0001.params'), seeds.params[0]!.bytes);
  const send = (m: unknown) => (process.send ? process.send(m) : console.log(JSON.stringify(m)));
  const args = process.argv.slice(2).map(Number);
  const [from, to] = args.length === 1 ? [args[0]!, args[0]! + 1] : [args[0] ?? 0, args[1] ?? 100];
  const deadline = Date.now() + Number(process.env.MXJS_FUZZ_BUDGET_MS ?? 1e9);
  const counts = { ok: 0, rejected: 0, failed: 0, run: 0 };
  try {
    for (let i = from; i < to && Date.now() < deadline; i++) {
      const outcome = await runCase(i, seeds, dir, (spec) => send({ type: 'case', spec }));
      counts.run++;
      if (outcome === 'ok') counts.ok++;
      else if (outcome === 'rejected') counts.rejected++;
      else {
        counts.failed++;
        send({ type: 'failure', index: i, failure: outcome.failure });
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  send({ type: 'done', counts, live: mx.nd.zeros([1]).backend.stats() });
  if (process.send) process.disconnect();
}

if (process.argv[1]?.endsWith('fuzz_child.ts')) await main();
