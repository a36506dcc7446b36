// mx.context as a module.

export { Context, cpu, cpu_pinned, current_context, gpu } from './context.js';

/** Number of WebGPU devices mxjs can use (0 until the WebGPU backend exists). */
export function num_gpus(): number {
  return 0;
}
