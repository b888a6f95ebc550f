/**
 * A local fake OpenAI-compatible chat-completions server for tests and benchmarks: answers on 127.0.0.1,
 * records every request, and injects faults (HTTP errors with `Retry-After`, hangs, garbage bodies,
 * connection resets, slow answers) as the caller scripts them.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** What the server does with one request. */
export type FakeAction =
  | {
      type: 'answer';
      content: string | null;
      reasoning?: string;
      reasoningField?: 'reasoning' | 'reasoning_content';
      delayMs?: number;
    }
  | { type: 'status'; status: number; body?: string; headers?: Record<string, string>; delayMs?: number }
  /** Sends nothing and keeps the connection open (a client timeout must fire). */
  | { type: 'hang' }
  /** HTTP 200 with a body that is not JSON. */
  | { type: 'garbage'; body?: string }
  /** Destroys the socket without answering (connection reset). */
  | { type: 'reset' };

/** One request the server received. */
export interface RecordedRequest {
  /** 0-based arrival order. */
  index: number;
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  /** The parsed JSON body (undefined when not JSON). */
  body: unknown;
  /** The action taken. */
  action: FakeAction['type'];
  /** Epoch ms when the request arrived. */
  receivedAt: number;
}

/** A running fake server. */
export interface FakeOpenAIServer {
  /** `http://127.0.0.1:<port>/v1`. */
  readonly baseUrl: string;
  readonly requests: RecordedRequest[];
  close(): Promise<void>;
}

/** Options of {@link startFakeOpenAIServer}. */
export interface FakeServerOptions {
  /**
   * Chooses the action for a request from its parsed body and arrival index. Default: answer `"A"` at once.
   */
  handle?: (body: unknown, index: number) => FakeAction | Promise<FakeAction>;
  /** Keep request bodies in `requests` (default true; benchmarks turn it off to save memory). */
  record?: boolean;
  /** Parse request bodies as JSON (default true; benchmarks turn it off so the server costs less CPU). */
  parse?: boolean;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

const delay = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Starts the server on an ephemeral loopback port. */
export async function startFakeOpenAIServer(options: FakeServerOptions = {}): Promise<FakeOpenAIServer> {
  const handle = options.handle ?? ((): FakeAction => ({ type: 'answer', content: 'A' }));
  const record = options.record ?? true;
  const parse = options.parse ?? true;
  const requests: RecordedRequest[] = [];
  let count = 0;
  const hanging = new Set<ServerResponse>();

  const server = createServer((req, res) => {
    void (async () => {
      const index = count++;
      const receivedAt = Date.now();
      const text = await readBody(req);
      let body: unknown;
      try {
        body = parse ? JSON.parse(text) : undefined;
      } catch {
        body = undefined;
      }
      const action: FakeAction = req.url?.endsWith('/chat/completions')
        ? await handle(body, index)
        : { type: 'status', status: 404, body: '{"error":"not found"}' };
      if (record) {
        requests.push({
          index,
          method: req.method ?? '',
          url: req.url ?? '',
          headers: req.headers,
          body,
          action: action.type,
          receivedAt,
        });
      }
      switch (action.type) {
        case 'answer': {
          if (action.delayMs) {
            await delay(action.delayMs);
          }
          const message: Record<string, unknown> = { role: 'assistant', content: action.content };
          if (action.reasoning !== undefined) {
            message[action.reasoningField ?? 'reasoning'] = action.reasoning;
          }
          const payload = JSON.stringify({
            id: `chatcmpl-${index}`,
            object: 'chat.completion',
            model: (body as { model?: string } | undefined)?.model ?? 'fake',
            choices: [{ index: 0, message, finish_reason: 'stop' }],
            usage: { prompt_tokens: 10, completion_tokens: 1, total_tokens: 11 },
          });
          res.writeHead(200, { 'content-type': 'application/json' }).end(payload);
          return;
        }
        case 'status':
          if (action.delayMs) {
            await delay(action.delayMs);
          }
          res
            .writeHead(action.status, { 'content-type': 'application/json', ...action.headers })
            .end(action.body ?? JSON.stringify({ error: { message: `injected ${action.status}` } }));
          return;
        case 'garbage':
          res
            .writeHead(200, { 'content-type': 'application/json' })
            .end(action.body ?? '<html>502 Bad Gateway</html>');
          return;
        case 'reset':
          req.socket.destroy();
          return;
        case 'hang':
          hanging.add(res);
          res.on('close', () => hanging.delete(res));
          return;
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    async close() {
      for (const res of hanging) {
        res.destroy();
      }
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
