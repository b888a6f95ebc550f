import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain ESM script without types
import { generateTurbo } from '../src/gen-turbo.mjs';

describe('gen-turbo', () => {
  it('translates nx targetDefaults into turbo tasks', () => {
    const turbo = generateTurbo({
      namedInputs: {
        default: ['{projectRoot}/**/*', 'shared'],
        shared: ['{workspaceRoot}/tsconfig.base.json'],
        production: ['default', '!{projectRoot}/test/**/*'],
      },
      targetDefaults: {
        build: {
          dependsOn: ['^build'],
          inputs: ['production', '^production'],
          outputs: ['{projectRoot}/dist'],
        },
        bench: { dependsOn: ['build'], cache: false },
      },
    });
    expect(turbo.tasks).toEqual({
      build: {
        dependsOn: ['^build'],
        inputs: ['$TURBO_DEFAULT$', '$TURBO_ROOT$/tsconfig.base.json', '!test/**/*'],
        outputs: ['dist/**'],
      },
      bench: { dependsOn: ['build'], outputs: [], cache: false },
    });
  });

  it('the committed turbo.json matches nx.json', () => {
    const root = new URL('../../../', import.meta.url);
    const nx = JSON.parse(readFileSync(new URL('nx.json', root), 'utf8'));
    const committed = JSON.parse(readFileSync(new URL('turbo.json', root), 'utf8'));
    expect(committed).toEqual(generateTurbo(nx));
  });
});
