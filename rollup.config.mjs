// Builds dist/index.js (ESM, one file), dist/index.d.ts (one bundled declaration file) and
// dist/mxjs.wasm. Sources find the wasm under build/wasm/; the bundle finds it next to itself.
import typescript from '@rollup/plugin-typescript';
import { dts } from 'rollup-plugin-dts';
import { readFileSync } from 'node:fs';

const WASM_SOURCE = 'build/wasm/mxjs.wasm';
const DEV_URL = "'../../../build/wasm/mxjs.wasm'";

/** Point the wasm location at the emitted asset and emit the asset itself. */
const wasmAsset = () => ({
  name: 'mxjs-wasm-asset',
  transform(code, id) {
    if (!id.endsWith('/src/backends/wasm/location.ts')) return null;
    if (!code.includes(DEV_URL)) this.error(`location.ts no longer contains ${DEV_URL}`);
    return { code: code.replace(DEV_URL, "'./mxjs.wasm'"), map: null };
  },
  generateBundle() {
    this.emitFile({ type: 'asset', fileName: 'mxjs.wasm', source: readFileSync(WASM_SOURCE) });
  },
});

export default [
  {
    input: 'src/index.ts',
    output: { dir: 'dist', format: 'es', sourcemap: true, banner: '// @ts-self-types="./index.d.ts"' },
    external: [/^node:/, 'webgpu'],
    plugins: [wasmAsset(), typescript({ tsconfig: './tsconfig.build.json' })],
  },
  {
    input: 'src/index.ts',
    output: { file: 'dist/index.d.ts', format: 'es' },
    external: [/^node:/, 'webgpu'],
    plugins: [dts({ tsconfig: './tsconfig.build.json' })],
  },
];
