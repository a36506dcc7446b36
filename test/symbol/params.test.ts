// parseParams / formatParam: dmlc::Parameter parsing of attribute strings and Python str() of values.

import { describe, expect, it } from 'vitest';
import { MXNetError } from '../../src/base.js';
import { formatParam, parseParams } from '../../src/ops/params.js';
import type { OpDef } from '../../src/ops/registry.js';

// A schema exercising every parameter type; never registered, parseParams only reads `name` and `params`.
const def = {
  name: 'TestOp',
  params: {
    num: { type: 'int', required: true },
    eps: { type: 'float', default: 1e-3 },
    flag: { type: 'bool', default: true },
    kernel: { type: 'shape', default: [] },
    axis: { type: 'shape', optional: true, default: null },
    begin: { type: 'optshape', default: [] },
    mode: { type: 'string', enum: ['instance', 'channel'], default: 'instance' },
    layout: { type: 'string', enum: ['NCHW', 'NHWC'], optional: true, default: null },
    temperature: { type: 'float', optional: true, default: null },
  },
} as unknown as OpDef;

const parse = (attrs: Record<string, string>) => parseParams(def, attrs, 'n1');

function error(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(MXNetError);
    return (e as Error).message;
  }
  throw new Error('expected an MXNetError');
}

describe('parseParams', () => {
  it('fills defaults and skips hidden __x__ keys', () => {
    expect(parse({ num: '3', __lr_mult__: '0.1', __init__: '["zero", {}]' })).toEqual({
      num: 3, eps: 1e-3, flag: true, kernel: [], axis: null, begin: [], mode: 'instance', layout: null, temperature: null,
    });
  });

  it('parses bools case-insensitively as true/false/1/0', () => {
    for (const [s, v] of [['True', true], ['true', true], ['TRUE', true], ['1', true], ['False', false], ['false', false], ['0', false]] as const) {
      expect(parse({ num: '1', flag: s }).flag).toBe(v);
    }
    expect(error(() => parse({ num: '1', flag: 'yes' }))).toMatch(/TestOp node 'n1'.*'flag'.*bool.*'yes'/);
  });

  it('parses every tuple spelling MXNet writes', () => {
    const cases: [string, number[]][] = [
      ['(3, 3)', [3, 3]], ['(3,3)', [3, 3]], ['[3,3]', [3, 3]], ['[3, 3]', [3, 3]], ['3', [3]], ['-1', [-1]],
      ['(-1)', [-1]], ['(3L, 3L)', [3, 3]], ['(8L,)', [8]], ['(3,)', [3]], ['()', []], ['[]', []],
      ['(2, 0, 128)', [2, 0, 128]], [' ( 1 , 2 ) ', [1, 2]],
    ];
    for (const [s, v] of cases) expect(parse({ num: '1', kernel: s }).kernel, s).toEqual(v);
    for (const bad of ['(3, x)', '(3.5,)', '3, 3', '(3', 'None', '']) {
      expect(error(() => parse({ num: '1', kernel: bad })), bad).toMatch(/'kernel'.*tuple of int/);
    }
  });

  it('accepts None for optional params only', () => {
    expect(parse({ num: '1', axis: 'None' }).axis).toBeNull();
    expect(parse({ num: '1', axis: '(0, 1)' }).axis).toEqual([0, 1]);
    expect(parse({ num: '1', temperature: 'None' }).temperature).toBeNull();
    expect(parse({ num: '1', layout: 'None' }).layout).toBeNull();
    expect(error(() => parse({ num: '1', eps: 'None' }))).toMatch(/'eps'.*float/);
  });

  it('parses tuples of optional ints', () => {
    expect(parse({ num: '1', begin: '(None, 2)' }).begin).toEqual([null, 2]);
    expect(parse({ num: '1', begin: '(1, None, -3)' }).begin).toEqual([1, null, -3]);
  });

  it('parses ints and floats like C++ streams', () => {
    expect(parse({ num: '128' }).num).toBe(128);
    expect(parse({ num: ' -7 ' }).num).toBe(-7);
    expect(parse({ num: '+4' }).num).toBe(4);
    for (const bad of ['1.5', '1e3', 'abc', '']) expect(error(() => parse({ num: bad })), bad).toMatch(/'num'.*int/);
    const floats: [string, number][] = [['1e-05', 1e-5], ['0.5', 0.5], ['1', 1], ['2.', 2], ['.25', 0.25], ['-3E2', -300], ['1e+16', 1e16]];
    for (const [s, v] of floats) expect(parse({ num: '1', eps: s }).eps, s).toBe(v);
    expect(parse({ num: '1', eps: 'inf' }).eps).toBe(Infinity);
    expect(parse({ num: '1', eps: '-Infinity' }).eps).toBe(-Infinity);
    expect(parse({ num: '1', eps: 'nan' }).eps).toBeNaN();
    for (const bad of ['0.5x', '1e', '0.5 ', 'e5']) expect(error(() => parse({ num: '1', eps: bad })), bad).toMatch(/'eps'.*float/);
  });

  it('validates enums and lists the allowed values', () => {
    expect(parse({ num: '1', mode: 'channel' }).mode).toBe('channel');
    expect(error(() => parse({ num: '1', mode: 'Channel' }))).toMatch(/'mode'.*one of \{'instance', 'channel'\}.*'Channel'/);
  });

  it('rejects a missing required param', () => {
    expect(error(() => parse({}))).toMatch(/TestOp node 'n1': required parameter 'num'/);
  });

  it('rejects unknown keys naming op, node and key and listing accepted keys', () => {
    const msg = error(() => parse({ num: '1', bogus: '2' }));
    expect(msg).toContain("TestOp node 'n1'");
    expect(msg).toContain("'bogus'");
    expect(msg).toContain('num, eps, flag, kernel, axis, begin, mode, layout, temperature');
    // Only keys both starting and ending with "__" are hidden.
    expect(error(() => parse({ num: '1', __half: '2' }))).toContain("'__half'");
  });
});

