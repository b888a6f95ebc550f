import { describe, expect, it } from 'vitest';
import type { PredictHooks, PredictInput, Predictor, WorkerBackend } from '../src/predictor.js';
import type { PredictTask, WorkerEvent } from '../src/protocol.js';
import { isWorkerRequest } from '../src/protocol.js';
import { createWorkerHost } from '../src/worker-host.js';

const TIMINGS = {
  framesSampled: 2,
  samplingMs: 1,
  visionMs: 1,
  prefillTokens: 10,
  prefillMs: 1,
  decodeTokens: 3,
  decodeMs: 1,
  timeToFirstTokenMs: 1,
};

const DOC = {
  id: 'd1',
  question_type: 'hop1',
  video_path: 'x/video_dataset/a.mp4',
  qa: { Question: 'q?', Options: { A: 'a', B: 'b', C: 'c', D: 'd' }, Answer: 'B' },
};

/** A predictor that streams the given tokens, one per microtask, and can be told to wait for an abort. */
function fakePredictor(tokens: string[], options: { waitForAbort?: boolean } = {}) {
  const calls: PredictInput[] = [];
  let disposed = 0;
  const predictor: Predictor = {
    info: { name: 'fake', untrained: true, summary: 'fake', bytes: 1, fromCache: false },
    async predict(input: PredictInput, hooks: PredictHooks) {
      calls.push(input);
      hooks.onFrames({ count: 2, width: 28, height: 28, thumbnails: [] });
      for (const t of tokens) {
        await Promise.resolve();
        hooks.onToken(t);
      }
      if (options.waitForAbort) {
        await new Promise((_, reject) =>
          hooks.signal.addEventListener('abort', () => reject(new Error('aborted inside'))),
        );
      }
      return { text: tokens.join(''), timings: TIMINGS };
    },
    dispose() {
      disposed += 1;
    },
  };
  return { predictor, calls, disposed: () => disposed };
}

function setup(predictor: Predictor) {
  const events: WorkerEvent[] = [];
  const scored: string[] = [];
  const computes: string[] = [];
  const backend: WorkerBackend = {
    loadPredictor: (_source, options) => {
      computes.push(options.compute);
      options.onProgress({ stage: 'download', file: 'model.safetensors', loaded: 5, total: 10 });
      return Promise.resolve(predictor);
    },
    analyzeVideo: () =>
      Promise.resolve({
        video: {
          duration: 9,
          width: 320,
          height: 180,
          fps: 10,
          frames: 90,
          codec: 'avc',
          container: 'MP4',
          hasAudio: true,
        },
        cuts: [3, 6],
        filmstrip: [],
      }),
    scoreChoice: (doc, response) => {
      scored.push(response);
      const letter = /[ABCD]/.exec(response)?.[0] ?? '';
      return { letter, answer: doc.qa.Answer, correct: letter === doc.qa.Answer };
    },
  };
  const host = createWorkerHost(backend, (e) => events.push(e));
  return { host, events, scored, computes };
}

const video = new Blob([new Uint8Array(4)]);
const load = {
  type: 'load-model',
  id: 1,
  source: { kind: 'bundled', url: 'http://x/m/', name: 'm' },
  compute: 'webgpu',
} as const;

