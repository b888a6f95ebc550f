/**
 * PySceneDetect's `FlashFilter` (scenedetect/detector.py), which enforces the minimum scene length on the raw
 * "score above threshold" signal, counted in frames here (PySceneDetect converts the length to seconds with the
 * first frame's rate; the same for constant frame rate).
 *
 * - `'merge'` (PySceneDetect's default): cuts closer together than the length are merged into one, emitted at the
 *   last above-threshold frame of the burst once the video has stayed below the threshold long enough.
 * - `'suppress'`: after a cut, further cuts are ignored until the length has passed.
 */
export class FlashFilter {
  private lastAbove: number | null = null;
  private mergeEnabled = false;
  private mergeTriggered = false;
  private mergeStart = 0;

  constructor(
    private readonly mode: 'merge' | 'suppress',
    private readonly length: number,
  ) {}

  /** Feeds one frame; returns the frame numbers of the cuts this frame confirms (usually none). */
  filter(frame: number, above: boolean): number[] {
    if (this.length <= 0) {
      return above ? [frame] : [];
    }
    this.lastAbove ??= frame;
    const lengthMet = frame - this.lastAbove >= this.length;
    if (this.mode === 'suppress') {
      if (!(above && lengthMet)) {
        return [];
      }
      this.lastAbove = frame;
      return [frame];
    }
    if (above) {
      this.lastAbove = frame;
    }
    if (this.mergeTriggered) {
      // Below the threshold again for long enough: the merged burst becomes one cut at its last frame.
      if (lengthMet && !above && this.lastAbove - this.mergeStart >= this.length) {
        this.mergeTriggered = false;
        return [this.lastAbove];
      }
      return [];
    }
    if (!above) {
      return [];
    }
    if (lengthMet) {
      this.mergeEnabled = true; // merging starts only after the first cut
      return [frame];
    }
    if (this.mergeEnabled) {
      this.mergeTriggered = true;
      this.mergeStart = frame;
    }
    return [];
  }
}