describe('formatParam', () => {
  it('writes Python str() forms', () => {
    expect(formatParam(128, 'int')).toBe('128');
    expect(formatParam(128)).toBe('128');
    expect(formatParam(0.9, 'float')).toBe('0.9');
    expect(formatParam(1e-5, 'float')).toBe('1e-05');
    expect(formatParam(2, 'float')).toBe('2.0');
    expect(formatParam(0.001)).toBe('0.001');
    expect(formatParam(1e16, 'float')).toBe('1e+16');
    expect(formatParam(true)).toBe('True');
    expect(formatParam(false, 'bool')).toBe('False');
    expect(formatParam(null)).toBe('None');
    expect(formatParam([3, 3])).toBe('(3, 3)');
    expect(formatParam([3])).toBe('(3,)');
    expect(formatParam([])).toBe('()');
    expect(formatParam([null, 2])).toBe('(None, 2)');
    expect(formatParam('relu')).toBe('relu');
    expect(formatParam('(3, 3)', 'shape')).toBe('(3, 3)');
  });

  it('round-trips through parseParams', () => {
    const v = { num: 7, eps: 2e-5, flag: false, kernel: [5, 5], axis: null, begin: [null, 1], mode: 'channel', layout: 'NHWC', temperature: 0.5 };
    const attrs: Record<string, string> = {};
    for (const [k, x] of Object.entries(v)) attrs[k] = formatParam(x, (def.params[k]!).type);
    expect(parse(attrs)).toEqual(v);
  });

  it('rejects values Python would not store', () => {
    expect(() => formatParam({ a: 1 })).toThrow(MXNetError);
    expect(() => formatParam(['a'])).toThrow(MXNetError);
    expect(() => formatParam(undefined)).toThrow(MXNetError);
  });
});
