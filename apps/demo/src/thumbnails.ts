/** Small previews of decoded RGB frames, made in the worker and transferred to the page as ImageBitmaps. */

/** An RGB(A) frame as @nextevent/video and @nextevent/vlm pass them around. */
export interface PixelFrame {
  width: number;
  height: number;
  data: Uint8Array | Uint8ClampedArray;
  channels?: 3 | 4;
}

/** Scales a frame to `height` pixels (keeping its aspect ratio) as an ImageBitmap. */
export async function thumbnail(frame: PixelFrame, height: number): Promise<ImageBitmap> {
  const { width: w, height: h, data } = frame;
  const channels = frame.channels ?? (data.length === w * h * 4 ? 4 : 3);
  const rgba = new Uint8ClampedArray(w * h * 4);
  for (let i = 0, j = 0; i < w * h; i++, j += channels) {
    rgba[i * 4] = data[j] as number;
    rgba[i * 4 + 1] = data[j + 1] as number;
    rgba[i * 4 + 2] = data[j + 2] as number;
    rgba[i * 4 + 3] = 255;
  }
  return createImageBitmap(new ImageData(rgba, w, h), {
    resizeWidth: Math.max(1, Math.round((w * height) / h)),
    resizeHeight: height,
    resizeQuality: 'medium',
  });
}
