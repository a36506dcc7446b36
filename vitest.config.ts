import { defineConfig } from 'vitest/config';
import { useSwiftShaderIfPresent } from './test/webgpu/swiftshader_env.js';

// WebGPU tests run on SwiftShader when Debian's chromium is installed; workers inherit this env.
useSwiftShaderIfPresent();

// Tests import the TypeScript sources directly; the wasm core must be built first (npm run build:wasm).
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    maxWorkers: 2,
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
