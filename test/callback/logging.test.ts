// Python %-formatting used in MXNet's log lines: '%f' / '%.2f' round half to even on the exact binary
// value and spell nan/inf like Python; '%0.5e' has a two-digit exponent; repr(float) switches to
// exponent form outside [1e-4, 1e16). Expected strings are what CPython 3 prints.
import { describe, expect, it } from 'vitest';
import { captureLogs, getLogger, pyExp, pyFixed, pyFloatRepr } from '../../src/logging.js';

describe('pyFixed', () => {
  it('matches CPython on exact ties, ordinary values and specials', () => {
    expect(pyFixed(0.125, 2)).toBe('0.12'); // exact tie → even (JS toFixed says 0.13)
    expect(pyFixed(0.375, 2)).toBe('0.38');
    expect(pyFixed(2.5, 0)).toBe('2');
    expect(pyFixed(3.5, 0)).toBe('4');
    expect(pyFixed(-0.125, 2)).toBe('-0.12');
    expect(pyFixed(1.005, 2)).toBe('1.00'); // 1.005 is below the tie in binary
    expect(pyFixed(2 / 3)).toBe('0.666667');
    expect(pyFixed(0.5)).toBe('0.500000');
    expect(pyFixed(-0)).toBe('-0.000000');
    expect(pyFixed(NaN)).toBe('nan');
    expect(pyFixed(Infinity, 2)).toBe('inf');
    expect(pyFixed(-Infinity)).toBe('-inf');
  });
});

describe('pyExp and pyFloatRepr', () => {
  it('format like %0.5e and repr()', () => {
    expect(pyExp(0.1, 5)).toBe('1.00000e-01');
    expect(pyExp(1e-4, 5)).toBe('1.00000e-04');
    expect(pyExp(12345.678, 5)).toBe('1.23457e+04');
    expect(pyExp(1e100, 5)).toBe('1.00000e+100');
    expect(pyFloatRepr(1e-5)).toBe('1e-05');
    expect(pyFloatRepr(0.0001)).toBe('0.0001');
    expect(pyFloatRepr(1e16)).toBe('1e+16');
    expect(pyFloatRepr(3)).toBe('3.0');
    expect(pyFloatRepr(0.1)).toBe('0.1');
    expect(pyFloatRepr(NaN)).toBe('nan');
  });
});

describe('captureLogs', () => {
  it('collects what the root logger receives and restores it afterwards', async () => {
    const before = getLogger();
    const lines = await captureLogs(() => {
      getLogger().info('a');
      getLogger().warning('b');
    });
    expect(lines).toEqual(['a', 'b']);
    expect(getLogger()).toBe(before);
  });
});
