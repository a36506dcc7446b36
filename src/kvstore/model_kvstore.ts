// model._create_kvstore (python/mxnet/model.py, 1.9.1): which kvstore FeedForward trains with and whether
// the optimizer runs inside it (update_on_kvstore) or per device in the training loop.

import { envVar, MXNetError, prod } from '../base.js';
import type { NDArray } from '../ndarray/ndarray.js';
import { create } from './create.js';
import { KVStore } from './kvstore.js';

/** Parameters larger than this many elements make a 'local' store update per device instead. */
const BIG_PARAM = 1024 * 1024 * 16;

/**
 * `[kvstore | null, update_on_kvstore]`: null → none; a KVStore → used as is; a string → none for a
 * single device (unless 'dist'), else created. update_on_kvstore starts from MXNET_UPDATE_ON_KVSTORE.
 */
export function _create_kvstore(kvstore: unknown, num_device: number,
  arg_params: Record<string, NDArray>): [KVStore | null, boolean] {
  let update_on_kvstore = Boolean(Number.parseInt(envVar('MXNET_UPDATE_ON_KVSTORE') ?? '1', 10));
  let kv: KVStore | null;
  if (kvstore === null || kvstore === undefined) {
    kv = null;
  } else if (kvstore instanceof KVStore) {
    kv = kvstore;
  } else if (typeof kvstore === 'string') {
    if (num_device === 1 && !kvstore.includes('dist')) {
      kv = null;
    } else {
      kv = create(kvstore);
      if (kvstore === 'local') {
        const maxSize = Math.max(0, ...Object.values(arg_params).map((p) => prod(p.shape)));
        if (maxSize > BIG_PARAM) update_on_kvstore = false;
      }
    }
  } else {
    throw new MXNetError(`kvstore must be KVStore, str or None, got ${Object.prototype.toString.call(kvstore)}`);
  }
  if (kv === null) update_on_kvstore = false;
  else update_on_kvstore &&= kv.is_capable('optimizer');
  return [kv, update_on_kvstore];
}
