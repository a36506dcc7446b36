// mx.kvstore (alias mx.kv): key-value stores that sum per-device values and hold the updated weights.

export { create } from './create.js';
export { KVStore, type KVUpdater } from './kvstore.js';
export { type Key } from './key_value.js';
export { _create_kvstore } from './model_kvstore.js';
