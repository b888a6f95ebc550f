import { canDecodeVideo, canEncodeVideo, type VideoCodec } from 'mediabunny';
import type { registerMediabunnyServer } from '@mediabunny/server';
import { isNode } from './source.js';

interface ServerModule {
  registerMediabunnyServer: typeof registerMediabunnyServer;
}

/**
 * "Can we run this here?" in one place: WebCodecs classes, secure context, and the optional Node codecs from
 * `@mediabunny/server` (FFmpeg's libavcodec through node-av).
 */

let nodeCodecs: Promise<boolean> | null = null;

/** True when the WebCodecs `VideoDecoder` and `VideoEncoder` classes exist in this realm. */
export function hasWebCodecs(): boolean {
  return typeof globalThis.VideoDecoder === 'function' && typeof globalThis.VideoEncoder === 'function';
}

/**
 * Makes decoders and encoders available: in a browser with WebCodecs there is nothing to do; in Node it imports
 * the optional `@mediabunny/server` once and registers its libavcodec coders (software only, so nothing probes for
 * GPUs). Resolves to whether coders are available; never throws.
 */
export function ensureCodecs(): Promise<boolean> {
  if (hasWebCodecs()) {
    return Promise.resolve(true);
  }
  if (!isNode()) {
    return Promise.resolve(false);
  }
  nodeCodecs ??= (async () => {
    try {
      const specifier = '@mediabunny/server';
      const server = (await import(/* @vite-ignore */ specifier)) as ServerModule;
      server.registerMediabunnyServer({ hardwareContext: null });
      return true;
    } catch {
      return false;
    }
  })();
  return nodeCodecs;
}

/** What this environment can do with video. */
export interface VideoSupport {
  /** WebCodecs `VideoDecoder`/`VideoEncoder` classes exist. */
  webCodecs: boolean;
  /** `isSecureContext` in a browser (WebCodecs needs it), null outside a window/worker. */
  secureContext: boolean | null;
  /** `@mediabunny/server` was loaded and registered (Node). */
  nodeCodecs: boolean;
  /** Video codecs that can be decoded here. */
  decodable: VideoCodec[];
  /** Video codecs that can be encoded here (needed by `split` in `exact` mode). */
  encodable: VideoCodec[];
  /** Why decoding can't work here, or null when it can. */
  reason: string | null;
}

const CODECS: VideoCodec[] = ['avc', 'hevc', 'vp8', 'vp9', 'av1'];

/** Explains a missing decoder/encoder the way a user can act on. */
export function missingCodecsMessage(): string {
  if (isNode()) {
    return 'no video decoder/encoder in this Node process: install the optional dependency @mediabunny/server';
  }
  const secure = (globalThis as { isSecureContext?: boolean }).isSecureContext;
  if (secure === false) {
    return 'WebCodecs is unavailable because the page is not a secure context (serve it over https or localhost)';
  }
  return 'this browser has no WebCodecs VideoDecoder/VideoEncoder';
}

/** Checks what this environment supports (loads `@mediabunny/server` in Node when it is installed). */
export async function checkSupport(): Promise<VideoSupport> {
  const ok = await ensureCodecs();
  const decodable: VideoCodec[] = [];
  const encodable: VideoCodec[] = [];
  if (ok) {
    for (const c of CODECS) {
      if (await canDecodeVideo(c).catch(() => false)) {
        decodable.push(c);
      }
      if (await canEncodeVideo(c, { width: 640, height: 360 }).catch(() => false)) {
        encodable.push(c);
      }
    }
  }
  const secure = (globalThis as { isSecureContext?: boolean }).isSecureContext;
  return {
    webCodecs: hasWebCodecs(),
    secureContext: typeof secure === 'boolean' ? secure : null,
    nodeCodecs: ok && !hasWebCodecs(),
    decodable,
    encodable,
    reason: decodable.length > 0 ? null : missingCodecsMessage(),
  };
}
