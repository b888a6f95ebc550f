/**
 * The worker's request dispatcher, independent of `self` so it can be tested with a fake backend: one model at a
 * time, one prediction at a time, cancellation through AbortSignal, every failure turned into an `error` event.
 */
import type { Predictor, WorkerBackend } from './predictor.js';
import { isWorkerRequest, type WorkerEvent, type WorkerRequest } from './protocol.js';

/** Sends an event to the page (transferring ImageBitmaps where given). */
export type PostEvent = (event: WorkerEvent, transfer?: Transferable[]) => void;

/** Raised when a prediction is requested before a model is loaded. */
export class NoModelError extends Error {
  override readonly name = 'NoModelError';
  constructor() {
    super('No model is loaded yet: load the bundled model or a Hugging Face checkpoint first.');
  }
}

/** The dispatcher returned by {@link createWorkerHost}. */
export interface WorkerHost {
  /** Handles one message from the page; resolves when the request it started has finished. */
  handle(message: unknown): Promise<void>;
}

function errorEvent(id: number, error: unknown): WorkerEvent {
  if (error instanceof Error) {
    return { type: 'error', id, name: error.name, message: error.message };
  }
  return { type: 'error', id, name: 'Error', message: String(error) };
}

/** Creates the dispatcher around a backend (the real one or a test fake). */
export function createWorkerHost(backend: WorkerBackend, post: PostEvent): WorkerHost {
  let predictor: Predictor | null = null;
  let loading: AbortController | null = null;
  let predicting: AbortController | null = null;
  const controllers = new Map<number, AbortController>();

  async function run(id: number, work: (signal: AbortSignal) => Promise<void>): Promise<void> {
    const controller = new AbortController();
    controllers.set(id, controller);
    try {
      await work(controller.signal);
    } catch (error) {
      post(controller.signal.aborted ? { type: 'cancelled', id } : errorEvent(id, error));
    } finally {
      controllers.delete(id);
    }
    return undefined;
  }

  async function loadModel(req: Extract<WorkerRequest, { type: 'load-model' }>): Promise<void> {
    loading?.abort();
    predicting?.abort();
    await run(req.id, async (signal) => {
      loading = controllers.get(req.id) ?? null;
      const started = performance.now();
      // Free the previous model's GPU memory before the next one is uploaded.
      predictor?.dispose();
      predictor = null;
      const next = await backend.loadPredictor(req.source, {
        compute: req.compute,
        signal,
        onProgress: (p) => post({ type: 'progress', id: req.id, ...p }),
      });
      if (signal.aborted) {
        next.dispose();
        throw signal.reason;
      }
      predictor = next;
      post({ type: 'model-loaded', id: req.id, info: next.info, ms: performance.now() - started });
    });
  }

  async function analyze(req: Extract<WorkerRequest, { type: 'analyze-video' }>): Promise<void> {
    await run(req.id, async (signal) => {
      const started = performance.now();
      const result = await backend.analyzeVideo(req.video, signal);
      // A backend that finished anyway: the page asked for something else meanwhile, so nothing is reported.
      if (signal.aborted) {
        for (const f of result.filmstrip) {
          f.bitmap.close();
        }
        throw signal.reason;
      }
      post(
        { type: 'video-analyzed', id: req.id, ...result, ms: performance.now() - started },
        result.filmstrip.map((f) => f.bitmap),
      );
    });
  }

  async function predict(req: Extract<WorkerRequest, { type: 'predict' }>): Promise<void> {
    predicting?.abort();
    await run(req.id, async (signal) => {
      predicting = controllers.get(req.id) ?? null;
      if (predictor === null) {
        throw new NoModelError();
      }
      const output = await predictor.predict(
        { video: req.video, at: req.at, task: req.task, maxNewTokens: req.maxNewTokens },
        {
          signal,
          onFrames: (frames) =>
            post(
              { type: 'frames-sampled', id: req.id, ...frames },
              frames.thumbnails.map((t) => t.bitmap),
            ),
          onToken: (text) => {
            if (!signal.aborted) {
              post({ type: 'token', id: req.id, text });
            }
          },
        },
      );
      if (signal.aborted) {
        throw signal.reason;
      }
      const done: WorkerEvent = {
        type: 'prediction-done',
        id: req.id,
        text: output.text,
        timings: output.timings,
      };
      if (req.task.mode === 'multiple-choice') {
        done.choice = backend.scoreChoice(req.task.doc, output.text);
      }
      post(done);
    });
  }

  return {
    async handle(message: unknown): Promise<void> {
      if (!isWorkerRequest(message)) {
        const id =
          typeof message === 'object' && message !== null ? (message as { id?: unknown }).id : undefined;
        post({
          type: 'error',
          id: typeof id === 'number' ? id : -1,
          name: 'TypeError',
          message: 'worker: malformed request',
        });
        return;
      }
      switch (message.type) {
        case 'load-model':
          return loadModel(message);
        case 'analyze-video':
          return analyze(message);
        case 'predict':
          return predict(message);
        case 'cancel':
          controllers.get(message.target)?.abort(new DOMException('cancelled by the user', 'AbortError'));
          return;
      }
    },
  };
}
