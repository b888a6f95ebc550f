// Vite's `?raw` imports (used by the browser test to bundle golden files).
declare module '*?raw' {
  const text: string;
  export default text;
}
