// mx.callback.ProgressBar (python/mxnet/callback.py): `[====----] 50%` per batch. On a terminal the
// line is redrawn in place with '\r'; otherwise (or when the root logger was replaced) it is logged.

import { bindArgs, checkKwargs, pop } from '../base.js';
import { consoleLogger, getLogger } from '../logging.js';
import type { BatchEndParams } from '../model/batch_end_param.js';

type Stdout = { isTTY?: boolean; write(s: string): unknown };

function terminal(): Stdout | null {
  const out = (globalThis as { process?: { stdout?: Stdout } }).process?.stdout;
  return out?.isTTY ? out : null;
}

/** Python 3 round(): halves go to the even neighbour. */
function roundHalfEven(x: number): number {
  const f = Math.floor(x);
  const d = x - f;
  if (d === 0.5) return f % 2 === 0 ? f : f + 1;
  return Math.round(x);
}

export class ProgressBar {
  bar_len: number;
  total: number;

  /** ProgressBar(total, length=80) */
  constructor(...args: unknown[]) {
    const kw = bindArgs('ProgressBar', ['total', 'length'], args);
    checkKwargs('ProgressBar', kw, ['total', 'length']);
    this.total = kw.total as number;
    this.bar_len = pop(kw, 'length', 80);
  }

  /** The bar for `nbatch` batches done: `[%s] %s%%` with round() '=' and ceil() percent. */
  line(nbatch: number): string {
    const filled = roundHalfEven((this.bar_len * nbatch) / this.total);
    const percents = Math.ceil((100 * nbatch) / this.total);
    return `[${'='.repeat(Math.max(0, filled))}${'-'.repeat(Math.max(0, this.bar_len - filled))}] ${percents}%`;
  }

  __call__(param: BatchEndParams): void {
    const text = this.line(param.nbatch);
    const tty = getLogger() === consoleLogger ? terminal() : null;
    if (tty) tty.write(`${text}\r`);
    else getLogger().info(text);
  }
}
