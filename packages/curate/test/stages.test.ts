import { afterEach, describe, expect, it } from 'vitest';
import {
  analyzeCausality,
  createOpenAiClient,
  critiquePrediction,
  groundSplit,
  identifyEvents,
  predictNextEvent,
  rewritePrediction,
  splitCaption,
  StageError,
  translateFacts,
  type LlmClient,
  type SceneEvent,
} from '@nextevent/curate';
import { startFakeServer, type FakeReply, type FakeServer, type FakeStage } from './helpers/fake-openai.js';
import { happyReply } from './helpers/happy-script.js';

let server: FakeServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

/** A server that answers `stage` from `replies` in order (then happily) and every other stage happily. */
async function scripted(stage: FakeStage, replies: FakeReply[]): Promise<LlmClient> {
  server = await startFakeServer((call) =>
    call.stage === stage && replies.length > 0 ? replies.shift()! : happyReply(call),
  );
  return createOpenAiClient({ baseUrl: server.url, model: 'fake', timeoutMs: 300 });
}

const fast = { retryDelayMs: 0 };
const events: SceneEvent[] = [
  { scene: 'Scene 1', description: 'A cook walks in.' },
  { scene: 'Scene 2', description: 'Eggs are cracked.' },
  { scene: 'Scene 3', description: 'Eggs are cooked.' },
];
const video = [{ type: 'video_url' as const, video_url: { url: 'data:video/mp4;base64,AAAA' } }];

async function failure(p: Promise<unknown>): Promise<StageError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StageError);
  return err as StageError;
}

