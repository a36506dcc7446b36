// One LeNet training epoch on Fashion-MNIST (938 batches of 64, SGD momentum 0.9): mxjs FeedForward on
// wasm, and PyTorch on one thread when Debian's python3-torch is installed, timed on N steps and scaled.
//   npx tsx bench/lenet_epoch.ts [--steps N]
import { execFileSync, spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import * as mx from '../src/index.js';
import { loadSplit } from '../examples/fashion_mnist/data.js';
import { lenet } from '../examples/lenet/lenet.js';

export const LENET_BATCH = 64;
export const BATCHES_PER_EPOCH = Math.ceil(60000 / LENET_BATCH); // 938

export interface LenetEpochResult {
  steps: number;
  mxjsSeconds: number;
  /** null when PyTorch is not available; `torchNotice` says why. */
  torchSeconds: number | null;
  torchNotice?: string;
}

/** mxjs: `steps` training batches through FeedForward.fit (binding included), scaled to 938 batches. */
export async function mxjsLenetEpochSeconds(steps: number): Promise<number> {
  const n = steps * LENET_BATCH;
  const train = loadSplit('train', n);
  const X = mx.nd.array(train.images, { shape: [n, 1, 28, 28] });
  const y = mx.nd.array(train.labels);
  const model = new mx.model.FeedForward(lenet(mx), {
    num_epoch: 1, numpy_batch_size: LENET_BATCH, learning_rate: 0.01, momentum: 0.9,
    initializer: new mx.init.Xavier({ factor_type: 'in', magnitude: 2.34 }),
  });
  const t0 = performance.now();
  await model.fit(X, { y, logger: { info() {}, warning() {} } });
  const seconds = (performance.now() - t0) / 1000;
  model.dispose();
  X.dispose();
  y.dispose();
  return (seconds * BATCHES_PER_EPOCH) / steps;
}

// The same network, loss (mean softmax cross-entropy = MXNet's rescale_grad 1/batch) and update.
const TORCH_SCRIPT = `
import sys, time, torch
torch.set_num_threads(1)
torch.manual_seed(0)
steps, batch = int(sys.argv[1]), int(sys.argv[2])
net = torch.nn.Sequential(
    torch.nn.Conv2d(1, 20, 5), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
    torch.nn.Conv2d(20, 50, 5), torch.nn.ReLU(), torch.nn.MaxPool2d(2), torch.nn.Flatten(),
    torch.nn.Linear(800, 500), torch.nn.ReLU(), torch.nn.Linear(500, 10))
opt = torch.optim.SGD(net.parameters(), lr=0.01, momentum=0.9)
loss_fn = torch.nn.CrossEntropyLoss()
x = torch.rand(steps + 3, batch, 1, 28, 28)
y = torch.randint(0, 10, (steps + 3, batch))
def step(i):
    opt.zero_grad()
    loss_fn(net(x[i]), y[i]).backward()
    opt.step()
for i in range(3):
    step(steps + i)
t0 = time.perf_counter()
for i in range(steps):
    step(i)
print(time.perf_counter() - t0)
`;

/** A Python that imports torch: `python3` on PATH first, then Debian's own interpreter. */
export function torchPython(): string | null {
  for (const py of ['python3', '/usr/bin/python3']) {
    const r = spawnSync(py, ['-c', 'import torch'], { stdio: 'ignore' });
    if (r.status === 0) return py;
  }
  return null;
}

/** PyTorch 1 thread: `steps` batches after 3 warm-up ones, scaled to 938; null if torch is missing. */
export function torchLenetEpochSeconds(steps: number): number | null {
  const py = torchPython();
  if (!py) return null;
  const out = execFileSync(py, ['-c', TORCH_SCRIPT, String(steps), String(LENET_BATCH)], { encoding: 'utf8' });
  return (Number(out.trim()) * BATCHES_PER_EPOCH) / steps;
}

export async function runLenetEpoch(steps = 100): Promise<LenetEpochResult> {
  const mxjsSeconds = await mxjsLenetEpochSeconds(steps);
  const torchSeconds = torchLenetEpochSeconds(steps);
  const result: LenetEpochResult = { steps, mxjsSeconds, torchSeconds };
  if (torchSeconds === null) result.torchNotice = 'PyTorch not installed (apt-get install python3-torch); skipped';
  return result;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const i = process.argv.indexOf('--steps');
  const steps = i >= 0 ? Number(process.argv[i + 1]) : 100;
  const r = await runLenetEpoch(steps);
  const torch = r.torchSeconds === null ? r.torchNotice : `PyTorch 1 thread ${r.torchSeconds.toFixed(2)} s, ratio ${(r.mxjsSeconds / r.torchSeconds).toFixed(2)}`;
  console.log(`LeNet epoch (${BATCHES_PER_EPOCH} batches of ${LENET_BATCH}, from ${r.steps} timed): mxjs ${r.mxjsSeconds.toFixed(2)} s; ${torch}`);
}
