import { probe } from '@nextevent/video';
import { EXIT, type CommandSpec } from '../command.js';

interface ProbeFlags {
  frames?: boolean;
  json?: boolean;
}

/** `nextevent probe`: container, codecs, geometry, timing, frame count and keyframes of a video. */
export const probeCommand: CommandSpec = {
  name: 'probe',
  summary: 'Show a video’s container, codecs, size, rotation, timing, frame count, fps and keyframes.',
  description:
    'Reads a video with @nextevent/video (Mediabunny; nothing is decoded): container, video/audio codecs, display ' +
    'size, rotation, duration, start time, frame count (counted from the packets), average and real fps, keyframe ' +
    'times. --frames adds the presentation timestamp of every frame.',
  arguments: [{ name: 'file', description: 'Video file (MP4, MOV, WebM, MKV, …).' }],
  options: [
    {
      flags: '--frames',
      description: 'Include every frame’s presentation timestamp (`timestamps`, seconds).',
    },
    { flags: '--json', description: 'Print one JSON object on stdout.' },
  ],
  async run({ args, options, io }) {
    const f = options as ProbeFlags;
    const file = args[0] ?? '';
    const r = await probe(file, { timestamps: f.frames === true });
    if (f.json) {
      io.stdout(`${JSON.stringify({ file, ...r })}\n`);
      return EXIT.ok;
    }
    const lines = [
      `file        ${file}`,
      `container   ${r.container} (${r.mimeType})`,
      `video       ${r.videoCodec} ${r.width}x${r.height}${r.rotation ? ` rotation ${r.rotation}°` : ''}`,
      `audio       ${r.hasAudio ? (r.audioCodec ?? 'unknown codec') : 'none'}`,
      `duration    ${r.duration} s (video ${r.startTime}–${r.videoEnd} s)`,
      `frames      ${r.frames} (fps ${r.fps.toFixed(3)} average, ${r.realFps === null ? 'variable' : r.realFps.toFixed(3)} real)`,
      `keyframes   ${r.keyframes.join(' ')}`,
    ];
    if (r.timestamps) {
      lines.push(`timestamps  ${r.timestamps.join(' ')}`);
    }
    io.stdout(`${lines.join('\n')}\n`);
    return EXIT.ok;
  },
};
