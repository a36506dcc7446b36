// The float64 reference of the go_test_attr fixture (see SOURCES.md) for the browser tests: Reshape
// (1,10) → (10,), so FullyConnected sees 10 rows of 1 feature, then softmax over 10 classes:
// out[i][j] = softmax_j(x_i·w_j + b_j), the weights read straight from the .params bytes
// (test/format/params_bytes.ts, independent of src/format).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { float32At, walkFloat32Params } from '../format/params_bytes.js';
import { REPO } from './built.js';

export const GO_TEST_DIR = join(REPO, '../shared/fixtures/mxnet/go_test_attr');

export function goTestReference(x: number[]): number[] {
  const bytes = new Uint8Array(readFileSync(join(GO_TEST_DIR, 'go_test-0001.params')));
  const recs = walkFloat32Params(bytes).records;
  const rec = (name: string) => recs.find((r) => r.name === name)!;
  const w = float32At(bytes, rec('arg:pred_weight').dataOffset, 10);
  const b = float32At(bytes, rec('arg:pred_bias').dataOffset, 10);
  const out: number[] = [];
  for (let i = 0; i < 10; i++) {
    const z = w.map((wj, j) => x[i]! * wj + b[j]!);
    const m = Math.max(...z);
    const s = z.reduce((a, v) => a + Math.exp(v - m), 0);
    out.push(...z.map((v) => Math.exp(v - m) / s));
  }
  return out;
}
