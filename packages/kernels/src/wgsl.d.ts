// Vite/Vitest `?raw` imports of WGSL sources (inlined as strings by the library build).
declare module '*?raw' {
  const source: string;
  export default source;
}
