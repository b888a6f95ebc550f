/**
 * The page's side of the protocol: numbered requests, events routed to the request that caused them, a promise that
 * settles on the request's terminal event, and cancellation.
 */
import { TERMINAL_EVENTS, type WorkerEvent, type WorkerRequest } from './protocol.js';

/** The part of a `Worker` the client uses (a `MessagePort`-like object works too, which keeps tests simple). */
export interface WorkerLike {
  postMessage(message: unknown, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent) => void): void;
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

/** Distributes a request's non-terminal events. */
export type EventHandler = (event: WorkerEvent) => void;

/** A running request. */
export interface PendingRequest<E extends WorkerEvent> {
  readonly id: number;
  /** Settles with the terminal success event, or rejects with WorkerRequestError / CancelledError. */
  readonly done: Promise<E>;
  cancel(): void;
}

type RequestBody = WorkerRequest extends infer R ? (R extends { id: number } ? Omit<R, 'id'> : never) : never;

/** Wraps a worker; see {@link PendingRequest}. */
export function createWorkerClient(worker: WorkerLike) {
  let nextId = 1;
  const pending = new Map<
    number,
    { onEvent: EventHandler; resolve(e: WorkerEvent): void; reject(e: Error): void }
  >();

  worker.addEventListener('message', (message: MessageEvent) => {
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
  });

  function request<E extends WorkerEvent>(
    body: RequestBody,
    onEvent: EventHandler = () => undefined,
  ): PendingRequest<E> {
    const id = nextId++;
    const done = new Promise<E>((resolve, reject) => {
      pending.set(id, { onEvent, resolve: resolve as (e: WorkerEvent) => void, reject });
    });
    worker.postMessage({ ...body, id });
    return {
      id,
      done,
      cancel: () => worker.postMessage({ type: 'cancel', id: nextId++, target: id }),
    };
  }

  return { request };
}

/** The client returned by {@link createWorkerClient}. */
export type WorkerClient = ReturnType<typeof createWorkerClient>;
