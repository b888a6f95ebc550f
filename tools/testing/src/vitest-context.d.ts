declare module 'vitest' {
  export interface ProvidedContext {
    /** True where the environment must have a WebGPU adapter (CI, the browser project). */
    requireGpu: boolean;
  }
}
export {};
