// grad_req as Symbol.bind / simple_bind accept it (python/mxnet/symbol/symbol.py): one string for every
// argument, a list in list_arguments() order, or a dict where missing names mean 'null'
// (names that are not arguments are ignored, as in MXNet).

import { isPlainObject, MXNetError } from '../base.js';
import type { GradReq } from '../ops/registry.js';

export type GradReqSpec = GradReq | readonly GradReq[] | Readonly<Record<string, GradReq>>;

const VALID: readonly string[] = ['write', 'add', 'null'];

function check(req: unknown, where: string): GradReq {
  if (typeof req !== 'string' || !VALID.includes(req)) {
    throw new MXNetError(`grad_req${where} must be one of 'write', 'add', 'null', got ${JSON.stringify(req)}`);
  }
  return req as GradReq;
}

/** One request per argument name, in `argNames` order. */
export function normalizeGradReq(spec: GradReqSpec | undefined, argNames: readonly string[]): GradReq[] {
  if (spec === undefined) return argNames.map(() => 'write');
  if (typeof spec === 'string') {
    const r = check(spec, '');
    return argNames.map(() => r);
  }
  if (Array.isArray(spec)) {
    if (spec.length !== argNames.length) {
      throw new MXNetError(`grad_req list has ${spec.length} entries but the symbol has ${argNames.length} arguments (${argNames.join(', ')})`);
    }
    return spec.map((r, i) => check(r, `[${i}]`));
  }
  if (isPlainObject(spec)) {
    return argNames.map((n) => (n in spec ? check(spec[n], `['${n}']`) : 'null'));
  }
  throw new MXNetError(`grad_req must be a string, a list or a dict, got ${Object.prototype.toString.call(spec)}`);
}
