// Bench: generate all eight SFT formats (and serialize them exactly like json.dump(indent=2)) from 33,000
// synthetic V1-33K records with the BUILT package (run `npm run build` first; nx's `bench` target depends on
// `build`). Prints one JSON line: {"bench":"datagen-33k","ours_ms":<milliseconds>,...}.
// Records are synthetic but have the real shape and sizes (multi-paragraph captions, 5 events, 4-8 QA turns,
// reasoning text, some non-ASCII), and every first-part clip "exists" (list probe), ~2/3 second-part clips.
import { createListVideoProbe, generateSftData, PythonRandom } from '@nextevent/dataset';

const N = 33_000;
const rng = new PythonRandom(20250528);
const words =
  'the a person walks kitchen opens fridge camera pans left dog runs ball park café niño 视频 then slowly'.split(
    ' ',
  );
const sentence = (n) => Array.from({ length: n }, () => rng.choice(words)).join(' ');
const paragraph = (s) => Array.from({ length: s }, () => `${sentence(12)}.`).join(' ');

const files = [];
const records = [];
for (let i = 0; i < N; i++) {
  const rel = `src_${i % 50}/clip_${i}.mp4`;
  files.push(`./V1-33K/first_part_video/${rel}`);
  if (i % 3 !== 0) {
    files.push(`./V1-33K/second_part_video/${rel}`);
  }
  const events = Array.from({ length: 5 }, (_, k) => ({
    scene: `Scene ${k + 1}`,
    description: sentence(20),
  }));
  const split = 1 + rng.randbelow(4);
  const qa = (n) =>
    Array.from({ length: n }, (_, k) => ({
      from: k % 2 ? 'gpt' : 'human',
      value: k % 2 ? sentence(8) : `<image>\n${sentence(14)}?`,
    }));
  records.push({
    video_path: `video_dataset/${rel}`,
    full_video_path: `./V1-33K/video_dataset/${rel}`,
    caption: `${paragraph(6)}\n\n${paragraph(5)}`,
    events,
    video_split: {
      suitable: 'yes',
      optimal_split_point: `between Scene ${split} and Scene ${split + 1}`,
      scenes_timestep: [{ [`Scene ${split}`]: ['00:00.00', '00:10.00'] }],
      split_caption: { caption_part1: paragraph(4), caption_part2: paragraph(4) },
    },
    ds_reasoning: { rewritten_reasoning_content: paragraph(10), rewritten_prediction_content: paragraph(3) },
    o3_critique: { Critique: paragraph(3), Conclusion: rng.random() < 0.6 ? 'wrong' : 'right' },
    mc_qa: qa(2 * (1 + rng.randbelow(3))),
    oe_qa: qa(2 * (1 + rng.randbelow(3))),
  });
}
const probe = createListVideoProbe(files);

const t0 = performance.now();
const out = generateSftData(records, { seed: 0, probe });
const ms = performance.now() - t0;
const bytes = out.reduce((s, f) => s + f.text.length, 0);
const recs = out.reduce((s, f) => s + f.records.length, 0);
console.log(
  JSON.stringify({
    bench: 'datagen-33k',
    ours_ms: Math.round(ms),
    records_in: N,
    records_out: recs,
    output_chars: bytes,
  }),
);
