import { describe, expect, it } from 'vitest';
import { JsonRepairError, repairJson } from '@nextevent/curate';

describe('repairJson', () => {
  it('parses valid JSON without repairs', () => {
    expect(repairJson(' {"a": [1, "x"]} \n')).toEqual({ value: { a: [1, 'x'] }, repairs: [] });
  });

  it.each([
    ['code fence', '```json\n{"a": 1}\n```', { a: 1 }, ['stripped-code-fence']],
    ['bare fence', '```\n{"a": 1}\n```', { a: 1 }, ['stripped-code-fence']],
    ['prose around', 'Here you go:\n{"a": 1}\nHope this helps!', { a: 1 }, ['dropped-surrounding-text']],
    ['fence with prose', 'Sure!\n```json\n{"a": 1}\n```\nDone.', { a: 1 }, ['stripped-code-fence']],
    ['think block', '<think>{"no": 1} hmm</think>\n{"a": 1}', { a: 1 }, ['stripped-think']],
    [
      'trailing commas',
      '{"a": [1, 2,], "b": {"c": 3,},}',
      { a: [1, 2], b: { c: 3 } },
      ['removed-trailing-comma'],
    ],
    ['comma and brace inside strings kept', '{"a": "x,}", "b": "[,]"}', { a: 'x,}', b: '[,]' }, []],
    ['escaped quote in string', '{"a": "say \\"hi\\",", }', { a: 'say "hi",' }, ['removed-trailing-comma']],
  ] as const)('%s', (_name, text, value, repairs) => {
    expect(repairJson(text)).toEqual({ value, repairs });
  });

  it.each([
    [
      'cut inside a string',
      '{"events": [{"scene": "Scene 1", "description": "A man wal',
      {
        events: [{ scene: 'Scene 1', description: 'A man wal' }],
      },
      ['closed-string', 'closed-brackets'],
    ],
    [
      'cut after a comma',
      '{"a": 1, "b": [1, 2,',
      { a: 1, b: [1, 2] },
      ['removed-trailing-comma', 'closed-brackets'],
    ],
    [
      'cut after a key',
      '{"a": 1, "b"',
      { a: 1 },
      ['dropped-dangling-key', 'removed-trailing-comma', 'closed-brackets'],
    ],
    [
      'cut after a colon',
      '{"a": 1, "b": ',
      { a: 1 },
      ['dropped-dangling-key', 'removed-trailing-comma', 'closed-brackets'],
    ],
    [
      'cut inside a key',
      '{"a": 1, "bb',
      { a: 1 },
      ['closed-string', 'dropped-dangling-key', 'removed-trailing-comma', 'closed-brackets'],
    ],
    ['cut after an escape', '{"a": "x\\', { a: 'x' }, ['closed-string', 'closed-brackets']],
    [
      'open fence, cut',
      '```json\n{"a": {"b": "c"',
      { a: { b: 'c' } },
      ['stripped-code-fence', 'closed-brackets'],
    ],
    [
      'missing final brace only',
      '{"Critique": "ok", "Conclusion": "right"\n',
      { Critique: 'ok', Conclusion: 'right' },
      ['closed-brackets'],
    ],
  ] as const)('closes a cut-off answer: %s', (_name, text, value, repairs) => {
    expect(repairJson(text)).toEqual({ value, repairs });
  });

  it.each([
    ['no object', 'I cannot help with that.'],
    ['truncated literal', '{"a": tru'],
    ['truncated number after minus', '{"a": -'],
    ['mismatched brackets', '{"a": [1}'],
    ['single quotes', "{'a': 1}"],
    ['comments', '{"a": 1 // one\n}'],
  ])('refuses to guess: %s', (_name, text) => {
    expect(() => repairJson(text)).toThrow(JsonRepairError);
  });

  it('keeps the original text on the error', () => {
    try {
      repairJson('nope');
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(JsonRepairError);
      expect((err as JsonRepairError).text).toBe('nope');
      expect((err as Error).message).toMatchInlineSnapshot(`"no JSON object found (no "{")"`);
    }
  });
});
