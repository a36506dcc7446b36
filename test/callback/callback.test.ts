// mx.callback against api-semantics §4: exact log text of Speedometer (with an injected clock),
// log_train_metric, LogValidationMetricsCallback and ProgressBar, and do_checkpoint's period logic
// with save_checkpoint replaced by a stub. Also BatchEndParam, the namedtuple they receive.
import { beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

const saved = vi.hoisted(() => [] as unknown[][]);
vi.mock('../../src/model/checkpoint.js', () => ({
  save_checkpoint: (...args: unknown[]) => {
    saved.push(args);
    return Promise.resolve();
  },
}));

import { initWasmBackend } from '../../src/backends/wasm/init.js';
import { do_checkpoint, log_train_metric, LogValidationMetricsCallback, ProgressBar, Speedometer } from '../../src/callback/index.js';
import { CaptureLogger, consoleLogger, setLogger } from '../../src/logging.js';
import * as metric from '../../src/metric/index.js';
import { BatchEndParam, BatchEndParams } from '../../src/model/batch_end_param.js';
import { array } from '../../src/ndarray/create.js';

let cap: CaptureLogger;
beforeAll(async () => {
  await initWasmBackend();
});
beforeEach(() => {
  cap = new CaptureLogger();
  setLogger(cap);
});

/** An Accuracy metric holding `correct` of `total` (fed through update like the training loop). */
function accuracyOf(correct: number, total: number): metric.Accuracy {
  const acc = new metric.Accuracy();
  const label = array(Array.from({ length: total }, () => 1));
  const pred = array(Array.from({ length: total }, (_, i) => (i < correct ? 1 : 0)));
  acc.update([label], [pred]);
  label.dispose();
  pred.dispose();
  return acc;
}

/** A Speedometer reading a scripted clock (seconds). */
class ScriptedSpeedometer extends Speedometer {
  times: number[] = [];
  protected override now(): number {
    return this.times.shift()!;
  }
}

describe('Speedometer', () => {
  it('logs speed and metrics every `frequent` batches and resets the local metric', () => {
    const s = new ScriptedSpeedometer(10, 2);
    s.times = [100, 102.5, 102.5, 104.5, 104.5];
    const acc = accuracyOf(1, 2);
    s.__call__(new BatchEndParam(0, 1, acc, {})); // first call: starts the clock only
    s.__call__(new BatchEndParam(0, 2, acc, {}));
    expect(acc.num_inst).toBe(0);
    expect(acc.global_num_inst).toBe(2);
    s.__call__(new BatchEndParam(0, 3, acc, {})); // not a multiple of 2
    s.__call__(new BatchEndParam(0, 4, acc, {}));
    // speed = frequent·batch_size / elapsed = 20 / 2.5 and 20 / 2
    expect(cap.messages()).toEqual([
      'Epoch[0] Batch [0-2]\tSpeed: 8.00 samples/sec\taccuracy=0.500000',
      'Epoch[0] Batch [2-4]\tSpeed: 10.00 samples/sec\taccuracy=nan',
    ]);
  });

  it('without auto_reset logs the batch range from 0; without a metric logs Iter[..]', () => {
    const s = new ScriptedSpeedometer(4, 3, false);
    s.times = [0, 0.75, 0.75];
    const acc = accuracyOf(2, 3);
    s.__call__(new BatchEndParam(1, 2, acc, {}));
    s.__call__(new BatchEndParam(1, 3, acc, {}));
    expect(acc.num_inst).toBe(3);
    const t = new ScriptedSpeedometer({ batch_size: 5, frequent: 1 });
    t.times = [10, 10, 10];
    t.__call__(new BatchEndParam(2, 1, null, {}));
    t.__call__(new BatchEndParam(2, 2, null, {}));
    expect(cap.messages()).toEqual([
      'Epoch[1] Batch [0-3]\tSpeed: 16.00 samples/sec\taccuracy=0.666667',
      'Iter[2] Batch [2]\tSpeed: inf samples/sec', // zero elapsed time: Python's ZeroDivisionError → inf
    ]);
  });

  it('a smaller nbatch (new epoch) restarts the clock without logging', () => {
    const s = new ScriptedSpeedometer(1, 1);
    s.times = [0, 1, 1, 5, 6, 6];
    s.__call__(new BatchEndParam(0, 1, null, {}));
    s.__call__(new BatchEndParam(0, 2, null, {}));
    s.__call__(new BatchEndParam(1, 1, null, {}));
    s.__call__(new BatchEndParam(1, 2, null, {}));
    expect(cap.messages()).toEqual(['Iter[0] Batch [2]\tSpeed: 1.00 samples/sec', 'Iter[1] Batch [2]\tSpeed: 1.00 samples/sec']);
  });
});

describe('metric logging callbacks', () => {
  it('log_train_metric logs every period batches; auto_reset clears the local metric', () => {
    const acc = accuracyOf(3, 4);
    const cb = log_train_metric(2);
    cb(new BatchEndParam(5, 1, acc, {}));
    cb(new BatchEndParam(5, 2, acc, {}));
    expect(cap.messages()).toEqual(['Iter[5] Batch[2] Train-accuracy=0.750000']);
    log_train_metric(1, true)(new BatchEndParam(5, 3, acc, {}));
    expect(acc.num_inst).toBe(0);
  });

  it('LogValidationMetricsCallback logs each name of a composite; nothing without a metric', () => {
    const acc = accuracyOf(2, 3);
    const comp = new metric.CompositeEvalMetric([acc, accuracyOf(1, 8)]);
    const cb = new LogValidationMetricsCallback();
    cb.__call__(new BatchEndParam(3, 10, acc, {}));
    cb.__call__(new BatchEndParam(4, 10, comp, {}));
    cb.__call__(new BatchEndParam(4, 10, null, {}));
    expect(cap.messages()).toEqual([
      'Epoch[3] Validation-accuracy=0.666667',
      'Epoch[4] Validation-accuracy=0.666667',
      'Epoch[4] Validation-accuracy=0.125000',
    ]);
  });
});

describe('ProgressBar', () => {
  it('fills round(length·n/total) with Python rounding and shows ceil(100·n/total)%', () => {
    const bar = new ProgressBar(160, { length: 80 });
    for (const n of [1, 3, 80, 159, 160]) bar.__call__(new BatchEndParam(0, n, null, {}));
    const line = (filled: number, pct: number) => `[${'='.repeat(filled)}${'-'.repeat(80 - filled)}] ${pct}%`;
    // 80·1/160 = 0.5 rounds to 0 (half to even), 1.5 rounds to 2.
    expect(cap.messages()).toEqual([line(0, 1), line(2, 2), line(40, 50), line(80, 100), line(80, 100)]);
    expect(new ProgressBar(3, 6).line(1)).toBe('[==----] 34%');
  });

  it('on a terminal with the console logger it redraws one line with a carriage return', () => {
    setLogger(consoleLogger);
    const wasTTY = process.stdout.isTTY;
    const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    process.stdout.isTTY = true;
    try {
      new ProgressBar(4, 4).__call__(new BatchEndParam(0, 2, null, {}));
      expect(write).toHaveBeenCalledWith('[==--] 50%\r');
    } finally {
      process.stdout.isTTY = wasTTY;
      write.mockRestore();
    }
  });
});

describe('do_checkpoint', () => {
  it('saves epoch iter_no+1 every `period` epochs and returns the save promise', async () => {
    saved.length = 0;
    const cb = do_checkpoint('/tmp/model', 2);
    const results = [0, 1, 2, 3].map((i) => cb(i, null, { w: 'arg' as never }, {}));
    expect(results.map((r) => r instanceof Promise)).toEqual([false, true, false, true]);
    await Promise.all(results);
    expect(saved.map((a) => [a[0], a[1]])).toEqual([['/tmp/model', 2], ['/tmp/model', 4]]);
    expect(saved[0]![3]).toEqual({ w: 'arg' });
    saved.length = 0;
    const every = do_checkpoint('p', 0); // period < 1 is raised to 1
    every(0, null, {}, {});
    every(1, null, {}, {});
    expect(saved.map((a) => a[1])).toEqual([1, 2]);
  });
});

describe('BatchEndParam', () => {
  it('is the namedtuple BatchEndParams(epoch, nbatch, eval_metric, locals)', () => {
    const locals = { data_batch: 1 };
    const p = new BatchEndParam(1, 7, null, locals);
    expect(p).toBeInstanceOf(BatchEndParams);
    expect(p.constructor.name).toBe('BatchEndParams');
    expect([p[0], p[1], p[2], p[3]]).toEqual([1, 7, null, locals]);
    expect([...p]).toEqual([1, 7, null, locals]);
    const k = new BatchEndParam({ epoch: 2, nbatch: 3, eval_metric: null, locals: {} });
    expect([k.epoch, k.nbatch]).toEqual([2, 3]);
    expect(() => new BatchEndParam(1, 2, null)).toThrow(/needs the 4 fields/);
    expect(() => new BatchEndParam({ epoch: 1, nbatch: 2, eval_metric: null, locals: {}, x: 1 })).toThrow(/unexpected field\(s\) x/);
  });
});
