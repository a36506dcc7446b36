// The browser demo: trains the seed's MLP on a Fashion-MNIST subset with mx.model.FeedForward in the page
// (WebGPU when an adapter exists, else WebAssembly SIMD), draws live loss/accuracy curves, checkpoints to
// the Origin Private File System every epoch, offers the checkpoint for download, loads checkpoints from
// a URL, from dropped files or from OPFS, and shows predictions on test images.
import * as mx from '../../dist/index.js';
import { LineChart } from './charts.js';
import { CLASS_NAMES, loadSplit } from './fashion_mnist.js';

const $ = (id) => document.getElementById(id);
const query = new URLSearchParams(location.search);
const DATA_URL = new URL(query.get('data') ?? '/datasets/fashion-mnist/', location.href);
const OPFS_PREFIX = 'fashion_mlp'; // a path in the Origin Private File System, where save_checkpoint writes in a browser
const BATCH = 100;
const SHOWN = 24; // test images in the prediction grid

for (const [key, id] of [['train', 'n-train'], ['test', 'n-test'], ['epochs', 'epochs'], ['lr', 'lr']]) {
  if (query.has(key)) $(id).value = query.get(key);
}

const lossChart = new LineChart($('loss-chart'), 'cross-entropy', [
  { name: 'train', color: '#d9480f', points: [] },
  { name: 'validation', color: '#1864ab', points: [], dots: true },
]);
const accChart = new LineChart($('acc-chart'), 'accuracy', [
  { name: 'train', color: '#d9480f', points: [] },
  { name: 'validation', color: '#1864ab', points: [], dots: true },
], { yMin: 0, yMax: 1 });
lossChart.draw();
accChart.draw();

let ctx = mx.cpu();
let trained = null; // { model, epochs }
let testSet = null;

function setState(state, text) {
  document.body.dataset.state = state;
  if (text !== undefined) $('status').textContent = text;
}

/** Run a UI action; any failure is shown on the page (and marks it for the automated test). */
async function action(fn) {
  try {
    await fn();
  } catch (e) {
    console.error(e);
    setState('error');
    $('status').innerHTML = '';
    const p = document.createElement('span');
    p.className = 'error';
    p.textContent = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    $('status').append(p);
  }
}

/** WebGPU when asked for or available (and the package has the backend), else the wasm core. */
async function chooseContext() {
  const want = query.get('backend') ?? 'auto';
  if (want !== 'wasm' && navigator.gpu && typeof mx.context.init_gpus === 'function') {
    try {
      if ((await mx.context.init_gpus()) > 0) return [mx.gpu(), 'WebGPU'];
    } catch (e) {
      console.warn('no WebGPU device, using WebAssembly:', e);
    }
  }
  if (want === 'webgpu') throw new Error('backend=webgpu was asked for, but no WebGPU device could be created');
  return [mx.cpu(), 'WebAssembly SIMD'];
}

function mlp() {
  const data = mx.symbol.Variable('data');
  const fc1 = mx.symbol.FullyConnected(data, { name: 'fc1', num_hidden: 128 });
  const act1 = mx.symbol.Activation(fc1, { name: 'relu1', act_type: 'relu' });
  const fc2 = mx.symbol.FullyConnected(act1, { name: 'fc2', num_hidden: 64 });
  const act2 = mx.symbol.Activation(fc2, { name: 'relu2', act_type: 'relu' });
  const fc3 = mx.symbol.FullyConnected(act2, { name: 'fc3', num_hidden: 10 });
  return mx.symbol.SoftmaxOutput(fc3, { name: 'sm' });
}

async function testImages() {
  const n = Number($('n-test').value);
  if (!testSet || testSet.n !== n) testSet = await loadSplit(DATA_URL, 't10k', n);
  return testSet;
}

/** Metric values over the batches since the last call: (Δ sum_metric) / (Δ num_inst) per metric. */
function windowMeter() {
  let last = null;
  return (composite) => {
    const now = composite.metrics.map((m) => [m.sum_metric, m.num_inst]);
    const prev = last && now.every((v, i) => v[1] >= last[i][1]) ? last : now.map(() => [0, 0]); // reset at each epoch
    last = now;
    return now.map(([s, n], i) => (s - prev[i][0]) / Math.max(1, n - prev[i][1]));
  };
}

