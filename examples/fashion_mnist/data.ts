// Fashion-MNIST from Debian's dataset-fashion-mnist package: gzip'd idx files parsed into
// Float32Arrays (pixels scaled to [0, 1]) ready for mx.nd.array(data, { shape }).
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';

export const FASHION_MNIST_DIR = '/usr/share/datasets/fashion-mnist';

export interface Split {
  images: Float32Array; // [n, 784], row-major
  labels: Float32Array; // [n], class ids 0..9
  n: number;
}

function readIdx(path: string, magic: number): { dims: number[]; body: Uint8Array } {
  const bytes = gunzipSync(readFileSync(path));
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const got = view.getUint32(0, false);
  if (got !== magic) throw new Error(`${path}: idx magic ${got.toString(16)}, expected ${magic.toString(16)}`);
  const ndim = magic & 0xff;
  const dims = Array.from({ length: ndim }, (_, i) => view.getUint32(4 + 4 * i, false));
  const body = bytes.subarray(4 + 4 * ndim);
  const want = dims.reduce((a, b) => a * b, 1);
  if (body.length !== want) throw new Error(`${path}: ${body.length} data bytes, header says ${want}`);
  return { dims, body };
}

export function loadSplit(kind: 'train' | 't10k', limit = Infinity, dir = FASHION_MNIST_DIR): Split {
  const img = readIdx(`${dir}/${kind}-images-idx3-ubyte.gz`, 0x00000803);
  const lab = readIdx(`${dir}/${kind}-labels-idx1-ubyte.gz`, 0x00000801);
  const n = Math.min(img.dims[0]!, lab.dims[0]!, limit);
  const images = new Float32Array(n * 784);
  for (let i = 0; i < images.length; i++) images[i] = img.body[i]! / 255;
  const labels = Float32Array.from(lab.body.subarray(0, n));
  return { images, labels, n };
}
