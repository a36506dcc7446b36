// Image helpers for tests and examples (not library code): JPEG/PNG decoding with pure-JS decoders
// into planar float32 CHW (what MXNet models take), and bilinear resize as OpenCV's INTER_LINEAR.
import { readFileSync } from 'node:fs';
import jpeg from 'jpeg-js';
import pngjs from 'pngjs';

/** A planar image: `data[c * height * width + y * width + x]`, values as decoded (0..255). */
export interface PlanarImage {
  channels: number;
  height: number;
  width: number;
  data: Float32Array;
}

export type ChannelOrder = 'RGB' | 'BGR';

/** Decode JPEG or PNG bytes (told apart by their magic) to interleaved RGB, dropping any alpha. */
export function decodeRGB(bytes: Uint8Array, source = 'image'): { width: number; height: number; rgb: Uint8Array } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let width: number;
  let height: number;
  let rgba: Uint8Array;
  if (buf[0] === 0xff && buf[1] === 0xd8) {
    const img = jpeg.decode(buf, { useTArray: true, formatAsRGBA: true });
    ({ width, height } = img);
    rgba = img.data;
  } else if (buf.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))) {
    const img = pngjs.PNG.sync.read(buf);
    ({ width, height } = img);
    rgba = img.data;
  } else {
    throw new Error(`${source}: neither JPEG nor PNG (first bytes ${[...buf.subarray(0, 4)].map((b) => b.toString(16)).join(' ')})`);
  }
  const rgb = new Uint8Array(width * height * 3);
  for (let i = 0, j = 0; i < width * height; i++, j += 3) {
    rgb[j] = rgba[4 * i]!;
    rgb[j + 1] = rgba[4 * i + 1]!;
    rgb[j + 2] = rgba[4 * i + 2]!;
  }
  return { width, height, rgb };
}

/** Interleaved RGB bytes → planar CHW floats in the given channel order (BGR for Caffe-converted nets). */
export function toPlanar(width: number, height: number, rgb: Uint8Array, order: ChannelOrder): PlanarImage {
  const plane = width * height;
  const data = new Float32Array(3 * plane);
  const src = order === 'RGB' ? [0, 1, 2] : [2, 1, 0];
  for (let c = 0; c < 3; c++) {
    const s = src[c]!;
    for (let i = 0; i < plane; i++) data[c * plane + i] = rgb[3 * i + s]!;
  }
  return { channels: 3, height, width, data };
}

/** Read a JPEG/PNG file as a planar CHW image with values 0..255. */
export function loadImage(path: string, order: ChannelOrder = 'RGB'): PlanarImage {
  const { width, height, rgb } = decodeRGB(readFileSync(path), path);
  return toPlanar(width, height, rgb, order);
}

/**
 * Bilinear resize with half-pixel centres (OpenCV's INTER_LINEAR, which MTCNN and GluonCV use):
 * source coordinate (dst + 0.5) * in/out - 0.5, clamped at the borders; no antialiasing.
 */
export function resizeBilinear(img: PlanarImage, height: number, width: number): PlanarImage {
  const taps = (outN: number, inN: number) => {
    const lo = new Int32Array(outN);
    const hi = new Int32Array(outN);
    const frac = new Float32Array(outN);
    const scale = inN / outN;
    for (let o = 0; o < outN; o++) {
      const s = Math.min(Math.max((o + 0.5) * scale - 0.5, 0), inN - 1);
      lo[o] = Math.floor(s);
      hi[o] = Math.min(lo[o]! + 1, inN - 1);
      frac[o] = s - lo[o]!;
    }
    return { lo, hi, frac };
  };
  const ty = taps(height, img.height);
  const tx = taps(width, img.width);
  const out = new Float32Array(img.channels * height * width);
  for (let c = 0; c < img.channels; c++) {
    const src = img.data.subarray(c * img.height * img.width);
    const dst = c * height * width;
    for (let y = 0; y < height; y++) {
      const r0 = ty.lo[y]! * img.width;
      const r1 = ty.hi[y]! * img.width;
      const fy = ty.frac[y]!;
      for (let x = 0; x < width; x++) {
        const x0 = tx.lo[x]!;
        const x1 = tx.hi[x]!;
        const fx = tx.frac[x]!;
        const top = src[r0 + x0]! + (src[r0 + x1]! - src[r0 + x0]!) * fx;
        const bot = src[r1 + x0]! + (src[r1 + x1]! - src[r1 + x0]!) * fx;
        out[dst + y * width + x] = top + (bot - top) * fy;
      }
    }
  }
  return { channels: img.channels, height, width, data: out };
}

