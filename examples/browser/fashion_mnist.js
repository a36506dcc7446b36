// Fashion-MNIST in the page: fetch the gzip'd idx files (served from Debian's dataset-fashion-mnist),
// gunzip them with the browser's own DecompressionStream, and turn the first `limit` images into
// float32 pixels in [0, 1] ready for mx.nd.array(images, { shape: [n, 784] }).

export const CLASS_NAMES = ['T-shirt/top', 'Trouser', 'Pullover', 'Dress', 'Coat', 'Sandal', 'Shirt', 'Sneaker', 'Bag', 'Ankle boot'];

async function gunzipped(url) {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status} (is dataset-fashion-mnist installed? scripts/setup.sh installs it)`);
  return new Uint8Array(await new Response(res.body.pipeThrough(new DecompressionStream('gzip'))).arrayBuffer());
}

/** An idx file: big-endian magic (0x0803 images, 0x0801 labels), dimension sizes, then uint8 data. */
function parseIdx(bytes, magic, url) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(0, false) !== magic) throw new Error(`${url}: not an idx file with magic 0x${magic.toString(16)}`);
  const ndim = magic & 0xff;
  const dims = Array.from({ length: ndim }, (_, i) => view.getUint32(4 + 4 * i, false));
  return { dims, body: bytes.subarray(4 + 4 * ndim) };
}

/** { images: Float32Array [n*784], pixels: Uint8Array [n*784], labels: Float32Array [n], n } */
export async function loadSplit(baseUrl, kind, limit) {
  const imgUrl = new URL(`${kind}-images-idx3-ubyte.gz`, baseUrl);
  const labUrl = new URL(`${kind}-labels-idx1-ubyte.gz`, baseUrl);
  const [imgBytes, labBytes] = await Promise.all([gunzipped(imgUrl), gunzipped(labUrl)]);
  const img = parseIdx(imgBytes, 0x803, imgUrl);
  const lab = parseIdx(labBytes, 0x801, labUrl);
  const n = Math.min(img.dims[0], lab.dims[0], limit);
  const pixels = img.body.subarray(0, n * 784);
  const images = new Float32Array(n * 784);
  for (let i = 0; i < images.length; i++) images[i] = pixels[i] / 255;
  return { images, pixels, labels: Float32Array.from(lab.body.subarray(0, n)), n };
}
