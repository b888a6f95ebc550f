import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type { WorkerEvent } from '../src/protocol.js';
import {
  CancelledError,
  createWorkerClient,
  WorkerCrashedError,
  WorkerRequestError,
  type WorkerLike,
} from '../src/worker-client.js';

/** A client on one end of a channel and a scripted "worker" on the other. */
function pair(
  respond: (request: { type: string; id: number; target?: number }, send: (e: WorkerEvent) => void) => void,
) {
  const { port1, port2 } = new MessageChannel();
  const sent: unknown[] = [];
  port2.on('message', (request: { type: string; id: number }) => {
    sent.push(request);
    respond(request, (e) => port2.postMessage(e));
  });
  const worker: WorkerLike = {
    postMessage: (m) => port1.postMessage(m),
    addEventListener: (type: string, listener: (event: MessageEvent & ErrorEvent) => void) => {
      if (type === 'message') {
        port1.on('message', (data) => listener({ data } as MessageEvent & ErrorEvent));
      }
    },
    terminate: () => undefined,
  };
  const close = () => {
    port1.close();
    port2.close();
  };
  return { client: createWorkerClient(() => worker), sent, close };
}

/** A worker that records what it is sent and can be made to crash like a real one (an `error` event). */
function crashableWorker(name: string) {
  const sent: { type: string; id: number }[] = [];
  const errorListeners: ((event: MessageEvent & ErrorEvent) => void)[] = [];
  let terminated = false;
  const prevented: boolean[] = [];
  const worker: WorkerLike = {
    postMessage: (m) => sent.push(m as { type: string; id: number }),
    addEventListener: (type: string, listener: (event: MessageEvent & ErrorEvent) => void) => {
      if (type === 'error') {
        errorListeners.push(listener);
      }
    },
    terminate: () => {
      terminated = true;
    },
  };
  const crash = (message: string) => {
    let defaultPrevented = false;
    const event = { message, preventDefault: () => (defaultPrevented = true) } as unknown as MessageEvent &
      ErrorEvent;
    for (const listener of errorListeners) {
      listener(event);
    }
    prevented.push(defaultPrevented);
  };
  return { name, worker, sent, crash, prevented, terminated: () => terminated };
}

describe('worker client', () => {
  it('routes streamed events to their request and resolves on the terminal event', async () => {
    const { client, close } = pair((req, send) => {
      if (req.type === 'analyze-video') {
        send({ type: 'token', id: req.id, text: 'x' });
        send({ type: 'video-analyzed', id: req.id, video: {} as never, cuts: [3], filmstrip: [], ms: 1 });
      }
    });
    const seen: string[] = [];
    const request = client.request({ type: 'analyze-video', video: new Blob([]) } as never, (e) =>
      seen.push(e.type),
    );
    await expect(request.done).resolves.toMatchObject({ type: 'video-analyzed', cuts: [3] });
    expect(seen).toEqual(['token']);
    close();
  });

  it('rejects with the worker’s error name, and with CancelledError after cancel()', async () => {
    const { client, sent, close } = pair((req, send) => {
      if (req.type === 'load-model') {
        send({ type: 'error', id: req.id, name: 'ModelFormatError', message: 'bad config' });
      }
      if (req.type === 'cancel') {
        send({ type: 'cancelled', id: req.target ?? -1 });
      }
    });
    const failing = client.request({
      type: 'load-model',
      source: { kind: 'hub', repo: 'a/b' },
      compute: 'cpu',
    });
    await expect(failing.done).rejects.toSatisfy(
      (e: unknown) => e instanceof WorkerRequestError && e.name === 'ModelFormatError',
    );
    const running = client.request({ type: 'predict' } as never);
    running.cancel();
    await expect(running.done).rejects.toBeInstanceOf(CancelledError);
    expect(sent.at(-1)).toMatchObject({ type: 'cancel', target: running.id });
    close();
  });

  it('rejects every pending request when the worker crashes, and starts a fresh worker on the next request', async () => {
    const workers = [crashableWorker('first'), crashableWorker('second')];
    let created = 0;
    const crashes: Error[] = [];
    const client = createWorkerClient(
      () => {
        const next = workers[created++];
        if (next === undefined) {
          throw new Error('too many workers');
        }
        return next.worker;
      },
      { onCrash: (error) => crashes.push(error) },
    );
    expect(created).toBe(0);
    const [first, second] = workers as [
      ReturnType<typeof crashableWorker>,
      ReturnType<typeof crashableWorker>,
    ];
    const loading = client.request({
      type: 'load-model',
      source: { kind: 'hub', repo: 'a/b' },
      compute: 'cpu',
    });
    const predicting = client.request({ type: 'predict' } as never);
    expect(created).toBe(1);
    expect(first.sent.map((m) => m.type)).toEqual(['load-model', 'predict']);

    first.crash('out of memory');
    const message = 'The model worker stopped (out of memory). Load the model again to continue.';
    await expect(loading.done).rejects.toSatisfy(
      (e: unknown) =>
        e instanceof WorkerCrashedError && e.name === 'WorkerCrashedError' && e.message === message,
    );
    await expect(predicting.done).rejects.toBeInstanceOf(WorkerCrashedError);
    expect(crashes.map((e) => e.message)).toEqual([message]);
    expect(first.terminated()).toBe(true);
    expect(first.prevented).toEqual([true]);

    // Cancelling a request of the dead worker sends nothing; the next request goes to a new worker.
    predicting.cancel();
    expect(first.sent).toHaveLength(2);
    client.request({ type: 'analyze-video', video: new Blob([]) } as never);
    expect(created).toBe(2);
    expect(second.sent.map((m) => m.type)).toEqual(['analyze-video']);
    // A late error from the old worker does not touch the new one's requests.
    first.crash('late');
    expect(crashes).toHaveLength(1);
  });
});
