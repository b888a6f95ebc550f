import { beforeEach, describe, expect, it, vi } from 'vitest';

const video = vi.hoisted(() => ({
  probe: vi.fn(),
  detectScenes: vi.fn(),
  sampleFrames: vi.fn(),
}));
vi.mock('@nextevent/video', () => video);

const { createBackend } = await import('../src/backend.js');

const INFO = {
  duration: 9,
  width: 320,
  height: 180,
  fps: 10,
  realFps: 10,
  frames: 90,
  videoCodec: 'avc',
  videoCodecString: 'avc1.64001e',
  container: 'MP4',
  hasAudio: false,
};

describe('backend.analyzeVideo', () => {
  beforeEach(() => {
    video.probe.mockReset().mockResolvedValue(INFO);
    video.detectScenes.mockReset().mockResolvedValue({ cuts: [{ time: 3 }, { time: 6 }] });
    video.sampleFrames.mockReset().mockResolvedValue({ frames: [], timestamps: [] });
  });

  it('passes its signal to scene detection and to the filmstrip decode', async () => {
    const controller = new AbortController();
    const blob = new Blob([new Uint8Array(4)]);
    const result = await createBackend().analyzeVideo(blob, controller.signal);
    expect(result.cuts).toEqual([3, 6]);
    expect(video.detectScenes).toHaveBeenCalledWith(blob, { signal: controller.signal });
    expect(video.sampleFrames).toHaveBeenCalledWith(
      blob,
      expect.objectContaining({ nframes: 12, signal: controller.signal }),
    );
  });

  it('rejects with the abort reason when cancelled during the filmstrip, instead of an empty filmstrip', async () => {
    const controller = new AbortController();
    const reason = new DOMException('cancelled by the user', 'AbortError');
    video.sampleFrames.mockImplementation(() => {
      // The decoder stops with its own error once the signal is aborted.
      controller.abort(reason);
      return Promise.reject(new Error('decoder closed'));
    });
    await expect(createBackend().analyzeVideo(new Blob([]), controller.signal)).rejects.toBe(reason);
  });

  it('still answers with an empty filmstrip when previews fail without a cancel', async () => {
    video.sampleFrames.mockRejectedValue(new Error('no decoder for this codec'));
    const result = await createBackend().analyzeVideo(new Blob([]), new AbortController().signal);
    expect(result.filmstrip).toEqual([]);
  });
});
