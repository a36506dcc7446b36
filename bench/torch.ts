// PyTorch rows of the benchmark (one thread), run as `python3 -c` scripts only where `import torch` works
// (Debian's python3-torch); never installed by the benchmark. The LeNet epoch is in lenet_epoch.ts.
import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { torchPython } from './lenet_epoch.js';

export interface TorchResult {
  sgemmGflops: number;
  mlpEpochSeconds: number;
  cnnPredictMs: number;
  mlpPredictMs: number;
  coldStartMs: number;
}

// Same shapes and nets as the JS side: SGEMM 1024, the MLP trained with SGD lr 0.1 on batches of 100
// (timed on `steps` batches, scaled to 600), LeNet predict batch 64 and MLP predict batch 1 (medians).
const SCRIPT = `
import sys, time, statistics, torch
torch.set_num_threads(1)
steps = int(sys.argv[1])
def med(f, reps, inner=1):
    for _ in range(3): f()
    s = []
    for _ in range(reps):
        t0 = time.perf_counter()
        for _ in range(inner): f()
        s.append((time.perf_counter() - t0) / inner)
    return statistics.median(s)
a, b = torch.rand(1024, 1024), torch.rand(1024, 1024)
gflops = 2 * 1024 ** 3 / med(lambda: torch.mm(a, b), 7) / 1e9
mlp = torch.nn.Sequential(torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 64), torch.nn.ReLU(), torch.nn.Linear(64, 10))
opt = torch.optim.SGD(mlp.parameters(), lr=0.1)
x, y = torch.rand(steps + 1, 100, 784), torch.randint(0, 10, (steps + 1, 100))
def step(i):
    opt.zero_grad(); torch.nn.functional.cross_entropy(mlp(x[i]), y[i]).backward(); opt.step()
step(steps)
t0 = time.perf_counter()
for i in range(steps): step(i)
epoch = (time.perf_counter() - t0) / steps * 600
lenet = torch.nn.Sequential(
    torch.nn.Conv2d(1, 20, 5), torch.nn.ReLU(), torch.nn.MaxPool2d(2),
    torch.nn.Conv2d(20, 50, 5), torch.nn.ReLU(), torch.nn.MaxPool2d(2), torch.nn.Flatten(),
    torch.nn.Linear(800, 500), torch.nn.ReLU(), torch.nn.Linear(500, 10), torch.nn.Softmax(1)).eval()
mlp_eval = torch.nn.Sequential(mlp, torch.nn.Softmax(1)).eval()
xc, x1 = torch.rand(64, 1, 28, 28), torch.rand(1, 784)
with torch.no_grad():
    cnn = med(lambda: lenet(xc).numpy(), 15) * 1e3
    one = med(lambda: mlp_eval(x1).numpy(), 15, 200) * 1e3
print(gflops, epoch, cnn, one)
`;

// Cold start: import torch, build the MLP, load its weights from a state dict saved beforehand, predict.
const COLD = `
import torch
mlp = torch.nn.Sequential(torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 64), torch.nn.ReLU(), torch.nn.Linear(64, 10))
mlp.load_state_dict(torch.load(__import__('sys').argv[1]))
with torch.no_grad():
    print(int(torch.softmax(mlp(torch.full((1, 784), 0.5)), 1).argmax()))
`;

/** null (with the reason printed by the caller) when `import torch` fails. */
export function runTorch(steps: number, coldRuns: number): TorchResult | null {
  const py = torchPython();
  if (!py) return null;
  const [sgemmGflops, mlpEpochSeconds, cnnPredictMs, mlpPredictMs] =
    execFileSync(py, ['-c', SCRIPT, String(steps)], { encoding: 'utf8' }).trim().split(/\s+/).map(Number) as [number, number, number, number];
  const file = `/tmp/mxjs-bench-mlp-${process.pid}.pt`;
  execFileSync(py, ['-c', `import torch\ntorch.save(torch.nn.Sequential(torch.nn.Linear(784, 128), torch.nn.ReLU(), torch.nn.Linear(128, 64), torch.nn.ReLU(), torch.nn.Linear(64, 10)).state_dict(), '${file}')`]);
  const times: number[] = [];
  for (let r = 0; r < coldRuns; r++) {
    const t0 = performance.now();
    const res = spawnSync(py, ['-c', COLD, file], { encoding: 'utf8' });
    if (res.status !== 0) throw new Error(`PyTorch cold start failed: ${res.stderr}`);
    times.push(performance.now() - t0);
  }
  rmSync(file, { force: true });
  times.sort((a, b) => a - b);
  return { sgemmGflops, mlpEpochSeconds, cnnPredictMs, mlpPredictMs, coldStartMs: times[times.length >> 1]! };
}
