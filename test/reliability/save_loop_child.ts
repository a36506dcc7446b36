// Child process of kill_during_save.test.ts: saves a large checkpoint to the same prefix and epoch
// over and over (generation g fills every weight element k with g·1000 + k mod 1000) and reports each
// completed save to the parent, which SIGKILLs it at a random moment.
// Usage: npx tsx test/reliability/save_loop_child.ts <prefix> <first generation>

import * as mx from '../../src/index.js';
import { setLogger, silentLogger } from '../../src/logging.js';

/** Elements per weight array: two of them make a 16 MB checkpoint, so kills land mid-write. */
export const ELEMS = 2 * 1024 * 1024;

export function generationValues(g: number): Float32Array {
  const v = new Float32Array(ELEMS);
  for (let k = 0; k < ELEMS; k++) v[k] = g * 1000 + (k % 1000);
  return v;
}

async function main(): Promise<void> {
  setLogger(silentLogger);
  const [prefix, first] = [process.argv[2]!, Number(process.argv[3])];
  const data = mx.sym.Variable('data');
  const sym = mx.sym.FullyConnected(data, { name: 'fc', num_hidden: 1024 });
  const w = mx.nd.empty([1024, 2048]);
  const b = mx.nd.empty([ELEMS]);
  for (let g = first; ; g++) {
    const v = generationValues(g);
    w.set(v);
    b.set(v);
    await mx.model.save_checkpoint(prefix, 1, sym, { fc_weight: w, fc_bias: b }, {});
    process.send!({ saved: g });
  }
}

if (process.argv[1]?.endsWith('save_loop_child.ts')) await main();
