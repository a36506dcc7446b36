// Imported before gpu_setup.ts by the compatibility-mode suite: devices created from here on come from a
// featureLevel 'compatibility' adapter (128 invocations per workgroup, no core-only features).
import { setAdapterOptions } from '../../src/backends/webgpu/device.js';

setAdapterOptions({ featureLevel: 'compatibility' } as GPURequestAdapterOptions);
