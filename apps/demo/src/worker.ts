/// <reference lib="webworker" />
/**
 * The model worker: owns the WebGPU device, the loaded model and video decoding, so the page never freezes. It
 * speaks the protocol in `protocol.ts`; the logic lives in `worker-host.ts`, the @nextevent/* wiring in `backend.ts`.
 */
import './no-eval.js';
import { createBackend } from './backend.js';
import type { WorkerEvent } from './protocol.js';
import { createWorkerHost } from './worker-host.js';

const scope = self as unknown as DedicatedWorkerGlobalScope;
const host = createWorkerHost(createBackend(), (event: WorkerEvent, transfer: Transferable[] = []) =>
  scope.postMessage(event, transfer),
);
scope.addEventListener('message', (event: MessageEvent) => {
  void host.handle(event.data);
});
