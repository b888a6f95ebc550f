import { describe, expect, it } from 'vitest';
import {
  causalAnswerSchema,
  critiqueAnswerSchema,
  eventsAnswerSchema,
  parseSplitPoint,
  splitCaptionSchema,
} from '@nextevent/curate';

describe('eventsAnswerSchema', () => {
  it('normalises scene labels and trims descriptions', () => {
    const r = eventsAnswerSchema.parse({
      events: [
        { scene: 'scene 1', description: ' A ' },
        { scene: 'Scene2', description: 'B' },
      ],
    });
    expect(r).toEqual({
      events: [
        { scene: 'Scene 1', description: 'A' },
        { scene: 'Scene 2', description: 'B' },
      ],
    });
  });
  it.each([
    [
      'out of order',
      [
        { scene: 'Scene 2', description: '' },
        { scene: 'Scene 1', description: '' },
      ],
    ],
    [
      'named scenes',
      [
        { scene: 'Kitchen', description: '' },
        { scene: 'Scene 2', description: '' },
      ],
    ],
    ['one scene', [{ scene: 'Scene 1', description: '' }]],
  ])('rejects %s', (_n, events) => {
    expect(eventsAnswerSchema.safeParse({ events }).success).toBe(false);
  });
});

describe('causalAnswerSchema', () => {
  const schema = causalAnswerSchema(3);
  it('parses a suitable split', () => {
    expect(
      schema.parse({ suitable: ' Yes ', optimal_split_point: 'between Scene 2 and Scene 3', reasoning: 'r' }),
    ).toEqual({
      suitable: 'yes',
      optimal_split_point: 'between Scene 2 and Scene 3',
      reasoning: 'r',
      split: { past: 2, future: 3 },
    });
  });
  it('accepts "no" without a split point', () => {
    expect(schema.parse({ suitable: 'NO', reasoning: 'static' }).split).toBeNull();
  });
  it.each([
    [{ suitable: 'maybe', optimal_split_point: 'between Scene 1 and Scene 2' }],
    [{ suitable: 'yes', optimal_split_point: 'at the end' }],
    [{ suitable: 'yes', optimal_split_point: 'between Scene 3 and Scene 4' }],
    [{ suitable: 'yes', optimal_split_point: 'between Scene 2 and Scene 1' }],
    [{ suitable: 'yes', optimal_split_point: 'between Scene 0 and Scene 1' }],
  ])('rejects %j', (answer) => {
    expect(schema.safeParse(answer).success).toBe(false);
  });
  it('parseSplitPoint reads the reference phrase anywhere', () => {
    expect(parseSplitPoint("The split is 'between scene 4 and Scene 5'.")).toEqual({ past: 4, future: 5 });
    expect(parseSplitPoint('Scene 4 | Scene 5')).toBeNull();
  });
});

describe('critiqueAnswerSchema', () => {
  it.each([
    ['right', 'right'],
    ['Wrong', 'wrong'],
    ['Conclusion: right.', 'right'],
    [' WRONG \n', 'wrong'],
  ])('%j → %s', (c, expected) => {
    expect(critiqueAnswerSchema.parse({ Critique: 'x', Conclusion: c }).Conclusion).toBe(expected);
  });
  it('rejects other verdicts and an empty critique', () => {
    expect(critiqueAnswerSchema.safeParse({ Critique: 'x', Conclusion: 'right/wrong' }).success).toBe(false);
    expect(critiqueAnswerSchema.safeParse({ Critique: ' ', Conclusion: 'right' }).success).toBe(false);
  });
});

describe('splitCaptionSchema', () => {
  it('needs both parts', () => {
    expect(splitCaptionSchema.safeParse({ caption_part1: 'a', caption_part2: '' }).success).toBe(false);
    expect(splitCaptionSchema.parse({ caption_part1: ' a ', caption_part2: 'b' })).toEqual({
      caption_part1: 'a',
      caption_part2: 'b',
    });
  });
});
