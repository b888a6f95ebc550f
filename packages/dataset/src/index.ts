/**
 * @nextevent/dataset: V1-33K schemas and validation, Python-compatible data generation (byte-identical to the
 * reference `video_data_generation.py`), LLaMA-Factory and EasyR1 writers. Browser-safe; Node-only helpers
 * (file system, download) live on `@nextevent/dataset/node`.
 */
export { PythonRandom, type PyInt } from './random/python-random.js';
export { Mt19937 } from './random/mt19937.js';
