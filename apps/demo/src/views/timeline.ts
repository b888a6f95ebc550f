/**
 * The timeline: a track with the scene cuts, the past/future split as an accessible range input (arrow keys step
 * one frame, Page Up/Down jump between cuts, dragging snaps to nearby cuts), and one button per cut.
 */
import { h, replaceChildren } from '../dom.js';
import { adjacentCut, clampSplit, formatTime, snapToCut, splitRange } from '../split-point.js';

/** The timeline component. */
export interface Timeline {
  readonly el: HTMLElement;
  /** Current split point, seconds. */
  readonly value: number;
  /** Shows a video of `duration` seconds with its cuts and an initial split. */
  setVideo(duration: number, fps: number, cuts: readonly number[], at: number): void;
  setValue(at: number): void;
  /** Draws previews of the video along the track. */
  setFilmstrip(frames: readonly { bitmap: ImageBitmap }[]): void;
  /** Uncovers the future part of the filmstrip (after the prediction) or covers it again. */
  setRevealed(revealed: boolean): void;
  /** Disables moving the split while a prediction runs. */
  setLocked(locked: boolean): void;
}

/** Creates the timeline; `onChange` fires with every committed move of the split. */
export function createTimeline(onChange: (at: number) => void): Timeline {
  let duration = 1;
  let cuts: readonly number[] = [];
  let value = 0.5;
  let dragging = false;

  const film = h('div', { class: 'track-film' });
  const past = h('div', { class: 'track-past' });
  const future = h('div', { class: 'track-future' });
  const ticks = h('div', { class: 'track-ticks' });
  const input = h('input', {
    type: 'range',
    id: 'split',
    class: 'split-input',
    min: 0,
    max: 1,
    step: 'any',
    value: 0.5,
    disabled: true,
    'aria-label': 'Split point: the model sees only the video before it',
    'aria-describedby': 'split-help',
  });
  const readout = h('output', { id: 'split-readout', for: 'split', class: 'split-readout' }, 'Split at –');
  const cutList = h('div', { class: 'cut-list', role: 'group', 'aria-label': 'Scene cuts' });
  const el = h(
    'div',
    { class: 'timeline', id: 'timeline' },
    h('div', { class: 'track', 'aria-hidden': 'true' }, film, past, future, ticks),
    input,
    h(
      'div',
      { class: 'timeline-meta' },
      readout,
      h(
        'span',
        { class: 'legend' },
        h('span', { class: 'swatch past' }),
        'past',
        h('span', { class: 'swatch future' }),
        'future',
      ),
    ),
    cutList,
    h(
      'p',
      { id: 'split-help', class: 'hint' },
      'Drag the handle or use ← → (one frame), Page Up / Page Down (previous / next scene cut).',
    ),
  );

  function render(): void {
    const fraction = value / duration;
    past.style.setProperty('width', `${(fraction * 100).toFixed(3)}%`);
    future.style.setProperty('left', `${(fraction * 100).toFixed(3)}%`);
    input.value = String(value);
    const atCut = cuts.some((c) => Math.abs(c - value) < 1e-6);
    const text = `${formatTime(value)}${atCut ? ' (scene cut)' : ''}`;
    input.setAttribute('aria-valuetext', text);
    readout.textContent = `Split at ${text} · past ${value.toFixed(2)} s · future ${(duration - value).toFixed(2)} s`;
    for (const button of cutList.querySelectorAll('button')) {
      button.setAttribute('aria-pressed', String(Math.abs(Number(button.dataset.time) - value) < 1e-6));
    }
  }

  function commit(next: number): void {
    const clamped = clampSplit(next, duration);
    if (clamped === value) {
      render();
      return;
    }
    value = clamped;
    render();
    onChange(value);
  }

  input.addEventListener('pointerdown', () => {
    dragging = true;
  });
  window.addEventListener('pointerup', () => {
    dragging = false;
  });
  input.addEventListener('input', () => {
    const raw = Number(input.value);
    commit(dragging ? snapToCut(raw, cuts, Math.max(0.08, duration * 0.015)) : raw);
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'PageUp' || event.key === 'PageDown') {
      const target = adjacentCut(value, cuts, event.key === 'PageDown' ? 1 : -1);
      event.preventDefault();
      if (target !== undefined) {
        commit(target);
      }
    }
  });

  return {
    el,
    get value() {
      return value;
    },
    setVideo(d, fps, newCuts, at) {
      duration = d;
      cuts = [...newCuts].sort((a, b) => a - b);
      const [lo, hi] = splitRange(d);
      input.min = '0';
      input.max = String(d);
      input.step = fps > 0 ? String(1 / fps) : 'any';
      input.disabled = false;
      replaceChildren(
        ticks,
        ...cuts.map((c) => {
          const tick = h('span', { class: 'tick' });
          tick.style.setProperty('left', `${((c / d) * 100).toFixed(3)}%`);
          return tick;
        }),
      );
      replaceChildren(
        cutList,
        cuts.length === 0 ? h('span', { class: 'hint' }, 'No scene cuts detected.') : null,
        ...cuts.map((c) =>
          h(
            'button',
            {
              type: 'button',
              class: 'cut-chip',
              'data-time': String(c),
              'aria-pressed': 'false',
              disabled: c < lo || c > hi,
              onclick: () => commit(c),
            },
            `Scene cut ${formatTime(c)}`,
          ),
        ),
      );
      value = clampSplit(at, d);
      render();
    },
    setFilmstrip(frames) {
      replaceChildren(
        film,
        ...frames.map((f) => {
          const canvas = h('canvas', { width: f.bitmap.width, height: f.bitmap.height });
          canvas.getContext('bitmaprenderer')?.transferFromImageBitmap(f.bitmap);
          return canvas;
        }),
      );
      el.classList.toggle('has-film', frames.length > 0);
    },
    setRevealed(revealed) {
      el.classList.toggle('revealed', revealed);
    },
    setValue(at) {
      commit(at);
    },
    setLocked(locked) {
      input.disabled = locked;
      for (const button of cutList.querySelectorAll('button')) {
        button.disabled = locked;
      }
    },
  };
}
