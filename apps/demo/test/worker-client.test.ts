import { MessageChannel } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import type { WorkerEvent } from '../src/protocol.js';
import {
  CancelledError,
  createWorkerClient,
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
    addEventListener: (_type, listener) => port1.on('message', (data) => listener({ data } as MessageEvent)),
  };
  const close = () => {
    port1.close();
    port2.close();
  };
  return { client: createWorkerClient(worker), sent, close };
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
});
