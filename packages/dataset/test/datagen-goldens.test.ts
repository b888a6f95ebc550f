import { describe, expect, it } from 'vitest';
import {
  PythonError,
  PythonRandom,
  SFT_FORMATS,
  generateSftData,
  getSftFormat,
  serializeSftRecords,
} from '@nextevent/dataset';
import { goldenProbe, listFixtureDir, loadFixtureJson, readFixture } from './helpers/goldens.js';

const probe = goldenProbe();
const mainInput = loadFixtureJson('input/next_event_prediction.json.gz') as unknown[];

describe('SFT formats vs the reference (random.seed(0) before each function)', () => {
  const stdout = JSON.parse(readFixture('expected/stdout.json')) as Record<string, string>;
  const files = generateSftData(mainInput, { seed: 0, probe });

  it('writes all eight formats in __main__ order', () => {
    expect(files.map((f) => f.fileName)).toEqual(SFT_FORMATS.map((f) => f.fileName));
  });

  it.each(files.map((f) => [f.fileName, f] as const))('%s is byte-identical', (fileName, file) => {
    expect(file.text).toBe(readFixture(`expected/${fileName}.gz`));
    expect(file.stdout).toBe(stdout[getSftFormat(file.name).referenceFunction]);
  });
});

describe('scenarios (random.seed(0) before each function)', () => {
  for (const scenario of listFixtureDir('expected/scenarios')) {
    describe(scenario, () => {
      const input = loadFixtureJson(`input/scenarios/${scenario}.json.gz`) as unknown[];
      const stdout = JSON.parse(readFixture(`expected/scenarios/${scenario}/stdout.json`)) as Record<
        string,
        string
      >;
      const files = generateSftData(input, { seed: 0, probe });
      it.each(files.map((f) => [f.fileName, f] as const))('%s', (fileName, file) => {
        expect(file.text).toBe(readFixture(`expected/scenarios/${scenario}/${fileName}.gz`));
        expect(file.stdout).toBe(stdout[getSftFormat(file.name).referenceFunction]);
      });
    });
  }
});

describe('reference __main__ order after random.seed(1234) (seed mode "once")', () => {
  const files = generateSftData(mainInput, { seed: 1234, seedMode: 'once', probe });
  it.each(files.map((f) => [f.fileName, f] as const))('%s is byte-identical', (fileName, file) => {
    expect(file.text).toBe(readFixture(`expected-main-order/${fileName}.gz`));
  });
  it('prints what the reference printed', () => {
    expect(files.map((f) => f.stdout).join('')).toBe(readFixture('expected-main-order/stdout.txt'));
  });
});

describe('abort errors name the function and the record', () => {
  it('SystemExit says what was missing', () => {
    const cases = loadFixtureJson('input/single_call_cases.json.gz') as { name: string; input: unknown[] }[];
    const c = cases.find((x) => x.name === 'sft_missing_caption_part2')!;
    let err: unknown;
    try {
      generateSftData(c.input, { seed: 0, probe, formats: ['convert_to_sft'] });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(PythonError);
    const e = err as PythonError;
    expect(e.where?.function).toBe('convert_to_sft');
    expect(e.message).toMatch(
      /^SystemExit: 1997 \(the reference calls exit\(1997\) after KeyError: '\w+'\) \[convert_to_sft, record \d+\]$/,
    );
  });
});

describe('single-call cases', () => {
  interface Case {
    name: string;
    function: string;
    input: unknown[];
  }
  interface Result {
    name: string;
    seed: number;
    exception: string | null;
    message?: string;
    exit_code?: number;
    stdout: string;
    files: Record<string, string>;
  }
  const cases = loadFixtureJson('input/single_call_cases.json.gz') as Case[];
  const results = JSON.parse(readFixture('expected/single_call_results.json')) as Result[];

  it.each(cases.map((c, i) => [c.name, c, results[i]!] as const))('%s', (name, c, expected) => {
    expect(expected.name).toBe(name);
    const format = getSftFormat(c.function);
    const run = () => format.generate(c.input, { rng: new PythonRandom(expected.seed), probe });
    if (expected.exception === null) {
      const result = run();
      expect(result.stdout).toBe(expected.stdout);
      expect({ [result.fileName]: serializeSftRecords(result.records) }).toEqual(expected.files);
    } else {
      let error: unknown;
      try {
        run();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(PythonError);
      const e = error as PythonError;
      expect(e.pyType).toBe(expected.exception);
      if (expected.exception === 'SystemExit') {
        expect(e.exitCode).toBe(expected.exit_code);
      } else {
        expect(e.pyMessage).toBe(expected.message);
      }
    }
  });
});
