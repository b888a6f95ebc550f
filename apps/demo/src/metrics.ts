/** Prediction timings as the worker measures them, and how the page presents them. */

/** Wall-clock measurements of one prediction (milliseconds unless named otherwise). */
export interface PredictionTimings {
  /** Frames given to the model (after sampling the past part). */
  framesSampled: number;
  /** Decoding and resizing those frames. */
  samplingMs: number;
  /** Vision tower (patch embed + ViT + merger). */
  visionMs: number;
  /** Prompt tokens run through the decoder in the prefill step (text + visual tokens). */
  prefillTokens: number;
  /** Prefill duration (excluding vision). */
  prefillMs: number;
  /** Tokens generated after the prefill. */
  decodeTokens: number;
  /** Decode duration. */
  decodeMs: number;
  /** Time from the request to the first streamed token. */
  timeToFirstTokenMs: number;
}

/** Tokens per second, or `null` when the duration is not positive (nothing measurable). */
export function tokensPerSecond(tokens: number, ms: number): number | null {
  if (!(ms > 0) || tokens < 0) {
    return null;
  }
  return (tokens * 1000) / ms;
}

/** A row of the timings table: label, value shown, and a machine-readable value for tests. */
export interface TimingRow {
  key: string;
  label: string;
  value: string;
}

function ms(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(2)} s` : `${Math.round(value)} ms`;
}

function rate(tokens: number, duration: number): string {
  const r = tokensPerSecond(tokens, duration);
  return r === null ? '–' : `${r >= 100 ? Math.round(r) : r.toFixed(1)} tok/s`;
}

/** Turns timings into the rows of the page's timings table. */
export function timingRows(t: PredictionTimings): TimingRow[] {
  return [
    { key: 'frames', label: 'Frames sampled', value: `${t.framesSampled} (${ms(t.samplingMs)})` },
    { key: 'vision', label: 'Vision encoder', value: ms(t.visionMs) },
    {
      key: 'prefill',
      label: 'Prefill',
      value: `${rate(t.prefillTokens, t.prefillMs)} · ${t.prefillTokens} tokens`,
    },
    {
      key: 'decode',
      label: 'Decode',
      value: `${rate(t.decodeTokens, t.decodeMs)} · ${t.decodeTokens} tokens`,
    },
    { key: 'ttft', label: 'Time to first token', value: ms(t.timeToFirstTokenMs) },
  ];
}
