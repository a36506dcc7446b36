// Checkpoints as bytes instead of files, for hosts without a file system of their own (browsers):
// save_checkpoint's two files as Blobs to offer for download, and load_checkpoint from bytes, Blobs or
// dropped `File`s — the counterpart of mx.nd.load_frombuffer / mx.symbol.load_json for a whole checkpoint.

import { MXNetError } from '../base.js';
import { encodeNDArrays, load_frombuffer } from '../ndarray/serialize.js';
import { load_json } from '../symbol/load.js';
import type { Symbol } from '../symbol/symbol.js';
import { type ParamDict, paramsFileName, splitCheckpointParams, withCheckpointDict } from './checkpoint.js';

/** Bytes in any of the forms a browser hands out: fetched, read, or a (dropped) File. */
export type BytesLike = Uint8Array | ArrayBuffer | Blob;

/**
 * save_checkpoint(prefix, epoch, symbol, arg_params, aux_params) without writing anything: the files it
 * would write (`prefix-symbol.json`, `prefix-%04d.params`) as Blobs keyed by those file names. The symbol
 * file is left out when `symbol` is null, as save_checkpoint does.
 */
export async function save_checkpoint_to_blobs(prefix: string, epoch: number, symbol: Symbol | null,
  arg_params: ParamDict, aux_params: ParamDict): Promise<Record<string, Blob>> {
  if (typeof prefix !== 'string') throw new MXNetError(`save_checkpoint_to_blobs: prefix must be a string, got ${typeof prefix}`);
  const fname = paramsFileName(prefix, epoch);
  const blobs: Record<string, Blob> = {};
  if (symbol) blobs[`${prefix}-symbol.json`] = new Blob([symbol.tojson()], { type: 'application/json' });
  const params = await withCheckpointDict(arg_params, aux_params, (saveDict) => encodeNDArrays(saveDict, fname));
  blobs[fname] = new Blob([params as Uint8Array<ArrayBuffer>], { type: 'application/octet-stream' });
  return blobs;
}

/**
 * load_checkpoint from memory: `symbol_json` is the `-symbol.json` content (text or bytes), `params` the
 * `.params` content. Returns `[symbol, arg_params, aux_params]` like load_checkpoint.
 */
export async function load_checkpoint_frombuffer(symbol_json: string | BytesLike,
  params: BytesLike): Promise<[Symbol, ParamDict, ParamDict]> {
  // Both inputs are read (and their types checked) before either is parsed.
  const jsonText = typeof symbol_json === 'string' ? symbol_json : decodeUtf8(await bytesOf(symbol_json, 'symbol_json'), label(symbol_json, 'symbol_json'));
  const paramBytes = await bytesOf(params, 'params');
  const symbol = load_json(jsonText);
  const [arg, aux] = splitCheckpointParams(load_frombuffer(paramBytes), label(params, 'params'));
  return [symbol, arg, aux];
}

function label(b: unknown, what: string): string {
  return typeof File !== 'undefined' && b instanceof File ? b.name : `<${what} buffer>`;
}

async function bytesOf(b: unknown, what: string): Promise<Uint8Array> {
  if (b instanceof Uint8Array) return b;
  if (b instanceof ArrayBuffer) return new Uint8Array(b);
  if (typeof Blob !== 'undefined' && b instanceof Blob) return new Uint8Array(await b.arrayBuffer());
  throw new MXNetError(`load_checkpoint_frombuffer: ${what} must be a Uint8Array, an ArrayBuffer or a Blob/File, got ${describe(b)}`);
}

function describe(v: unknown): string {
  return v === null ? 'null' : typeof v === 'object' ? (v.constructor?.name ?? 'object') : typeof v;
}

function decodeUtf8(bytes: Uint8Array, name: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new MXNetError(`load_checkpoint_frombuffer: ${name} is not valid UTF-8 text (is it the -symbol.json file?)`);
  }
}
