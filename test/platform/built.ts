// Shared by the platform tests: where the repository and its build outputs are, and a clear failure
// when the package has not been built (these tests exercise dist/, not src/).
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const DIST = join(REPO, 'dist');

/** Throws unless dist/ holds both entries, their types and the wasm core. */
export function requireDist(): void {
  const missing = ['index.js', 'index.d.ts', 'predict.js', 'predict.d.ts', 'mxjs.wasm'].filter((f) => !existsSync(join(DIST, f)));
  if (missing.length > 0) {
    throw new Error(`dist/ is not built (missing ${missing.join(', ')}): run 'bash scripts/setup.sh' or 'npm run build' first`);
  }
}
