// A user's app as a bundler sees it: imports the package by name, loads a real MXNet checkpoint served next
// to the page (fixture/go_test-*, copied there by bundlers.test.ts) and predicts. The result is published as
// window.mxjsResult (a promise) for the test, and shown on the page.
import * as mx from 'mxjs';

async function predict() {
  const prefix = new URL('fixture/go_test', location.href).href;
  const [sym, arg, aux] = await mx.model.load_checkpoint(prefix, 1);
  // The label goes through Reshape(-1), which cannot be inferred backwards: give its shape too.
  const exec = sym.simple_bind(mx.cpu(), { grad_req: 'null', data: [1, 10], softmax_label: [10] });
  exec.copy_params_from(arg, aux);
  const input = Array.from({ length: 10 }, (_, i) => (i - 4.5) / 3);
  const [probs] = exec.forward({ data: mx.nd.array(input, { shape: [1, 10] }) });
  const result = { input, shape: probs.shape, values: Array.from(await probs.asnumpy()) };
  exec.dispose();
  return result;
}

window.mxjsResult = predict().catch((e) => ({ error: `${e.name}: ${e.message}` }));
window.mxjsResult.then((r) => {
  document.getElementById('out').textContent = JSON.stringify(r, null, 1);
});
