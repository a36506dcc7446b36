// mx.kv.create(name='local') (kvstore/base.py, src/kvstore/kvstore.cc): the type string is lower-cased and
// matched by substring — 'dist' → distributed, 'nccl' → NCCL, else a local store ('device' reduces on devices).

import { bindArgs, checkKwargs, MXNetError } from '../base.js';
import { KVStore } from './kvstore.js';

/** create(name='local'): 'local', 'device' (and any other local name, e.g. 'local_allreduce_cpu'). */
export function create(...args: unknown[]): KVStore {
  const kw = bindArgs('kvstore.create', ['name'], args);
  checkKwargs('kvstore.create', kw, ['name']);
  const name = kw.name ?? 'local';
  if (typeof name !== 'string') throw new MXNetError(`kvstore.create: name must be a string, got ${typeof name}`);
  const type = name.toLowerCase();
  if (type.includes('dist')) {
    throw new MXNetError(`distributed kvstore '${type}' is not supported yet; use 'local' or 'device'`);
  }
  if (type.includes('nccl') || type === 'horovod' || type === 'byteps') {
    throw new MXNetError(`kvstore '${type}' needs a native communication library that mxjs does not have; use 'local' or 'device'`);
  }
  return new KVStore(type);
}