/**
 * Area (box-filter) resize for shrinking, as OpenCV's INTER_AREA: each output pixel is the mean of the
 * source area it covers, partial pixels weighted by coverage. Unlike bilinear it does not alias when
 * a photo is shrunk many times (e.g. to CIFAR's 32×32).
 */
export function resizeArea(img: PlanarImage, height: number, width: number): PlanarImage {
  // Per output index: the source indices it covers and their coverage weights (summing to 1).
  const taps = (outN: number, inN: number) => {
    const scale = inN / outN;
    return Array.from({ length: outN }, (_, o) => {
      const lo = o * scale;
      const hi = (o + 1) * scale;
      const idx: number[] = [];
      const w: number[] = [];
      for (let i = Math.floor(lo); i < Math.min(Math.ceil(hi), inN); i++) {
        idx.push(i);
        w.push((Math.min(hi, i + 1) - Math.max(lo, i)) / scale);
      }
      return { idx, w };
    });
  };
  const ty = taps(height, img.height);
  const tx = taps(width, img.width);
  const out = new Float32Array(img.channels * height * width);
  const row = new Float64Array(width);
  for (let c = 0; c < img.channels; c++) {
    const src = img.data.subarray(c * img.height * img.width);
    for (let y = 0; y < height; y++) {
      row.fill(0);
      ty[y]!.idx.forEach((sy, k) => {
        const wy = ty[y]!.w[k]!;
        for (let x = 0; x < width; x++) {
          const { idx, w } = tx[x]!;
          let s = 0;
          for (let j = 0; j < idx.length; j++) s += w[j]! * src[sy * img.width + idx[j]!]!;
          row[x] += wy * s;
        }
      });
      out.set(row, c * height * width + y * width);
    }
  }
  return { channels: img.channels, height, width, data: out };
}

/**
 * The window [x0, x1) × [y0, y1) of `img` (integer pixel bounds, may reach outside the image), with
 * the part outside filled with zeros — MTCNN's `pad` + crop before resizing a candidate box.
 */
export function cropZeroPadded(img: PlanarImage, x0: number, y0: number, x1: number, y1: number): PlanarImage {
  const w = x1 - x0;
  const h = y1 - y0;
  if (w <= 0 || h <= 0) throw new Error(`cropZeroPadded: empty window ${x0},${y0} → ${x1},${y1}`);
  const out = new Float32Array(img.channels * h * w);
  for (let c = 0; c < img.channels; c++) {
    for (let y = Math.max(y0, 0); y < Math.min(y1, img.height); y++) {
      for (let x = Math.max(x0, 0); x < Math.min(x1, img.width); x++) {
        out[(c * h + (y - y0)) * w + (x - x0)] = img.data[(c * img.height + y) * img.width + x]!;
      }
    }
  }
  return { channels: img.channels, height: h, width: w, data: out };
}

/** Apply `(v - mean[c]) * scale[c]` per channel, in place; returns the image. */
export function normalise(img: PlanarImage, mean: readonly number[], scale: readonly number[]): PlanarImage {
  const plane = img.height * img.width;
  for (let c = 0; c < img.channels; c++) {
    const m = mean[c % mean.length]!;
    const s = scale[c % scale.length]!;
    for (let i = c * plane; i < (c + 1) * plane; i++) img.data[i] = (img.data[i]! - m) * s;
  }
  return img;
}
