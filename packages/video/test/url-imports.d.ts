/** Vite's `?url` imports (browser tests): the served URL of the file. */
declare module '*?url' {
  const url: string;
  export default url;
}
