import { describe, expect, it } from 'vitest';
import { buildV1Messages, buildV1Problem, v1VideoPath, V1_VIDEO_ROOT } from '@nextevent/futurebench';
import { parsePythonJson, pyKeys, v1RlProblem, v1RlVideoPath, type EasyR1V1Record } from '@nextevent/dataset';

// dataset's v1RlProblem / v1RlVideoPath and futurebench's buildV1Problem / v1VideoPath are one implementation of
// the mirror's EasyR1 `dataset_video_v1.py` (training prompt and clip path); they must give the same text.
const records: EasyR1V1Record[] = [
  {
    video_path: 'video_dataset/abc/clip_17.mp4',
    qa: { Question: 'What next?', Options: { A: 'sit', B: 'run', C: 'jump', D: 'x' }, Answer: 'B' },
  },
  {
    video_path: 'clip.mp4',
    qa: { Question: 'Q\nwith line', Options: { B: 'b', A: 'a', E: 'e' }, Answer: 'E' },
  },
  { video_path: 'x//abs/clip.mp4', qa: { Question: '', Options: { A: '' }, Answer: 'A' } },
];

describe('the v1 EasyR1 prompt has one implementation', () => {
  it.each(records.map((r) => [r.video_path, r] as const))('%s: same problem text and clip path', (_p, r) => {
    expect(v1RlProblem(r)).toBe(buildV1Problem(r));
    for (const root of ['/data/V1-33K/first_part_video', '/data/', '', V1_VIDEO_ROOT]) {
      expect(v1RlVideoPath(r, root)).toBe(v1VideoPath(r, root));
    }
    const { messages } = buildV1Messages(r, { videoRoot: '/data' });
    expect(messages[0]).toMatchObject({
      content: [{ video: v1RlVideoPath(r, '/data') }, { text: v1RlProblem(r) }],
    });
  });

  it('keeps the file order of integer-like option keys through optionKeys', () => {
    const parsed = parsePythonJson(
      '{"video_path": "a/b.mp4", "qa": {"Question": "Q", "Options": {"2": "two", "1": "one"}, "Answer": "1"}}',
    ) as unknown as EasyR1V1Record;
    const text = 'Question:\nQ\n\nOptions:\n2: two\n1: one';
    expect(v1RlProblem(parsed)).toBe(text);
    expect(buildV1Problem(parsed, { optionKeys: pyKeys })).toBe(text);
    expect(buildV1Problem(parsed)).toBe('Question:\nQ\n\nOptions:\n1: one\n2: two');
  });
});
