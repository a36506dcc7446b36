// Builds the package's two entries as ESM: dist/index.js (`mxjs`, everything) and dist/predict.js
// (`mxjs/predict`, inference only), their shared code in one chunk beside them, one bundled declaration
// file per entry, and the four builds of the core (dist/mxjs{,-mt}{,-relaxed}.wasm). Sources find them under
// build/wasm/; the bundle finds it next to itself (`new URL('./mxjs.wasm', import.meta.url)`, which
// bundlers and CDNs understand).
import terser from '@rollup/plugin-terser';
import typescript from '@rollup/plugin-typescript';
import { dts } from 'rollup-plugin-dts';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const WASM_FILES = ['mxjs.wasm', 'mxjs-mt.wasm', 'mxjs-relaxed.wasm', 'mxjs-mt-relaxed.wasm'];
const ENTRIES = { index: 'src/index.ts', predict: 'src/predict.ts' };
const EXTERNAL = [/^node:/, 'webgpu'];

/** Point the wasm locations at the emitted assets and emit the assets themselves. */
const wasmAsset = () => ({
  name: 'mxjs-wasm-asset',
  transform(code, id) {
    if (!id.endsWith('/src/backends/wasm/location.ts')) return null;
    for (const f of WASM_FILES) {
      const dev = `'../../../build/wasm/${f}'`;
      if (!code.includes(dev)) this.error(`location.ts no longer contains ${dev}`);
      code = code.replace(dev, `'./${f}'`);
    }
    return { code, map: null };
  },
  generateBundle() {
    for (const f of WASM_FILES) this.emitFile({ type: 'asset', fileName: f, source: readFileSync(`build/wasm/${f}`) });
  },
});

/**
 * The shared chunk is what the inference entry imports statically (the full entry imports all of it too).
 * The WebGPU backend and runtime, which webgpu/device.ts imports on the first gpu() device, stay out of it
 * in chunks of their own, so a cpu-only process never parses them; code they share with the entries
 * (base.ts, the wasm opcodes) stays in the shared chunk instead of splitting into small ones.
 */
let coreIds;
function coreChunk(id, { getModuleInfo }) {
  if (!coreIds) {
    const entry = resolve(ENTRIES.predict);
    coreIds = new Set();
    const stack = [...getModuleInfo(entry).importedIds];
    while (stack.length > 0) {
      const m = stack.pop();
      const info = getModuleInfo(m);
      if (coreIds.has(m) || !info || info.isExternal) continue;
      coreIds.add(m);
      stack.push(...info.importedIds);
    }
  }
  return coreIds.has(id) ? 'core' : undefined;
}

/**
 * Smaller downloads and faster start-up (less to parse): whitespace, comments and local names go. Names
 * stay where they are read (registries and error messages use class and function names), and so do the
 * comments tools read: Deno's @ts-self-types banner and the bundler hints on the host-only dynamic
 * imports. No compression passes: they inline the variable specifiers of those imports (import('node:fs'),
 * import('webgpu')) into literals that bundlers then try to resolve.
 */
const minify = () => terser({
  module: true,
  compress: false,
  keep_classnames: true,
  keep_fnames: true,
  format: { comments: /@ts-self-types|webpackIgnore|@vite-ignore/ },
});

export default [
  {
    input: ENTRIES,
    output: {
      dir: 'dist',
      format: 'es',
      sourcemap: true,
      // Deno reads an entry's types from this banner; the shared chunk needs none (it is never imported directly).
      banner: (chunk) => (chunk.isEntry ? `// @ts-self-types="./${chunk.name}.d.ts"` : ''),
      entryFileNames: '[name].js',
      // In dist/ itself, so `new URL('./mxjs.wasm', import.meta.url)` in the shared code still points at the
      // asset; a fixed name so rebuilds replace it and CDN paths stay predictable.
      chunkFileNames: (chunk) => (chunk.name === 'core' ? 'mxjs-core.js' : 'mxjs-webgpu-[name].js'),
      manualChunks: coreChunk,
    },
    external: EXTERNAL,
    plugins: [wasmAsset(), typescript({ tsconfig: './tsconfig.build.json' }), minify()],
  },
  // One self-contained declaration file per entry: Deno's @ts-self-types cannot follow imports between .d.ts chunks.
  ...Object.entries(ENTRIES).map(([name, input]) => ({
    input,
    output: { file: `dist/${name}.d.ts`, format: 'es' },
    external: EXTERNAL,
    plugins: [dts({ tsconfig: './tsconfig.build.json' })],
  })),
];
