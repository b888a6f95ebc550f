/**
 * The demo page: video (drop / pick / sample) with its timeline, model picker, question, streamed prediction. All
 * heavy work happens in the worker; this module only wires views to the protocol.
 */
import type { Capabilities } from './capabilities.js';
import { h, replaceChildren } from './dom.js';
import type { ModelSource } from './model-source.js';
import { describeModelSource } from './model-source.js';
import type { ComputeBackend, WorkerEvent } from './protocol.js';
import { suggestSplit } from './split-point.js';
import { createGpuPanel } from './views/gpu-panel.js';
import { BUNDLED_MODEL, createModelPicker } from './views/model-picker.js';
import { createOutputPanel } from './views/output-panel.js';
import { createPlayers } from './views/players.js';
import { createTaskPanel } from './views/task-panel.js';
import { createTimeline } from './views/timeline.js';
import {
  CancelledError,
  createWorkerClient,
  type PendingRequest,
  type WorkerCrashedError,
} from './worker-client.js';

/** Maximum new tokens per mode: FutureBench's reference setting is 16; free text gets room for a sentence. */
export const MAX_NEW_TOKENS = { 'free-text': 48, 'multiple-choice': 16 } as const;

/** Mounts the demo into `root`. */
export function mountApp(root: HTMLElement, caps: Capabilities): void {
  const base = new URL(import.meta.env.BASE_URL, document.baseURI);
  // Started on the first request, and again on the first request after a crash (see onWorkerCrash).
  const client = createWorkerClient(
    () =>
      new Worker(new URL('./worker.ts', import.meta.url), {
        type: 'module',
        name: 'nextevent-model',
      }),
    { onCrash: (error) => onWorkerCrash(error) },
  );

  let video: { blob: Blob; url: string; duration: number; name: string } | null = null;
  /** Bumped by every video choice (drop, pick, sample): an older sample fetch must not replace a newer choice. */
  let videoChoice = 0;
  let modelReady = false;
  let running: PendingRequest<WorkerEvent> | null = null;
  let analyzing: PendingRequest<WorkerEvent> | null = null;
  let loading: PendingRequest<WorkerEvent> | null = null;

  const { chip, panel: gpuPanel } = createGpuPanel(caps);
  const players = createPlayers();
  const timeline = createTimeline((at) => {
    players.hideFuture();
    timeline.setRevealed(false);
    players.setSplit(at, video?.duration ?? 0);
    output.showVerdict(null);
    taskPanel.showChoice(null);
  });
  const output = createOutputPanel();
  const taskPanel = createTaskPanel(
    async () => {
      const response = await fetch(new URL('futurebench-sample.json', base));
      if (!response.ok) {
        throw new Error(`HTTP ${response.status}`);
      }
      return response.text();
    },
    (mode) => {
      maxTokens.value = String(MAX_NEW_TOKENS[mode]);
      output.showVerdict(null);
    },
  );
  const picker = createModelPicker(new URL(`models/${BUNDLED_MODEL}/`, base).href, (source, compute) =>
    loadModel(source, compute),
  );

  const videoStatus = h('p', { class: 'status', id: 'video-status', role: 'status' }, 'No video yet.');
  const fileInput = h('input', {
    type: 'file',
    id: 'video-input',
    accept: 'video/*',
    hidden: true,
    'aria-label': 'Video file',
  });
  const dropzone = h(
    'div',
    { class: 'dropzone', id: 'dropzone' },
    h('p', { class: 'drop-title' }, 'Drop a video here'),
    h('p', { class: 'hint' }, 'MP4 or WebM; it never leaves your machine.'),
    h(
      'div',
      { class: 'row center' },
      h(
        'button',
        { type: 'button', class: 'button secondary', id: 'pick-video', onclick: () => fileInput.click() },
        'Choose a file…',
      ),
      h(
        'button',
        { type: 'button', class: 'button secondary', id: 'use-sample', onclick: () => void useSample() },
        'Use the sample video',
      ),
    ),
    fileInput,
  );
  const maxTokens = h('input', {
    type: 'number',
    id: 'max-tokens',
    min: 1,
    max: 512,
    value: MAX_NEW_TOKENS['free-text'],
    inputmode: 'numeric',
  });
  const predictButton = h(
    'button',
    { type: 'button', class: 'button primary', id: 'predict', disabled: true },
    'Predict what happens next',
  );
  const cancelButton = h(
    'button',
    { type: 'button', class: 'button ghost', id: 'cancel', disabled: true },
    'Cancel',
  );
  const predictHint = h('p', { class: 'hint', id: 'predict-hint' }, 'Load a video and a model to start.');

  root.replaceChildren(
    h(
      'header',
      { class: 'topbar' },
      h(
        'div',
        { class: 'brand' },
        h('span', { class: 'logo', 'aria-hidden': 'true' }, '▸▸'),
        h(
          'div',
          {},
          h('h1', {}, 'nextevent'),
          h('p', { class: 'tagline' }, 'What happens next? A video model, running locally on WebGPU.'),
        ),
      ),
      chip,
    ),
    gpuPanel,
    h(
      'div',
      { class: 'layout' },
      h(
        'section',
        { class: 'card video-card', 'aria-labelledby': 'video-title' },
        h('h2', { id: 'video-title' }, h('span', { class: 'step' }, '1'), 'Video & split point'),
        dropzone,
        videoStatus,
        players.el,
        timeline.el,
      ),
      h(
        'section',
        { class: 'card model-card', 'aria-labelledby': 'model-title' },
        h('h2', { id: 'model-title' }, h('span', { class: 'step' }, '2'), 'Model & question'),
        picker.el,
        h('hr', { class: 'divider' }),
        taskPanel.el,
        h(
          'div',
          { class: 'predict-row' },
          h(
            'div',
            { class: 'field compact' },
            h('label', { for: 'max-tokens' }, 'Max new tokens'),
            maxTokens,
          ),
          predictButton,
          cancelButton,
        ),
        predictHint,
      ),
      h(
        'section',
        { class: 'card output-card', 'aria-labelledby': 'output-title' },
        h('h2', { id: 'output-title' }, h('span', { class: 'step' }, '3'), 'Prediction'),
        output.el,
      ),
    ),
    h(
      'footer',
      { class: 'footer' },
      'Everything runs in this tab: frames are decoded with WebCodecs and the model runs on WebGPU in a worker. ',
      'Based on “Fostering Video Reasoning via Next-Event Prediction” (V1) and its FutureBench.',
    ),
  );

  function refreshPredict(): void {
    const busy = running !== null;
    predictButton.disabled = busy || video === null || !modelReady || analyzing !== null;
    cancelButton.disabled = !busy;
    timeline.setLocked(busy || video === null);
    taskPanel.setLocked(busy);
    predictHint.textContent = busy
      ? 'Working in the background: the page stays responsive. Cancel stops it.'
      : video === null
        ? 'Pick a video (or the sample) to start.'
        : !modelReady
          ? loading !== null
            ? 'Waiting for the model…'
            : 'Load a model to continue.'
          : 'The model sees only the past; the future is revealed when it has answered.';
  }

  // Video ------------------------------------------------------------------------------------------------------
  async function setVideo(blob: Blob, name: string): Promise<void> {
    videoChoice += 1;
    analyzing?.cancel();
    // A prediction about the previous video must not finish (or reveal its future) on this one.
    running?.cancel();
    if (video) {
      URL.revokeObjectURL(video.url);
    }
    const url = URL.createObjectURL(blob);
    const current = { blob, url, duration: 0, name };
    video = current;
    // Nothing said about the previous video stays on screen: its answer, its verdict, its revealed future.
    players.hideFuture();
    timeline.setRevealed(false);
    output.reset();
    output.setState(running === null ? 'idle' : 'cancelled', running === null ? '' : 'Stopping…');
    taskPanel.showChoice(null);
    delete document.body.dataset.video;
    videoStatus.className = 'status';
    videoStatus.textContent = `Analysing ${name} (probe + scene detection)…`;
    refreshPredict();
    const request = client.request<Extract<WorkerEvent, { type: 'video-analyzed' }>>({
      type: 'analyze-video',
      video: blob,
    });
    analyzing = request;
    try {
      const result = await request.done;
      if (video !== current) {
        return;
      }
      const v = result.video;
      current.duration = v.duration;
      players.setSource(url, v.fps);
      const at = suggestSplit(v.duration, result.cuts);
      timeline.setVideo(v.duration, v.fps, result.cuts, at);
      timeline.setFilmstrip(result.filmstrip);
      players.setSplit(timeline.value, v.duration);
      players.hideFuture();
      timeline.setRevealed(false);
      videoStatus.className = 'status ok';
      videoStatus.textContent =
        `${name}: ${v.duration.toFixed(2)} s, ${v.width}×${v.height}, ${v.fps.toFixed(2)} fps, ${v.codec}` +
        ` · ${result.cuts.length} scene cut${result.cuts.length === 1 ? '' : 's'} found in ${Math.round(result.ms)} ms` +
        ` · split suggested at the ${result.cuts.includes(at) ? 'scene cut' : 'middle'}`;
      document.body.dataset.video = 'ready';
    } catch (error) {
      if (video === current && !(error instanceof CancelledError)) {
        videoStatus.className = 'status error';
        videoStatus.textContent = `Could not read ${name}: ${(error as Error).message}`;
        video = null;
      }
    } finally {
      if (analyzing === request) {
        analyzing = null;
      }
      refreshPredict();
    }
  }

  async function useSample(): Promise<void> {
    const choice = ++videoChoice;
    videoStatus.className = 'status';
    videoStatus.textContent = 'Fetching the sample video…';
    let blob: Blob;
    try {
      const response = await fetch(new URL('sample.mp4', base));
      if (!response.ok) {
        throw new Error(`HTTP ${response.status}`);
      }
      blob = await response.blob();
    } catch (error) {
      if (choice === videoChoice) {
        videoStatus.className = 'status error';
        replaceChildren(
          videoStatus,
          `Could not fetch the sample video (${error instanceof Error ? error.message : String(error)}). `,
          h(
            'button',
            { type: 'button', class: 'button ghost', id: 'retry-sample', onclick: () => void useSample() },
            'Try again',
          ),
        );
      }
      return;
    }
    if (choice === videoChoice) {
      await setVideo(blob, 'sample.mp4');
    }
  }

  fileInput.addEventListener('change', () => {
    const file = fileInput.files?.[0];
    if (file) {
      void setVideo(file, file.name);
    }
    fileInput.value = '';
  });
  dropzone.addEventListener('dragover', (event) => {
    event.preventDefault();
    dropzone.classList.add('over');
  });
  dropzone.addEventListener('dragleave', () => dropzone.classList.remove('over'));
  dropzone.addEventListener('drop', (event) => {
    event.preventDefault();
    dropzone.classList.remove('over');
    const file = event.dataTransfer?.files[0];
    if (file) {
      void setVideo(file, file.name);
    }
  });

  // Model ------------------------------------------------------------------------------------------------------
  function loadModel(source: ModelSource, compute: ComputeBackend): void {
    loading?.cancel();
    modelReady = false;
    picker.setBusy(true);
    refreshPredict();
    const request = client.request<Extract<WorkerEvent, { type: 'model-loaded' }>>(
      { type: 'load-model', source, compute },
      (event) => {
        if (event.type === 'progress') {
          picker.showProgress(event.file, event.loaded, event.total, event.stage);
        }
      },
    );
    loading = request;
    request.done
      .then((event) => {
        modelReady = true;
        picker.showLoaded(event.info, event.ms);
        output.setUntrained(event.info.untrained);
        document.body.dataset.model = 'ready';
      })
      .catch((error: unknown) => {
        if (!(error instanceof CancelledError)) {
          picker.showError(`Could not load ${describeModelSource(source)}: ${(error as Error).message}`);
        }
      })
      .finally(() => {
        if (loading === request) {
          loading = null;
          picker.setBusy(false);
        }
        refreshPredict();
      });
  }

  // Prediction -------------------------------------------------------------------------------------------------
  predictButton.addEventListener('click', () => {
    if (video === null || running !== null) {
      return;
    }
    const task = taskPanel.task();
    if (typeof task === 'string') {
      predictHint.textContent = task;
      return;
    }
    output.reset();
    taskPanel.showChoice(null);
    players.hideFuture();
    timeline.setRevealed(false);
    output.setState('sampling', 'Decoding and sampling frames from the past…');
    // Results that arrive after the video was changed belong to the old video: never shown.
    const asked = video;
    const stale = (): boolean => video !== asked;
    const request = client.request<Extract<WorkerEvent, { type: 'prediction-done' }>>(
      {
        type: 'predict',
        video: video.blob,
        at: timeline.value,
        task,
        maxNewTokens: Math.max(
          1,
          Math.min(512, Math.round(Number(maxTokens.value) || MAX_NEW_TOKENS[task.mode])),
        ),
      },
      (event) => {
        if (stale()) {
          return;
        }
        if (event.type === 'frames-sampled') {
          output.showFrames(event.count, event.width, event.height, event.thumbnails);
          output.setState('generating', 'Running the vision encoder, prefill, then decoding token by token…');
        } else if (event.type === 'token') {
          output.appendToken(event.text);
        }
      },
    );
    running = request;
    document.body.dataset.run = 'running';
    refreshPredict();
    request.done
      .then((event) => {
        if (stale()) {
          throw new CancelledError();
        }
        output.setText(event.text);
        output.setState(
          'done',
          event.text.trim() === ''
            ? `The model answered with whitespace only (${JSON.stringify(event.text)}). The future is revealed: compare.`
            : 'The future is revealed next to the past: compare.',
        );
        output.showTimings(event.timings);
        if (event.choice) {
          output.showVerdict(event.choice);
          taskPanel.showChoice(event.choice);
        }
        players.revealFuture();
        timeline.setRevealed(true);
        document.body.dataset.run = 'done';
      })
      .catch((error: unknown) => {
        if (stale()) {
          output.setState(
            'cancelled',
            'Stopped: a new video was chosen; the prediction was for the previous one.',
          );
          document.body.dataset.run = 'cancelled';
        } else if (error instanceof CancelledError) {
          output.setState('cancelled', 'Stopped. Nothing more is computed for this request.');
          document.body.dataset.run = 'cancelled';
        } else {
          output.setState('error', `${(error as Error).name}: ${(error as Error).message}`);
          document.body.dataset.run = 'error';
        }
      })
      .finally(() => {
        running = null;
        refreshPredict();
      });
  });
  cancelButton.addEventListener('click', () => running?.cancel());
  document.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && running !== null) {
      running.cancel();
    }
  });

  /**
   * The worker died: every pending request has been rejected (their handlers restore the buttons), and the next
   * request starts a fresh worker, which has no model yet.
   */
  function onWorkerCrash(error: WorkerCrashedError): void {
    modelReady = false;
    document.body.dataset.model = 'error';
    picker.showError(error.message);
    if (running === null) {
      output.setState('error', error.message);
    }
    refreshPredict();
  }

  refreshPredict();
  loadModel(
    { kind: 'bundled', url: new URL(`models/${BUNDLED_MODEL}/`, base).href, name: BUNDLED_MODEL },
    'webgpu',
  );
}
