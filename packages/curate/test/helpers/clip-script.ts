import { readFile } from 'node:fs/promises';
import type { FakeCall, FakeReply, FakeScript } from './fake-openai.js';
import { clipOf, happyReply } from './happy-script.js';

/** Per-clip deviations from the happy script; return undefined to answer happily. */
export type ClipOverrides = Record<string, (call: FakeCall, n: number) => FakeReply | undefined>;

/** Maps each clip's data URL to its name, so VLM requests (which carry only the video) can be told apart. */
export async function clipUrls(clips: Record<string, string>): Promise<Map<string, string>> {
  const map = new Map<string, string>();
  for (const [name, path] of Object.entries(clips)) {
    map.set(`data:video/mp4;base64,${(await readFile(path)).toString('base64')}`, name);
  }
  return map;
}

/** A script that names the clip of every request and answers happily unless `overrides` says otherwise. */
export function clipScript(urls: Map<string, string>, overrides: ClipOverrides = {}): FakeScript {
  return (call, n) => {
    const messages = call.body.messages as { content: unknown }[];
    const parts = messages[0]?.content;
    let clip = clipOf(call);
    if (Array.isArray(parts)) {
      const video = (parts as { type: string; video_url?: { url: string } }[]).find(
        (p) => p.type === 'video_url',
      );
      clip = video?.video_url ? urls.get(video.video_url.url) : clip;
    }
    const name = clip ?? 'unknown';
    return overrides[name]?.(call, n) ?? happyReply(call, name);
  };
}
