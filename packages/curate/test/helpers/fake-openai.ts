import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** Which pipeline step a request belongs to, recognised from the prompt's opening words. */
export type FakeStage =
  | 'caption'
  | 'events'
  | 'causal'
  | 'captionSplit'
  | 'grounding'
  | 'reasoning'
  | 'rewriteReasoning'
  | 'rewritePrediction'
  | 'critique'
  | 'unknown';

/** One scripted answer. */
export interface FakeReply {
  status?: number;
  /** Raw body instead of a chat completion. */
  body?: string;
  content?: string | null;
  reasoning?: string;
  reasoning_content?: string;
  refusal?: string;
  finish?: string;
  /** Wait this long before answering (for timeouts). */
  delayMs?: number;
  usage?: { prompt_tokens: number; completion_tokens: number };
}

/** A request the server saw. */
export interface FakeCall {
  stage: FakeStage;
  /** The prompt text (the text part of the last user message). */
  text: string;
  /** The parsed request body. */
  body: Record<string, unknown>;
  headers: IncomingMessage['headers'];
}

/** Decides the answer to a request; `n` counts this stage's calls for the same prompt text, from 1. */
export type FakeScript = (call: FakeCall, n: number) => FakeReply;

function stageOf(text: string): FakeStage {
  if (text.startsWith('Describe this video')) {
    return 'caption';
  }
  if (text.startsWith('Event Identification')) {
    return 'events';
  }
  if (text.startsWith('Causal Analysis')) {
    return 'causal';
  }
  if (text.startsWith('Caption Splitting')) {
    return 'captionSplit';
  }
  if (text.startsWith('The video (')) {
    return 'grounding';
  }
  if (text.startsWith('Chain-of-Thought')) {
    return 'reasoning';
  }
  if (text.startsWith('You will receive a snippet')) {
    return text.includes('Preserve all line breaks') ? 'rewriteReasoning' : 'rewritePrediction';
  }
  if (text.startsWith('Future Prediction Verification')) {
    return 'critique';
  }
  return 'unknown';
}

function promptText(body: Record<string, unknown>): string {
  const messages = body.messages as { role: string; content: unknown }[];
  const last = messages[messages.length - 1];
  if (!last) {
    return '';
  }
  if (typeof last.content === 'string') {
    return last.content;
  }
  const parts = last.content as { type: string; text?: string }[];
  return parts.find((p) => p.type === 'text')?.text ?? '';
}

/** A local OpenAI-compatible chat-completions server on 127.0.0.1 that answers from a script. */
export interface FakeServer {
  /** Base URL up to `/v1`. */
  url: string;
  calls: FakeCall[];
  close(): Promise<void>;
}

/** Starts a {@link FakeServer}. */
export async function startFakeServer(script: FakeScript): Promise<FakeServer> {
  const calls: FakeCall[] = [];
  const counts = new Map<string, number>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (req.method === 'GET' && req.url?.endsWith('/models')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data: [{ id: 'served-model', object: 'model' }] }));
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
      const text = promptText(body);
      const call: FakeCall = { stage: stageOf(text), text, body, headers: req.headers };
      calls.push(call);
      const k = `${call.stage}\0${text}`;
      const n = (counts.get(k) ?? 0) + 1;
      counts.set(k, n);
      const reply = script(call, n);
      const send = (): void => {
        if (res.destroyed) {
          return;
        }
        res.writeHead(reply.status ?? 200, { 'content-type': 'application/json' });
        if (reply.body !== undefined) {
          res.end(reply.body);
          return;
        }
        res.end(
          JSON.stringify({
            id: 'fake',
            object: 'chat.completion',
            model: body.model,
            choices: [
              {
                index: 0,
                message: {
                  role: 'assistant',
                  content: reply.content === undefined ? '' : reply.content,
                  ...(reply.reasoning !== undefined ? { reasoning: reply.reasoning } : {}),
                  ...(reply.reasoning_content !== undefined
                    ? { reasoning_content: reply.reasoning_content }
                    : {}),
                  ...(reply.refusal !== undefined ? { refusal: reply.refusal } : {}),
                },
                finish_reason: reply.finish ?? 'stop',
              },
            ],
            usage: reply.usage ?? { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 },
          }),
        );
      };
      if (reply.delayMs) {
        setTimeout(send, reply.delayMs);
      } else {
        send();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/v1`,
    calls,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