async function train() {
  $('train').disabled = true;
  $('download').disabled = true;
  lossChart.clear();
  accChart.clear();
  $('val-acc').textContent = '–';
  setState('loading-data', 'loading Fashion-MNIST…');
  const epochs = Number($('epochs').value);
  const [train, test] = await Promise.all([loadSplit(DATA_URL, 'train', Number($('n-train').value)), testImages()]);
  const X = mx.nd.array(train.images, { shape: [train.n, 784] });
  const y = mx.nd.array(train.labels);
  const testX = mx.nd.array(test.images, { shape: [test.n, 784] });
  const testY = mx.nd.array(test.labels);

  const perEpoch = Math.ceil(train.n / BATCH);
  const total = perEpoch * epochs;
  $('progress').max = total;
  const meter = windowMeter();
  let lastYield = performance.now();
  let tic = performance.now();
  let imagesAtTic = 0;
  const seen = (epoch, nbatch) => (epoch * perEpoch + nbatch) * BATCH;

  setState('training', `training on ${train.n} images…`);
  mx.random.seed(7);
  const model = await mx.model.FeedForward.create(mlp(), {
    X, y, eval_data: [testX, testY], ctx, num_epoch: epochs, numpy_batch_size: BATCH,
    learning_rate: Number($('lr').value), momentum: 0.9, initializer: new mx.init.Xavier(),
    eval_metric: new mx.metric.CompositeEvalMetric(['acc', 'ce']),
    epoch_end_callback: mx.callback.do_checkpoint(OPFS_PREFIX),
    batch_end_callback: async ({ epoch, nbatch, eval_metric }) => {
      const done = epoch * perEpoch + nbatch;
      if (nbatch % 10 === 0 || nbatch === perEpoch) {
        const [acc, ce] = meter(eval_metric);
        accChart.add('train', seen(epoch, nbatch), acc);
        lossChart.add('train', seen(epoch, nbatch), ce);
        const now = performance.now();
        const speed = ((seen(epoch, nbatch) - imagesAtTic) / (now - tic)) * 1000;
        [tic, imagesAtTic] = [now, seen(epoch, nbatch)];
        $('progress').value = done;
        $('status').textContent = `epoch ${epoch + 1}/${epochs} · batch ${nbatch}/${perEpoch} · ${Math.round(speed)} images/s`;
      }
      // Let the page repaint now and then: training runs on the main thread.
      if (performance.now() - lastYield > 50) {
        lossChart.draw();
        accChart.draw();
        await new Promise((r) => setTimeout(r, 0));
        lastYield = performance.now();
      }
    },
    eval_end_callback: ({ epoch, eval_metric }) => {
      const [[, acc], [, ce]] = eval_metric.get_name_value();
      accChart.add('validation', seen(epoch, perEpoch), acc);
      lossChart.add('validation', seen(epoch, perEpoch), ce);
      lossChart.draw();
      accChart.draw();
      $('val-acc').textContent = `${(acc * 100).toFixed(1)}% after epoch ${epoch + 1}`;
      document.body.dataset.valAcc = String(acc);
    },
  });
  for (const a of [X, y, testX, testY]) a.dispose();
  trained = { model, epochs };
  $('progress').value = total;
  setState('trained', `trained ${epochs} epochs on ${train.n} images`);
  $('train').disabled = false;
  $('download').disabled = false;
  $('load-opfs').disabled = false;

  // Show predictions of the checkpoint just written to browser storage, read back as a user would.
  await loadFromOpfs();
}

