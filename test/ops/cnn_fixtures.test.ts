// Every real MXNet symbol fixture loads now that the CNN operators exist, and its shapes infer.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import '../../src/ops/index.js';
import { load_json } from '../../src/symbol/load.js';

const FIXTURES = '../shared/fixtures/mxnet';
const files = readdirSync(FIXTURES, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('-symbol.json')).sort();

describe('MXNet fixture symbols', () => {
  it('finds all 9', () => expect(files.length).toBe(9));
  it.each(files)('%s loads', (f) => {
    const s = load_json(readFileSync(join(FIXTURES, f), 'utf8'));
    expect(s.list_outputs().length).toBeGreaterThan(0);
  });
  it('LeNet infers its shapes from the data shape', () => {
    const s = load_json(readFileSync(join(FIXTURES, 'mnist_lenet_2015/mnist-lenet-0-symbol.json'), 'utf8'));
    const [args, outs] = s.infer_shape({ data: [64, 1, 28, 28] }) as unknown as [number[][], number[][]];
    expect(outs).toEqual([[64, 10]]);
    expect(args.length).toBe(s.list_arguments().length);
  });
});
