// Vitest setup for Node GPU tests: installs Dawn (the `webgpu` npm package) as navigator.gpu.
// The Vulkan driver comes from the environment (VK_ICD_FILENAMES: lavapipe 25 or Chromium's SwiftShader).
import { create, globals } from 'webgpu';

Object.assign(globalThis, globals);
if (!(globalThis.navigator as Navigator | undefined)?.gpu) {
  Object.defineProperty(globalThis, 'navigator', {
    value: { gpu: create([]) },
    configurable: true,
    writable: true,
  });
}
