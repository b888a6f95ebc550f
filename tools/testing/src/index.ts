export { getTestDevice, type TestDevice } from './gpu.js';
export { closeness, type Closeness, type Tolerance } from './closeness.js';
