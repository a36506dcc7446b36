// Prints vitest's JSON result as the plain closing line CI reads: "N passed, N failed".
import { readFileSync } from 'node:fs';

const file = process.argv[2];
let r;
try {
  r = JSON.parse(readFileSync(file, 'utf8'));
} catch (e) {
  console.log(`0 passed, 1 failed`);
  console.error(`no test results in ${file}: ${e.message}`);
  process.exit(1);
}
const failed = r.numFailedTests + (r.numFailedTestSuites ?? 0) - countSuitesWithFailedTests(r);
console.log(`${r.numPassedTests} passed, ${failed} failed`);

// A suite that fails to load has no failed tests of its own; count it once as a failure.
function countSuitesWithFailedTests(res) {
  return (res.testResults ?? []).filter((s) => s.status === 'failed' && s.assertionResults.some((a) => a.status === 'failed')).length;
}