describe('stage functions against a scripted OpenAI-compatible server', () => {
  it('caption: sends the video first, then the prompt', async () => {
    const vlm = await scripted('caption', []);
    const r = await translateFacts(vlm, {
      video,
      extraBody: { media_io_kwargs: { video: { num_frames: 8 } } },
    });
    expect(r.value).toMatch(/^CLIP\[clip\] A cook/);
    expect(r.usage).toEqual({ promptTokens: 1000, completionTokens: 30 });
    const body = server!.calls[0]!.body;
    expect((body.messages as { content: { type: string }[] }[])[0]!.content.map((p) => p.type)).toEqual([
      'video_url',
      'text',
    ]);
    expect(body.media_io_kwargs).toEqual({ video: { num_frames: 8 } });
    expect(body.response_format).toBeUndefined();
  });

  it('events: repairs a fenced, trailing-comma answer and asks for JSON mode', async () => {
    const llm = await scripted('events', [
      {
        content:
          '```json\n{"events": [{"scene": "Scene 1", "description": "a"}, {"scene": "scene 2", "description": "b"},]}\n```',
      },
    ]);
    const r = await identifyEvents(llm, { caption: 'c' }, fast);
    expect(r.value).toEqual([
      { scene: 'Scene 1', description: 'a' },
      { scene: 'Scene 2', description: 'b' },
    ]);
    expect(r.repairs).toEqual(['stripped-code-fence', 'removed-trailing-comma']);
    expect(r.attempts).toBe(1);
    expect(server!.calls[0]!.body.response_format).toEqual({ type: 'json_object' });
  });

  it('events: retries unrecoverable JSON and counts every attempt’s tokens', async () => {
    const llm = await scripted('events', [
      { content: '{"events": [oops' },
      { content: 'Scene 1: a; Scene 2: b' },
    ]);
    const r = await identifyEvents(llm, { caption: 'c' }, fast);
    expect(r.attempts).toBe(3);
    expect(r.usage).toEqual({ promptTokens: 30, completionTokens: 15 });
  });

  it('events: gives up after maxAttempts with the raw answers', async () => {
    const bad = {
      content:
        '{"events": [{"scene": "Kitchen", "description": "a"}, {"scene": "Scene 2", "description": "b"}]}',
    };
    const llm = await scripted('events', [bad, bad, bad]);
    const err = await failure(identifyEvents(llm, { caption: 'c' }, fast));
    expect(err.stage).toBe('events');
    expect(err.reason).toBe('schema');
    expect(err.raw).toBe(bad.content);
    expect(err.attempts).toHaveLength(3);
    expect(err.message).toMatchInlineSnapshot(
      `"stage "events" failed after 3 attempt(s): schema: answer does not match the schema: events.0.scene: expected "Scene 1", got "Kitchen""`,
    );
  });

  it('causal: an unsuitable video is a result, not a failure', async () => {
    const llm = await scripted('causal', [
      { content: '{"suitable": "No", "optimal_split_point": "", "reasoning": "static"}' },
    ]);
    const r = await analyzeCausality(llm, { caption: 'c', events }, fast);
    expect(r.value).toEqual({ suitable: 'no', optimal_split_point: '', reasoning: 'static', split: null });
  });

  it('causal: a split point outside the events is retried', async () => {
    const llm = await scripted('causal', [
      {
        content: '{"suitable": "yes", "optimal_split_point": "between Scene 3 and Scene 4", "reasoning": ""}',
      },
    ]);
    const r = await analyzeCausality(llm, { caption: 'c', events }, fast);
    expect(r.attempts).toBe(2);
    expect(r.value.split).toEqual({ past: 2, future: 3 });
  });

  it('caption split: refusals are retried and finally reported as refusal with the raw text', async () => {
    const llm = await scripted('captionSplit', [
      { content: null, refusal: 'I can’t help with that.' },
      { content: "I'm sorry, but I can't split this caption." },
      { content: '', finish: 'content_filter' },
    ]);
    const err = await failure(
      splitCaption(llm, { caption: 'c', events, optimalSplitPoint: 'between Scene 2 and Scene 3' }, fast),
    );
    expect(err.attempts.map((a) => a.reason)).toEqual(['refusal', 'refusal', 'refusal']);
    expect(err.attempts[1]!.raw).toBe("I'm sorry, but I can't split this caption.");
  });

  it('caption split: an answer cut off by the token limit is retried, not patched', async () => {
    const llm = await scripted('captionSplit', [
      { content: '{"caption_part1": "A cook walks in", "caption_par', finish: 'length' },
    ]);
    const r = await splitCaption(
      llm,
      { caption: 'c', events, optimalSplitPoint: 'between Scene 2 and Scene 3' },
      fast,
    );
    expect(r.attempts).toBe(2);
    expect(r.value.caption_part2).toBe('The cook pours the eggs into a hot pan.');
  });

  it('timeouts are retried, then reported', async () => {
    const llm = await scripted('critique', [{ delayMs: 1000 }, { delayMs: 1000 }]);
    const err = await failure(
      critiquePrediction(
        llm,
        { captionPart2: 'p2', prediction: 'p', reasoning: 'r' },
        { ...fast, maxAttempts: 2 },
      ),
    );
    expect(err.reason).toBe('timeout');
    expect(err.raw).toBeUndefined();
  });

  it('HTTP 4xx is not retried; 5xx is', async () => {
    const llm = await scripted('critique', [
      { status: 500, body: 'boom' },
      { status: 404, body: 'no such model' },
    ]);
    const err = await failure(
      critiquePrediction(llm, { captionPart2: 'p2', prediction: 'p', reasoning: 'r' }, fast),
    );
    expect(err.attempts.map((a) => a.reason)).toEqual(['http', 'http']);
    expect(err.raw).toBe('no such model');
  });

  it('critique: normalises the conclusion', async () => {
    const llm = await scripted('critique', [
      { content: '{"Critique": "Off.", "Conclusion": "Conclusion: Wrong"}' },
    ]);
    const r = await critiquePrediction(llm, { captionPart2: 'p2', prediction: 'p', reasoning: 'r' }, fast);
    expect(r.value).toEqual({ Critique: 'Off.', Conclusion: 'wrong' });
  });

  it('grounding: parses MM:SS.ss and snaps to a near scene cut', async () => {
    const vlm = await scripted('grounding', [{ content: 'The split happens at 00:03.80.' }]);
    const r = await groundSplit(
      vlm,
      { video, events, split: { past: 2, future: 3 }, durationSec: 6, sceneCuts: [2, 4] },
      fast,
    );
    expect(r.value).toEqual({
      answer: 'The split happens at 00:03.80.',
      groundedSec: 3.8,
      timeSec: 4,
      snapped: true,
    });
    expect(server!.calls[0]!.text).toContain('between Scene 2 and Scene 3');
  });

  it('grounding: keeps the VLM time when no cut is near, retries answers without a usable time', async () => {
    const vlm = await scripted('grounding', [
      { content: 'Right after the eggs.' },
      { content: '00:09.00' },
      { content: '00:03.00' },
    ]);
    const r = await groundSplit(
      vlm,
      {
        video,
        events,
        split: { past: 2, future: 3 },
        durationSec: 6,
        sceneCuts: [2, 4],
        snapToleranceSec: 0.5,
      },
      fast,
    );
    expect(r.attempts).toBe(3);
    expect(r.value).toMatchObject({ groundedSec: 3, timeSec: 3, snapped: false });
  });

  it('reasoning: reads the reasoning channel, or a <think> block in the content', async () => {
    const llm = await scripted('reasoning', [
      { content: '<think>\nEggs, then a pan.\n</think>\n\nThey will cook.' },
    ]);
    expect((await predictNextEvent(llm, { captionPart1: 'p1' }, fast)).value).toEqual({
      reasoning_content: 'Eggs, then a pan.',
      prediction_content: 'They will cook.',
    });
    expect((await predictNextEvent(llm, { captionPart1: 'p1' }, fast)).value).toEqual({
      reasoning_content: 'CLIP[clip] The caption shows eggs in a bowl, so they will be cooked.',
      prediction_content: 'The cook will pour the eggs into a pan.',
    });
  });

  it('reasoning: a model without a reasoning channel fails at once unless allowed', async () => {
    const llm = await scripted('reasoning', [{ content: 'They will cook.' }, { content: 'They will cook.' }]);
    const err = await failure(predictNextEvent(llm, { captionPart1: 'p1' }, fast));
    expect(err.attempts).toHaveLength(1);
    const r = await predictNextEvent(llm, { captionPart1: 'p1' }, { ...fast, allowMissingReasoning: true });
    expect(r.value).toEqual({ reasoning_content: '', prediction_content: 'They will cook.' });
  });

  it('rewrite: two requests, echoed quotes removed', async () => {
    const llm = await scripted('rewritePrediction', [{ content: "'The video shows a pan.'" }]);
    const r = await rewritePrediction(
      llm,
      { reasoning_content: 'The caption says eggs.', prediction_content: 'The caption shows a pan.' },
      fast,
    );
    expect(r.value).toEqual({
      rewritten_reasoning_content: 'The video says eggs.',
      rewritten_prediction_content: 'The video shows a pan.',
    });
    expect(r.attempts).toBe(2);
    expect(server!.calls.map((c) => c.stage)).toEqual(['rewriteReasoning', 'rewritePrediction']);
  });

  it('rewrite: an empty reasoning stays empty without a request', async () => {
    const llm = await scripted('rewritePrediction', []);
    const r = await rewritePrediction(
      llm,
      { reasoning_content: ' ', prediction_content: 'The caption shows a pan.' },
      fast,
    );
    expect(r.value).toEqual({
      rewritten_reasoning_content: '',
      rewritten_prediction_content: 'The video shows a pan.',
    });
    expect(server!.calls.map((c) => c.stage)).toEqual(['rewritePrediction']);
  });

  it('validates stage inputs', async () => {
    const vlm = await scripted('grounding', []);
    await expect(
      groundSplit(vlm, { video, events, split: { past: 2, future: 3 }, durationSec: 0 }),
    ).rejects.toThrowErrorMatchingInlineSnapshot(
      `[TypeError: input.durationSec must be a positive number, got 0]`,
    );
  });
});
