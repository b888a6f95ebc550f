/** The prediction output: streamed text, the multiple-choice verdict, and the timings table. */
import { h, replaceChildren } from '../dom.js';
import { timingRows, type PredictionTimings } from '../metrics.js';

/** Run states shown in the badge. */
export type RunState = 'idle' | 'sampling' | 'generating' | 'done' | 'cancelled' | 'error';

const STATE_TEXT: Record<RunState, string> = {
  idle: 'idle',
  sampling: 'sampling frames…',
  generating: 'generating…',
  done: 'done',
  cancelled: 'cancelled',
  error: 'error',
};

/** The output component. */
export interface OutputPanel {
  readonly el: HTMLElement;
  reset(): void;
  setState(state: RunState, detail?: string): void;
  appendToken(text: string): void;
  setText(text: string): void;
  showFrames(
    count: number,
    width: number,
    height: number,
    thumbnails: { timestamp: number; bitmap: ImageBitmap }[],
  ): void;
  showVerdict(choice: { letter: string; answer: string; correct: boolean } | null): void;
  showTimings(t: PredictionTimings): void;
  /** Says next to the output that the model's weights are untrained (its text is meaningless). */
  setUntrained(untrained: boolean): void;
}

/** Creates the output panel. */
export function createOutputPanel(): OutputPanel {
  const badge = h('span', { class: 'state', id: 'run-state', 'data-state': 'idle' }, STATE_TEXT.idle);
  const textNode = document.createTextNode('');
  const stream = h(
    'div',
    {
      id: 'output',
      class: 'stream empty',
      'aria-live': 'polite',
      'aria-atomic': 'false',
      'aria-label': 'Model output',
    },
    textNode,
  );
  const detail = h('p', { class: 'hint', id: 'run-detail' });
  const verdict = h('div', { id: 'mc-result', class: 'verdict', hidden: true, role: 'status' });
  const frames = h('div', { class: 'thumbs', id: 'frames', 'aria-label': 'Frames the model saw' });
  const framesCaption = h('p', { class: 'hint', id: 'frames-caption' });
  const timings = h('dl', { class: 'timings', id: 'timings' });
  const untrainedNote = h(
    'span',
    { class: 'badge warn', id: 'output-untrained', hidden: true },
    'untrained demo weights: meaningless text',
  );
  const framesSection = h(
    'div',
    { hidden: true },
    h('h3', {}, 'Frames the model saw'),
    frames,
    framesCaption,
  );
  const timingsSection = h('div', { hidden: true }, h('h3', {}, 'Timings'), timings);
  let tokens = 0;

  return {
    el: h(
      'div',
      { class: 'output-panel' },
      h('div', { class: 'output-head' }, h('h3', {}, 'Model output'), untrainedNote, badge),
      stream,
      detail,
      verdict,
      framesSection,
      timingsSection,
    ),
    reset() {
      textNode.data = '';
      tokens = 0;
      delete stream.dataset.tokens;
      stream.classList.add('empty');
      verdict.hidden = true;
      replaceChildren(frames);
      framesCaption.textContent = '';
      replaceChildren(timings);
      framesSection.hidden = true;
      timingsSection.hidden = true;
      detail.textContent = '';
    },
    setState(state, text) {
      badge.dataset.state = state;
      badge.textContent = STATE_TEXT[state];
      stream.setAttribute('aria-busy', String(state === 'sampling' || state === 'generating'));
      stream.classList.toggle('streaming', state === 'generating');
      detail.textContent = text ?? '';
    },
    appendToken(text) {
      tokens += 1;
      textNode.appendData(text);
      stream.classList.remove('empty');
      stream.dataset.tokens = String(tokens);
    },
    setText(text) {
      textNode.data = text;
      stream.classList.toggle('empty', text === '');
    },
    showFrames(count, width, height, thumbnails) {
      replaceChildren(
        frames,
        ...thumbnails.map((t) => {
          const canvas = h('canvas', {
            width: t.bitmap.width,
            height: t.bitmap.height,
            role: 'img',
            'aria-label': `Frame at ${t.timestamp.toFixed(2)} s`,
          });
          canvas.getContext('bitmaprenderer')?.transferFromImageBitmap(t.bitmap);
          return h('figure', { class: 'thumb' }, canvas, h('figcaption', {}, `${t.timestamp.toFixed(1)} s`));
        }),
      );
      framesSection.hidden = false;
      framesCaption.textContent = `${count} frames at ${width}×${height} px, sampled from the past only.`;
    },
    showVerdict(choice) {
      if (choice === null) {
        verdict.hidden = true;
        return;
      }
      verdict.hidden = false;
      verdict.dataset.correct = String(choice.correct);
      replaceChildren(
        verdict,
        h('span', { class: 'verdict-icon', 'aria-hidden': 'true' }, choice.correct ? '✓' : '✗'),
        h(
          'span',
          {},
          h('strong', {}, choice.correct ? 'Correct' : 'Wrong'),
          ` · predicted ${choice.letter === '' ? 'no option letter (scored as wrong, as lmms-eval does)' : choice.letter}`,
          ` · answer ${choice.answer}`,
        ),
      );
    },
    setUntrained(untrained) {
      untrainedNote.hidden = !untrained;
    },
    showTimings(t) {
      timingsSection.hidden = false;
      replaceChildren(
        timings,
        ...timingRows(t).flatMap((row) => [
          h('dt', {}, row.label),
          h('dd', { 'data-key': row.key }, row.value),
        ]),
      );
    },
  };
}
