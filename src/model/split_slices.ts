// executor_manager._split_input_slice: how a batch is split over devices by work_load_list.
// Python 3 round() (half to even); any shortfall goes to the last device; slices are clipped.

import { MXNetError } from '../base.js';

/** Round half to even, like Python 3's round(). */
export function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

export function splitInputSlice(batch_size: number, work_load_list: readonly number[]): [number, number][] {
  const total = work_load_list.reduce((a, b) => a + b, 0);
  const nums = work_load_list.map((w) => roundHalfEven((w * batch_size) / total));
  const sum = nums.reduce((a, b) => a + b, 0);
  if (sum < batch_size) nums[nums.length - 1]! += batch_size - sum;
  const slices: [number, number][] = [];
  let end = 0;
  for (const n of nums) {
    const begin = Math.min(end, batch_size);
    end = Math.min(begin + n, batch_size);
    if (begin >= end) throw new MXNetError('Too many slices. Some splits are empty.');
    slices.push([begin, end]);
  }
  return slices;
}
