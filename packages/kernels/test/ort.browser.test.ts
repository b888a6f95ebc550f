// Browser only: the ORT oracle's browser path (onnxruntime-web) on a single-op graph. ORT-web is loaded from its
// dist folder and handed to createOrtSession (`ort` option), so the test does not depend on Vite's dependency
// optimizer discovering onnxruntime-web mid-run.
import { describe, expect, it } from 'vitest';
import { closeness } from '@nextevent/testing';
import { softmaxReference } from '@nextevent/kernels';
import { createOrtSession, isNode, softmaxModel } from '@nextevent/kernels/ort';

const DIST = '/node_modules/onnxruntime-web/dist/';

describe('ORT oracle in the browser (onnxruntime-web)', () => {
  it('is not Node', () => {
    expect(isNode()).toBe(false);
  });
  for (const ep of ['wasm', 'webgpu'] as const) {
    it(`Softmax on the ${ep} EP agrees with the CPU reference`, async () => {
      const ort = (await import(/* @vite-ignore */ `${DIST}ort.webgpu.min.mjs`)) as {
        env: { wasm: { wasmPaths: string } };
      };
      ort.env.wasm.wasmPaths = DIST;
      const x = Float32Array.from({ length: 3 * 17 }, (_, i) => Math.sin(i) * 4);
      const s = await createOrtSession(softmaxModel({ rows: 3, C: 17 }), { executionProvider: ep, ort });
      expect(s.backend).toBe(`onnxruntime-web/${ep}`);
      const y = await s.run({ X: { type: 'float32', dims: [3, 17], data: x } });
      await s.release();
      expect(
        closeness(y.Y!.data as Float32Array, softmaxReference(x, 17), { abs: 1e-5, rel: 1e-4 }).message,
      ).toBe('ok');
    });
  }
});
