/** Text or UTF-8 bytes of a file. */
export type TextInput = string | Uint8Array;

/** Decodes UTF-8 bytes (a leading BOM is dropped); strings pass through. */
export function toText(input: TextInput): string {
  if (typeof input === 'string') {
    return input;
  }
  if (input instanceof Uint8Array) {
    return new TextDecoder('utf-8').decode(input);
  }
  throw new TypeError('input must be a string or a Uint8Array (UTF-8 bytes).');
}

/** lmms-eval's `hash_string`: lowercase hex SHA-256 of the UTF-8 bytes (Web Crypto; Node ≥ 20 and browsers). */
export async function sha256Hex(text: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
  return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
}