describe('worker host', () => {
  it('loads a model with progress, then streams a prediction and finishes with the full text', async () => {
    const fake = fakePredictor(['It ', 'rains', '.']);
    const { host, events, computes } = setup(fake.predictor);
    await host.handle(load);
    expect(computes).toEqual(['webgpu']);
    const task: PredictTask = { mode: 'free-text', question: 'next?' };
    await host.handle({ type: 'predict', id: 2, video, at: 3, task, maxNewTokens: 8 });
    expect(events.map((e) => e.type)).toEqual([
      'progress',
      'model-loaded',
      'frames-sampled',
      'token',
      'token',
      'token',
      'prediction-done',
    ]);
    expect(events.filter((e) => e.type === 'token').map((e) => (e as { text: string }).text)).toEqual([
      'It ',
      'rains',
      '.',
    ]);
    const done = events.at(-1) as Extract<WorkerEvent, { type: 'prediction-done' }>;
    expect(done).toMatchObject({ id: 2, text: 'It rains.', timings: TIMINGS });
    expect(done.choice).toBeUndefined();
    expect(fake.calls[0]).toMatchObject({ at: 3, maxNewTokens: 8, task });
  });

  it('scores multiple-choice answers through the backend', async () => {
    const { host, events, scored } = setup(fakePredictor(['B', '.']).predictor);
    await host.handle(load);
    await host.handle({
      type: 'predict',
      id: 2,
      video,
      at: 3,
      task: { mode: 'multiple-choice', doc: DOC },
      maxNewTokens: 16,
    });
    expect(scored).toEqual(['B.']);
    expect(events.at(-1)).toMatchObject({
      type: 'prediction-done',
      choice: { letter: 'B', answer: 'B', correct: true },
    });
  });

  it('refuses to predict before a model is loaded, with a named error', async () => {
    const { host, events } = setup(fakePredictor([]).predictor);
    await host.handle({
      type: 'predict',
      id: 7,
      video,
      at: 3,
      task: { mode: 'free-text', question: 'q' },
      maxNewTokens: 4,
    });
    expect(events).toEqual([
      {
        type: 'error',
        id: 7,
        name: 'NoModelError',
        message: 'No model is loaded yet: load the bundled model or a Hugging Face checkpoint first.',
      },
    ]);
  });

  it('cancels a running prediction: a `cancelled` event, no `prediction-done`, no tokens after the abort', async () => {
    const { host, events } = setup(fakePredictor(['a', 'b'], { waitForAbort: true }).predictor);
    await host.handle(load);
    const running = host.handle({
      type: 'predict',
      id: 2,
      video,
      at: 3,
      task: { mode: 'free-text', question: 'q' },
      maxNewTokens: 4,
    });
    await new Promise((r) => setTimeout(r, 5));
    await host.handle({ type: 'cancel', id: 3, target: 2 });
    await running;
    expect(events.map((e) => e.type)).toEqual([
      'progress',
      'model-loaded',
      'frames-sampled',
      'token',
      'token',
      'cancelled',
    ]);
  });

  it('disposes the previous model before loading the next one', async () => {
    const fake = fakePredictor([]);
    const { host } = setup(fake.predictor);
    await host.handle(load);
    expect(fake.disposed()).toBe(0);
    await host.handle({ ...load, id: 2 });
    expect(fake.disposed()).toBe(1);
  });

  it('reports video analysis', async () => {
    const { host, events } = setup(fakePredictor([]).predictor);
    await host.handle({ type: 'analyze-video', id: 4, video });
    expect(events[0]).toMatchObject({ type: 'video-analyzed', id: 4, cuts: [3, 6], video: { duration: 9 } });
  });

  it('reports a cancelled analysis as `cancelled`, never `video-analyzed`, even from a backend that finished', async () => {
    const events: WorkerEvent[] = [];
    let cancel = (): Promise<void> => Promise.resolve();
    const backend: WorkerBackend = {
      loadPredictor: () => Promise.reject(new Error('unused')),
      // Ignores its signal: the page's cancel arrives while it runs, and it returns a result anyway.
      analyzeVideo: async () => {
        await cancel();
        return {
          video: {
            duration: 9,
            width: 320,
            height: 180,
            fps: 10,
            frames: 90,
            codec: 'avc',
            container: 'MP4',
            hasAudio: false,
          },
          cuts: [3],
          filmstrip: [],
        };
      },
      scoreChoice: () => ({ letter: '', answer: 'A', correct: false }),
    };
    const host = createWorkerHost(backend, (e) => events.push(e));
    cancel = () => host.handle({ type: 'cancel', id: 5, target: 4 });
    await host.handle({ type: 'analyze-video', id: 4, video });
    expect(events).toEqual([{ type: 'cancelled', id: 4 }]);
  });

  it('answers malformed requests with an error instead of throwing', async () => {
    const { host, events } = setup(fakePredictor([]).predictor);
    await host.handle({ type: 'predict', id: 9, video: 'not a blob', at: 1, task: {}, maxNewTokens: 1 });
    await host.handle(null);
    expect(events).toEqual([
      { type: 'error', id: 9, name: 'TypeError', message: 'worker: malformed request' },
      { type: 'error', id: -1, name: 'TypeError', message: 'worker: malformed request' },
    ]);
  });
});

describe('isWorkerRequest', () => {
  it('checks each request shape', () => {
    expect(isWorkerRequest({ type: 'cancel', id: 1, target: 2 })).toBe(true);
    expect(isWorkerRequest({ type: 'cancel', id: 1 })).toBe(false);
    expect(
      isWorkerRequest({ type: 'predict', id: 1, video, at: Number.NaN, task: {}, maxNewTokens: 1 }),
    ).toBe(false);
    expect(isWorkerRequest({ type: 'analyze-video', id: 1.5, video })).toBe(false);
    expect(isWorkerRequest({ type: 'delete-everything', id: 1 })).toBe(false);
  });
});
