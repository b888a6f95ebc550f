export { getTestDevice, type TestDevice } from './gpu.js';
export { closeness, type Closeness, type Tolerance } from './closeness.js';
export { createMockGpuDevice, type MockCall, type MockGpu, type MockGpuOptions } from './mock-gpu.js';
