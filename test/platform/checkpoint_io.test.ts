// Checkpoint access beyond local paths, in Node: an http:// prefix (served by scripts/serve.ts) for
// load_checkpoint and FeedForward.load, and the in-memory pair save_checkpoint_to_blobs /
// load_checkpoint_frombuffer, checked byte for byte against what save_checkpoint writes to disk.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as mx from '../../src/index.js';
import { type RunningServer, startServer } from '../../scripts/serve.js';
import { REPO } from './built.js';

const FIXTURE = join(REPO, '../shared/fixtures/mxnet/go_test_attr/go_test');

async function bytesOf(a: mx.NDArray): Promise<Buffer> {
  const v = await a.asnumpy();
  return Buffer.from(v.buffer, v.byteOffset, v.byteLength);
}

async function expectSameParams(got: Record<string, mx.NDArray>, want: Record<string, mx.NDArray>): Promise<void> {
  expect(Object.keys(got)).toEqual(Object.keys(want));
  for (const k of Object.keys(want)) {
    expect(got[k]!.shape, k).toEqual(want[k]!.shape);
    expect((await bytesOf(got[k]!)).equals(await bytesOf(want[k]!)), `${k} values`).toBe(true);
  }
}

describe('checkpoints over http and from bytes (Node)', () => {
  let server: RunningServer;
  let dir: string;
  beforeAll(async () => {
    server = await startServer();
    dir = mkdtempSync(join(tmpdir(), 'mxjs-ckio-'));
  });
  afterAll(async () => {
    await server?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('load_checkpoint with an http:// prefix gives the same symbol and arrays as the local path', async () => {
    const [symFile, argFile, auxFile] = await mx.model.load_checkpoint(FIXTURE, 1);
    const [symHttp, argHttp, auxHttp] = await mx.model.load_checkpoint(`${server.url}/fixtures/go_test_attr/go_test`, 1);
    expect(symHttp.tojson()).toBe(symFile.tojson());
    await expectSameParams(argHttp, argFile);
    await expectSameParams(auxHttp, auxFile);
  });

  it('FeedForward.load accepts an http:// prefix; a missing URL fails with an MXNetError naming it', async () => {
    const model = await mx.model.FeedForward.load(`${server.url}/fixtures/go_test_attr/go_test`, 1);
    expect(Object.keys(model.arg_params!).sort()).toEqual(['pred_bias', 'pred_weight']);
    const missing = `${server.url}/fixtures/go_test_attr/nothing`;
    await expect(mx.model.load_checkpoint(missing, 1)).rejects.toThrow(mx.MXNetError);
    await expect(mx.model.load_checkpoint(missing, 1)).rejects.toThrow(`${missing}-symbol.json: HTTP 404`);
  });

  it('save_checkpoint_to_blobs holds exactly the bytes save_checkpoint writes, under the same file names', async () => {
    const [sym, arg, aux] = await mx.model.load_checkpoint(FIXTURE, 1);
    const prefix = join(dir, 'copy');
    await mx.model.save_checkpoint(prefix, 7, sym, arg, aux);
    const blobs = await mx.model.save_checkpoint_to_blobs(prefix, 7, sym, arg, aux);
    expect(Object.keys(blobs).sort()).toEqual([`${prefix}-0007.params`, `${prefix}-symbol.json`]);
    for (const [name, blob] of Object.entries(blobs)) {
      expect(Buffer.from(await blob.arrayBuffer()).equals(readFileSync(name)), name).toBe(true);
    }
    expect(blobs[`${prefix}-symbol.json`]!.type).toBe('application/json');
    const noSymbol = await mx.model.save_checkpoint_to_blobs('p', 1, null, arg, aux);
    expect(Object.keys(noSymbol)).toEqual(['p-0001.params']);
  });

  it('load_checkpoint_frombuffer reads text, Uint8Array, ArrayBuffer and Blob inputs like load_checkpoint', async () => {
    const [sym, arg, aux] = await mx.model.load_checkpoint(FIXTURE, 1);
    const jsonBytes = new Uint8Array(readFileSync(`${FIXTURE}-symbol.json`));
    const paramsBytes = new Uint8Array(readFileSync(`${FIXTURE}-0001.params`));
    const inputs: [string | Uint8Array | ArrayBuffer | Blob, Uint8Array | ArrayBuffer | Blob][] = [
      [new TextDecoder().decode(jsonBytes), paramsBytes],
      [jsonBytes, paramsBytes.slice().buffer],
      [new Blob([jsonBytes]), new Blob([paramsBytes])],
    ];
    for (const [j, p] of inputs) {
      const [s2, a2, x2] = await mx.model.load_checkpoint_frombuffer(j, p);
      expect(s2.tojson()).toBe(sym.tojson());
      await expectSameParams(a2, arg);
      await expectSameParams(x2, aux);
    }
  });

  it('load_checkpoint_frombuffer rejects wrong inputs with MXNetErrors that say what is wrong', async () => {
    const params = new Uint8Array(readFileSync(`${FIXTURE}-0001.params`));
    await expect(mx.model.load_checkpoint_frombuffer('{}', 42 as unknown as Uint8Array))
      .rejects.toThrow('params must be a Uint8Array, an ArrayBuffer or a Blob/File, got number');
    await expect(mx.model.load_checkpoint_frombuffer(new Uint8Array([0xff, 0xfe, 0x00]), params))
      .rejects.toThrow('is not valid UTF-8 text');
    // The files swapped: the symbol text cannot be a .params file.
    const json = readFileSync(`${FIXTURE}-symbol.json`, 'utf8');
    await expect(mx.model.load_checkpoint_frombuffer(json, new TextEncoder().encode(json))).rejects.toThrow(mx.MXNetError);
  });
});
