import { defineConfig } from 'vitest/config';

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
