// Crash-safe checkpoints: a child process saves a 16 MB checkpoint to one prefix in a loop and is
// SIGKILLed at random moments; every time, the checkpoint on disk must load and hold exactly the values
// of a generation the child completed (or the one it was finishing), never a torn or missing file.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as mx from '../../src/index.js';
import { setLogger, silentLogger } from '../../src/logging.js';
import { Rng } from './mutate.js';
import { ELEMS } from './save_loop_child.js';

const CHILD = fileURLToPath(new URL('./save_loop_child.ts', import.meta.url));
const KILLS = 20;
/** Stop early (with at least MIN_KILLS done) if the shared machine is slow. */
const BUDGET_MS = 75_000;
const MIN_KILLS = 8;

let dir: string;
beforeAll(async () => {
  await mx.ready();
  setLogger(silentLogger);
  dir = mkdtempSync(join(tmpdir(), 'mxjs-kill-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Start the saver; resolves with the child and a getter for the last generation it reported saved. */
function startSaver(prefix: string, first: number): { child: ChildProcess; lastSaved: () => number; firstSave: Promise<void> } {
  const child = fork(CHILD, [prefix, String(first)], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let last = first - 1;
  const firstSave = new Promise<void>((resolve, reject) => {
    child.on('message', (m: { saved: number }) => {
      last = m.saved;
      resolve();
    });
    child.on('exit', (code, signal) => {
      if (signal !== 'SIGKILL') reject(new Error(`saver exited on its own (code ${code}, signal ${signal})`));
    });
  });
  return { child, lastSaved: () => last, firstSave };
}

/** The generation a checkpoint holds, after checking every element against the generation's pattern. */
async function checkpointGeneration(prefix: string): Promise<number> {
  const [sym, arg, aux] = await mx.model.load_checkpoint(prefix, 1);
  expect(sym.list_arguments()).toEqual(['data', 'fc_weight', 'fc_bias']);
  expect(Object.keys(aux)).toEqual([]);
  expect(arg.fc_weight!.shape).toEqual([1024, 2048]);
  expect(arg.fc_bias!.shape).toEqual([ELEMS]);
  const w = await arg.fc_weight!.asnumpy();
  const b = await arg.fc_bias!.asnumpy();
  for (const a of Object.values(arg)) a.dispose();
  const g = Math.floor(w[0]! / 1000);
  let bad = -1;
  for (let k = 0; k < ELEMS && bad < 0; k++) {
    const want = g * 1000 + (k % 1000);
    if (w[k] !== want || b[k] !== want) bad = k;
  }
  expect(bad, `element ${bad} does not belong to generation ${g}`).toBe(-1);
  return g;
}

describe('SIGKILL during save_checkpoint', () => {
  it(`leaves the previous checkpoint intact (${KILLS} random kills)`, async () => {
    const prefix = join(dir, 'big');
    const rng = new Rng(20261125);
    const start = Date.now();
    let next = 1;
    let kills = 0;
    for (; kills < KILLS && (kills < MIN_KILLS || Date.now() - start < BUDGET_MS); kills++) {
      const saver = startSaver(prefix, next);
      await saver.firstSave;
      // Kill somewhere in the next few saves: inside a write, an fsync, a rename or between saves.
      await new Promise((r) => setTimeout(r, rng.int(400)));
      const acked = saver.lastSaved();
      const exited = new Promise((r) => saver.child.once('exit', r));
      saver.child.kill('SIGKILL');
      await exited;
      const g = await checkpointGeneration(prefix);
      // The save in flight may or may not have reached its rename; nothing older than the last ack.
      expect(g).toBeGreaterThanOrEqual(acked);
      expect(g).toBeLessThanOrEqual(saver.lastSaved() + 1);
      next = Math.max(g, saver.lastSaved()) + 1;
    }
    expect(kills).toBeGreaterThanOrEqual(MIN_KILLS);
    // Besides the checkpoint only abandoned temp files of killed writes may remain.
    for (const f of readdirSync(dir)) {
      expect(f).toMatch(/^big-(symbol\.json|0001\.params)(\.tmp-\d+-[a-z0-9]+)?$/);
    }
  }, 150_000);
});