async function showPredictions(model, source) {
  const test = await testImages();
  const testX = mx.nd.array(test.images, { shape: [test.n, 784] });
  const probs = await model.predict(testX);
  const predicted = await mx.nd.argmax(probs, { axis: 1 }).asnumpy();
  testX.dispose();
  let correct = 0;
  for (let i = 0; i < test.n; i++) if (predicted[i] === test.labels[i]) correct++;
  const accuracy = correct / test.n;
  $('loaded').textContent = `${source}: ${(accuracy * 100).toFixed(1)}% of ${test.n} test images right`;
  document.body.dataset.predictAcc = String(accuracy);

  const grid = $('predictions');
  grid.replaceChildren();
  for (let i = 0; i < Math.min(SHOWN, test.n); i++) {
    const cell = document.createElement('div');
    cell.className = `pred ${predicted[i] === test.labels[i] ? 'right' : 'wrong'}`;
    const c = document.createElement('canvas');
    c.width = 28;
    c.height = 28;
    const img = new ImageData(28, 28);
    for (let p = 0; p < 784; p++) {
      const v = 255 - test.pixels[i * 784 + p];
      img.data.set([v, v, v, 255], p * 4);
    }
    c.getContext('2d').putImageData(img, 0, 0);
    const label = document.createElement('div');
    label.className = 'label';
    label.textContent = CLASS_NAMES[predicted[i]];
    const truth = document.createElement('div');
    truth.textContent = `(is ${CLASS_NAMES[test.labels[i]]})`;
    cell.append(c, label, truth);
    grid.append(cell);
  }
  setState('done');
}

async function loadFromOpfs() {
  if (!trained) throw new Error('nothing trained in this page yet');
  const model = await mx.model.FeedForward.load(OPFS_PREFIX, trained.epochs, { ctx, numpy_batch_size: BATCH });
  await showPredictions(model, `loaded ${OPFS_PREFIX}-${String(trained.epochs).padStart(4, '0')}.params from browser storage`);
}

async function loadFromUrl() {
  // A relative prefix would name an OPFS file in a browser: make it an http(s) URL.
  const prefix = new URL($('url-prefix').value, location.href).href;
  const epoch = Number($('url-epoch').value);
  setState('loading');
  $('loaded').textContent = `fetching ${prefix}…`;
  const model = await mx.model.FeedForward.load(prefix, epoch, { ctx, numpy_batch_size: BATCH });
  await showPredictions(model, `loaded ${prefix}-${String(epoch).padStart(4, '0')}.params`);
}

async function loadFromFiles(files) {
  const list = [...files];
  const json = list.find((f) => f.name.endsWith('.json'));
  const params = list.find((f) => f.name.endsWith('.params'));
  if (!json || !params) throw new Error(`drop both a -symbol.json and a .params file (got ${list.map((f) => f.name).join(', ') || 'nothing'})`);
  setState('loading');
  $('loaded').textContent = `reading ${json.name} and ${params.name}…`;
  const [symbol, arg_params, aux_params] = await mx.model.load_checkpoint_frombuffer(json, params);
  const model = new mx.model.FeedForward(symbol, { ctx, arg_params, aux_params, numpy_batch_size: BATCH });
  await showPredictions(model, `loaded dropped ${params.name}`);
}

async function download() {
  const { model, epochs } = trained;
  const blobs = await mx.model.save_checkpoint_to_blobs(OPFS_PREFIX, epochs, model.symbol, model.arg_params, model.aux_params);
  $('downloads').replaceChildren();
  for (const [name, blob] of Object.entries(blobs)) {
    const a = document.createElement('a');
    a.href = URL.createObjectURL(blob);
    a.download = name;
    a.textContent = `${name} (${blob.size} bytes)`;
    $('downloads').append(a, ' ');
    a.click();
  }
}

$('train').addEventListener('click', () => action(train));
$('download').addEventListener('click', () => action(download));
$('load-url').addEventListener('click', () => action(loadFromUrl));
$('load-opfs').addEventListener('click', () => action(loadFromOpfs));
$('file-input').addEventListener('change', (e) => action(() => loadFromFiles(e.target.files)));
const drop = $('drop-zone');
drop.addEventListener('dragover', (e) => {
  e.preventDefault();
  drop.classList.add('over');
});
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (e) => {
  e.preventDefault();
  drop.classList.remove('over');
  action(() => loadFromFiles(e.dataTransfer.files));
});

await action(async () => {
  let label;
  [ctx, label] = await chooseContext();
  $('backend').textContent = `${label}${crossOriginIsolated ? ' (cross-origin isolated)' : ''}`;
  document.body.dataset.backend = label;
  setState('idle', 'ready');
  if (query.get('autorun') === '1') await train();
});
