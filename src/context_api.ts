// mx.context as a module.

export { Context, cpu, cpu_pinned, current_context, gpu } from './context.js';

// num_gpus() counts gpu contexts with a live WebGPU device: adapters are found asynchronously, so
// call `await mx.context.init_gpus()` first (FeedForward fit/predict/score on mx.gpu() do it themselves).
export { init_gpus, num_gpus } from './backends/webgpu/device.js';
