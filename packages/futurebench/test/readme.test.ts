import { describe, expect, it } from 'vitest';
import * as futurebench from '@nextevent/futurebench';
import { readText } from './load.js';

/** The README's first ```js block, with its package import turned into a destructuring of `mod`. */
function quickStart(): string {
  const readme = readText('../README.md');
  const block = /```js\n([\s\S]*?)```/.exec(readme)?.[1];
  if (block === undefined) {
    throw new Error('README has no js block');
  }
  return block.replace(/import \{([\s\S]*?)\} from '@nextevent\/futurebench';/, 'const {$1} = mod;');
}

describe('README quick start', () => {
  it('runs and prints what its comments say', () => {
    const logged: unknown[][] = [];
    const fakeConsole = { log: (...args: unknown[]) => logged.push(args) };
    // eslint-disable-next-line @typescript-eslint/no-implied-eval
    new Function('mod', 'console', quickStart())(futurebench, fakeConsole);
    expect(logged[0]![0]).toBe(
      "\nWhat will happen next?\nA. He sits down\nB. He opens the fridge\nC. He leaves\nD. Nothing\n\nAnswer with the option's letter from the given choices directly.",
    );
    expect(logged.slice(1, 5).map((l) => l[0])).toEqual(['B', 'A', 'B', 1]);
    expect(logged[5]![0]).toBe(100);
  });
});
