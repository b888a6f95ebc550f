import type { FakeCall, FakeReply } from './fake-openai.js';

/** The clip name a prompt is about: captions carry `CLIP[name]`, so every later prompt does too. */
export function clipOf(call: FakeCall): string | undefined {
  return /CLIP\[([^\]]+)\]/.exec(call.text)?.[1];
}

/** The text the rewrite prompts quote after "Here is the input:\n'". */
function quotedInput(text: string): string {
  const i = text.lastIndexOf("Here is the input:\n'");
  return text.slice(i + "Here is the input:\n'".length).replace(/'\n$/, '');
}

/**
 * Well-behaved answers for every stage: a three-scene story split between Scene 2 and Scene 3, grounded at
 * 00:03.80. `clip` names the video in the caption (the VLM request carries the video, which the caller maps to a
 * name).
 */
export function happyReply(call: FakeCall, clip = 'clip'): FakeReply {
  switch (call.stage) {
    case 'caption':
      return {
        content: `CLIP[${clip}] A cook walks into a kitchen. The cook cracks eggs into a bowl. The cook pours the eggs into a hot pan.`,
        usage: { prompt_tokens: 1000, completion_tokens: 30 },
      };
    case 'events':
      return {
        content: JSON.stringify({
          events: [
            { scene: 'Scene 1', description: `CLIP[${clip}] A cook walks into a kitchen.` },
            { scene: 'Scene 2', description: 'The cook cracks eggs into a bowl.' },
            { scene: 'Scene 3', description: 'The cook pours the eggs into a hot pan.' },
          ],
        }),
      };
    case 'causal':
      return {
        content: JSON.stringify({
          suitable: 'yes',
          optimal_split_point: 'between Scene 2 and Scene 3',
          reasoning: 'Cracking eggs leads to cooking them.',
        }),
      };
    case 'captionSplit':
      return {
        content: JSON.stringify({
          caption_part1: `CLIP[${clip}] A cook walks into a kitchen. The cook cracks eggs into a bowl.`,
          caption_part2: 'The cook pours the eggs into a hot pan.',
        }),
      };
    case 'grounding':
      return { content: '00:03.80' };
    case 'reasoning':
      return {
        reasoning: `CLIP[${clip}] The caption shows eggs in a bowl, so they will be cooked.`,
        content: 'The cook will pour the eggs into a pan.',
      };
    case 'rewriteReasoning':
    case 'rewritePrediction':
      return { content: quotedInput(call.text).replace(/caption/g, 'video') };
    case 'critique':
      return { content: JSON.stringify({ Critique: 'The prediction matches.', Conclusion: 'right' }) };
    default:
      return { status: 400, body: '{"error": "unknown prompt"}' };
  }
}
