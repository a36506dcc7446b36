// Points Dawn (npm 'webgpu') at Chromium's SwiftShader Vulkan driver when Debian's chromium package is
// installed, so `npm test` / the GPU bench need no environment variables. LD_LIBRARY_PATH is read only
// when a process starts: call this before test workers (or a re-spawned bench process) are created.
import { existsSync } from 'node:fs';

export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';
const CHROMIUM_LIB = '/usr/lib/chromium';

/** Sets VK_ICD_FILENAMES / LD_LIBRARY_PATH in process.env unless already set; true when SwiftShader exists. */
export function useSwiftShaderIfPresent(env: NodeJS.ProcessEnv = process.env): boolean {
  if (!existsSync(SWIFTSHADER_ICD)) return false;
  env.VK_ICD_FILENAMES ??= SWIFTSHADER_ICD;
  const ld = env.LD_LIBRARY_PATH ?? '';
  if (!ld.split(':').includes(CHROMIUM_LIB)) env.LD_LIBRARY_PATH = ld ? `${ld}:${CHROMIUM_LIB}` : CHROMIUM_LIB;
  return true;
}
