// Bench: extract + score 1,000,000 model outputs with the BUILT package (run `npm run build` first; nx's
// `bench` target depends on `build`). Prints one JSON line: {"bench":"score-1m","ours_ms":<milliseconds>}.
// The outputs are synthetic but cover the shapes the reference sees: direct letters, answer prefixes (incl. the
// concatenated ones), "Based on …" sentences, long letter-free text and <think>/<answer> reasoning.
import { aggregate, scoreSample } from '@nextevent/futurebench';

const N = 1_000_000;
const TYPES = ['hop1', 'hop2', 'hop3', 'hop5'];
const LETTERS = ['A', 'B', 'C', 'D'];

// Small deterministic LCG so every run scores the same inputs.
let state = 0x9e3779b9;
const rand = (n) => {
  state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
  return state % n;
};

const filler =
  'the person walks to the kitchen and opens the fridge while the camera slowly pans to the left of the scene';
const templates = [
  (l) => l,
  (l) => `${l}.`,
  (l) => `(${l})`,
  (l) => `The best answer is ${l}.`,
  (l) => `The answer is: ${l}`,
  (l) => `Answer: ${l}`,
  (l) => `Based on the video, the answer is ${l}.`,
  (l) => `The best option isThe correct option is ${l}`,
  (l) => `Best answer:Best option: ${l}`,
  () => `${filler} ${filler}`,
  (l) => `<think>${filler}. So the next event is option ${l}.</think>\n<answer>${l}</answer>`,
  (l) => `<think>${filler}</think><answer>${l}. ${filler}</answer>`,
  () => `<think>${filler}</think>`,
  (l) => `  ${l.toLowerCase()} is my guess  `,
];

const docs = Array.from({ length: 1000 }, (_, i) => ({
  id: `fb_${i}`,
  question_type: TYPES[i % 4],
  video_path: `V1-33K/video_dataset/x/clip_${i}.mp4`,
  qa: {
    Question: 'What happens next?',
    Options: { A: 'a', B: 'b', C: 'c', D: 'd' },
    Answer: LETTERS[rand(4)],
  },
}));
const outputs = Array.from({ length: N }, () => templates[rand(templates.length)](LETTERS[rand(4)]));
const reasoningFlags = outputs.map((o) => o.startsWith('<think>'));

// Warm the JIT on a separate slice so the timing reflects steady-state throughput.
for (let i = 0; i < 20_000; i++) {
  scoreSample(docs[i % docs.length], outputs[N - 1 - i], { reasoning: reasoningFlags[N - 1 - i] });
}

const t0 = performance.now();
const records = new Array(N);
for (let i = 0; i < N; i++) {
  records[i] = scoreSample(docs[i % docs.length], outputs[i], { reasoning: reasoningFlags[i] });
}
const result = aggregate(records);
const ms = performance.now() - t0;

if (!(result.counts.total === N && result.overall > 0 && result.overall < 100)) {
  throw new Error(`unexpected aggregate: ${JSON.stringify(result.counts)}`);
}
console.log(JSON.stringify({ bench: 'score-1m', ours_ms: Math.round(ms * 10) / 10 }));
