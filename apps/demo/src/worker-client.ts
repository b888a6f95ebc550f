/**
 * The page's side of the protocol: numbered requests, events routed to the request that caused them, a promise that
 * settles on the request's terminal event, and cancellation.
 */
import { TERMINAL_EVENTS, type WorkerEvent, type WorkerRequest } from './protocol.js';

/** The part of a `Worker` the client uses (a `MessagePort`-like object works too, which keeps tests simple). */
export interface WorkerLike {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
  /** A real `Worker` reports an uncaught error (or a module that fails to load) with an `error` event. */
  addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
  terminate(): void;
}

/** Options of {@link createWorkerClient}. */
export interface WorkerClientOptions {
  /** Called once per worker crash, after every pending request has been rejected with the error. */
  onCrash?: (error: WorkerCrashedError) => void;
}

/** Raised (as a rejection) when the worker reports an error for a request. */
export class WorkerRequestError extends Error {
  constructor(
    readonly workerName: string,
    message: string,
  ) {
    super(message);
    this.name = workerName === 'Error' ? 'WorkerRequestError' : workerName;
  }
}

/** Raised (as a rejection) when a request was cancelled. */
export class CancelledError extends Error {
  override readonly name = 'CancelledError';
  constructor() {
    super('cancelled');
  }
}

/**
 * Raised (as a rejection of every pending request) when the worker itself fails: an uncaught error or a module that
 * does not load. The worker is terminated; the next request starts a fresh one (with no model loaded).
 */
export class WorkerCrashedError extends Error {
  override readonly name = 'WorkerCrashedError';
  constructor(detail: string) {
    super(`The model worker stopped (${detail}). Load the model again to continue.`);
  }
}

/** Distributes a request's non-terminal events. */
export type EventHandler = (event: WorkerEvent) => void;

/** A running request. */
export interface PendingRequest<E extends WorkerEvent> {
  readonly id: number;
  /** Settles with the terminal success event, or rejects with WorkerRequestError / CancelledError / WorkerCrashedError. */
  readonly done: Promise<E>;
  cancel(): void;
}

type RequestBody = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/**
 * Wraps the worker that `createWorker` makes; see {@link PendingRequest}. The worker is created on the first request,
 * and again on the first request after it crashed ({@link WorkerCrashedError}).
 */
export function createWorkerClient(createWorker: () => WorkerLike, options: WorkerClientOptions = {}) {
  let nextId = 1;
  let current: WorkerLike | null = null;
  const pending = new Map<
    number,
    { onEvent: EventHandler; resolve(e: WorkerEvent): void; reject(e: Error): void }
  >();

  function crash(target: WorkerLike, event: ErrorEvent): void {
    if (current !== target) {
      return;
    }
    // Handled here: the page shows the message, the browser need not log it as uncaught.
    event.preventDefault();
    current = null;
    target.terminate();
    const error = new WorkerCrashedError(event.message === '' ? 'an uncaught error' : event.message);
    const entries = [...pending.values()];
    pending.clear();
    for (const entry of entries) {
      entry.reject(error);
    }
    options.onCrash?.(error);
  }

  function start(): WorkerLike {
    const target = createWorker();
    current = target;
    target.addEventListener('message', (message: MessageEvent) => onMessage(target, message));
    target.addEventListener('error', (event: ErrorEvent) => crash(target, event));
    return target;
  }

  function onMessage(target: WorkerLike, message: MessageEvent): void {
    if (current !== target) {
      return;
    }
    const event = message.data as WorkerEvent;
    const entry = pending.get(event.id);
    if (entry === undefined) {
      return;
    }
    if (!TERMINAL_EVENTS.has(event.type)) {
      entry.onEvent(event);
      return;
    }
    pending.delete(event.id);
    if (event.type === 'error') {
      entry.reject(new WorkerRequestError(event.name, event.message));
    } else if (event.type === 'cancelled') {
      entry.reject(new CancelledError());
    } else {
      entry.resolve(event);
    }
  }

  function request<E extends WorkerEvent>(
    body: RequestBody,
    onEvent: EventHandler = () => undefined,
  ): PendingRequest<E> {
    const id = nextId++;
    const done = new Promise<E>((resolve, reject) => {
      pending.set(id, { onEvent, resolve: resolve as (e: WorkerEvent) => void, reject });
    });
    const target = current ?? start();
    target.postMessage({ ...body, id });
    return {
      id,
      done,
      cancel: () => {
        // A request of a crashed worker has already been rejected: nothing to cancel.
        if (current === target && pending.has(id)) {
          target.postMessage({ type: 'cancel', id: nextId++, target: id });
        }
      },
    };
  }

  return { request };
}

/** The client returned by {@link createWorkerClient}. */
export type WorkerClient = ReturnType<typeof createWorkerClient>;
