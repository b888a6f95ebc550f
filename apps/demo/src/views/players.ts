/**
 * The two players: the past (everything before the split, looping inside it, never showing a later frame) and the
 * future (covered by a veil until the model has answered, then revealed for comparison).
 */
import { h } from '../dom.js';
import { formatTime } from '../split-point.js';

/** The players component. */
export interface Players {
  readonly el: HTMLElement;
  setSource(url: string, fps: number): void;
  setSplit(at: number, duration: number): void;
  /** Covers the future again (a new split or a new prediction). */
  hideFuture(): void;
  /** Removes the veil and plays the future from the split point. */
  revealFuture(): void;
  readonly revealed: boolean;
}

type FrameCallbackVideo = HTMLVideoElement & {
  requestVideoFrameCallback?(cb: (now: number, meta: { mediaTime: number }) => void): number;
};

/** Creates both players. */
export function createPlayers(): Players {
  let at = 0;
  let frame = 0.1;
  let revealed = false;

  const pastVideo: FrameCallbackVideo = h('video', {
    id: 'past-video',
    playsinline: true,
    muted: true,
    controls: true,
    preload: 'auto',
    'aria-label': 'The past: the part of the video the model sees',
  });
  pastVideo.muted = true;
  const futureVideo = h('video', {
    id: 'future-video',
    playsinline: true,
    muted: true,
    preload: 'auto',
    'aria-label': 'The future: what actually happened after the split',
  });
  futureVideo.muted = true;
  const pastCaption = h('figcaption', {}, 'Past');
  const futureCaption = h('figcaption', {}, 'Future');
  const veil = h(
    'div',
    { class: 'veil', id: 'future-veil' },
    h('span', { class: 'veil-icon', 'aria-hidden': 'true' }, '?'),
    h('p', {}, 'Hidden until the model has answered'),
  );
  const futureFrame = h('div', { class: 'frame' }, futureVideo, veil);
  const futureFigure = h(
    'figure',
    { class: 'player future', id: 'future-player' },
    futureFrame,
    futureCaption,
  );

  /** Keeps the past player strictly before the split. */
  function clampPast(time = pastVideo.currentTime): void {
    if (time >= at - frame / 2) {
      pastVideo.pause();
      pastVideo.currentTime = Math.max(0, at - frame);
    }
  }
  pastVideo.addEventListener('timeupdate', () => clampPast());
  pastVideo.addEventListener('seeking', () => clampPast());
  pastVideo.addEventListener('play', () => {
    if (pastVideo.currentTime >= at - frame * 1.5) {
      pastVideo.currentTime = 0;
    }
    watchFrames();
  });
  function watchFrames(): void {
    if (typeof pastVideo.requestVideoFrameCallback !== 'function') {
      return;
    }
    pastVideo.requestVideoFrameCallback((_now, meta) => {
      clampPast(meta.mediaTime + frame);
      if (!pastVideo.paused) {
        watchFrames();
      }
    });
  }
  futureVideo.addEventListener('seeking', () => {
    if (futureVideo.currentTime < at) {
      futureVideo.currentTime = at;
    }
  });

  function setFutureHidden(hidden: boolean): void {
    revealed = !hidden;
    futureFigure.classList.toggle('revealed', !hidden);
    futureVideo.controls = !hidden;
    futureFrame.inert = hidden;
    veil.hidden = !hidden;
  }
  setFutureHidden(true);

  return {
    el: h(
      'div',
      { class: 'players' },
      h(
        'figure',
        { class: 'player past', id: 'past-player' },
        h('div', { class: 'frame' }, pastVideo),
        pastCaption,
      ),
      futureFigure,
    ),
    get revealed() {
      return revealed;
    },
    setSource(url, fps) {
      frame = fps > 0 ? 1 / fps : 0.1;
      pastVideo.src = url;
      futureVideo.src = url;
    },
    setSplit(newAt, duration) {
      at = newAt;
      pastCaption.replaceChildren(
        h('strong', {}, 'Past'),
        ` · ${formatTime(0)} – ${formatTime(at)} · what the model sees`,
      );
      futureCaption.replaceChildren(
        h('strong', {}, 'Future'),
        ` · ${formatTime(at)} – ${formatTime(duration)} · what actually happened`,
      );
      if (pastVideo.currentTime > at) {
        pastVideo.currentTime = Math.max(0, at - frame);
      }
      futureVideo.pause();
      futureVideo.currentTime = at;
    },
    hideFuture() {
      futureVideo.pause();
      futureVideo.currentTime = at;
      setFutureHidden(true);
    },
    revealFuture() {
      setFutureHidden(false);
      futureVideo.currentTime = at;
      void futureVideo.play().catch(() => undefined);
    },
  };
}
