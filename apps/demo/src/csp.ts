/**
 * The demo's Content-Security-Policy, built in one place so the page's meta tag, the dev server and the tests agree.
 *
 * The production policy allows nothing from other origins except `connect-src` to the Hugging Face hosts a user can
 * pick a model from; the page itself never contacts them unless the user asks for a download.
 */

/** Hosts a model may be downloaded from (besides the page's own origin). Kept in sync with `connect-src`. */
export const MODEL_HOSTS: readonly string[] = ['huggingface.co', '*.huggingface.co', '*.hf.co'];

/** Options for {@link buildCsp}. */
export interface CspOptions {
  /**
   * Relaxes the policy for the Vite dev server (inline styles injected by HMR, the HMR websocket).
   * Default: `false`.
   */
  dev?: boolean;
}

/** Returns the policy as a `;`-separated string for a `<meta http-equiv="Content-Security-Policy">` tag. */
export function buildCsp(options: CspOptions = {}): string {
  const dev = options.dev ?? false;
  const hosts = MODEL_HOSTS.map((h) => `https://${h}`);
  const directives: Record<string, string[]> = {
    'default-src': ["'none'"],
    'script-src': ["'self'"],
    'style-src': dev ? ["'self'", "'unsafe-inline'"] : ["'self'"],
    'img-src': ["'self'", 'blob:', 'data:'],
    'media-src': ["'self'", 'blob:'],
    'connect-src': ["'self'", ...hosts, ...(dev ? ['ws:'] : [])],
    'worker-src': ["'self'"],
    'font-src': ["'self'"],
    'manifest-src': ["'self'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'object-src': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ');
}
