import { z } from 'zod';

/** The `tags` of a sharegpt `dataset_info.json` entry (LLaMA-Factory `DatasetAttr`). */
export const sharegptTagsSchema = z.object({
  role_tag: z.string(),
  content_tag: z.string(),
  user_tag: z.string(),
  assistant_tag: z.string(),
  observation_tag: z.string().optional(),
  function_tag: z.string().optional(),
  system_tag: z.string().optional(),
});

/** `tags` of an entry: the keys the reader needs once a `tags` object exists. */
export type SharegptTags = z.output<typeof sharegptTagsSchema>;

const COLUMN_KEYS = [
  'prompt',
  'query',
  'response',
  'history',
  'messages',
  'system',
  'tools',
  'images',
  'videos',
  'audios',
  'chosen',
  'rejected',
  'kto_tag',
] as const;

const SOURCE_KEYS = ['hf_hub_url', 'ms_hub_url', 'script_url', 'cloud_file_name', 'file_name'] as const;

/**
 * One `dataset_info.json` entry. Checks LLaMA-Factory's gotchas: a `tags` object must name the four core tags
 * (tags left out become `None`, not their defaults), and a sharegpt `columns` object must name `messages`.
 */
export const datasetInfoEntrySchema = z
  .object({
    hf_hub_url: z.string().optional(),
    ms_hub_url: z.string().optional(),
    script_url: z.string().optional(),
    cloud_file_name: z.string().optional(),
    file_name: z.string().optional(),
    formatting: z.enum(['alpaca', 'sharegpt', 'openai']).optional(),
    ranking: z.boolean().optional(),
    subset: z.string().optional(),
    split: z.string().optional(),
    folder: z.string().optional(),
    num_samples: z.number().int().nonnegative().optional(),
    columns: z.partialRecord(z.enum(COLUMN_KEYS), z.string()).optional(),
    tags: sharegptTagsSchema.optional(),
  })
  .superRefine((e, ctx) => {
    if (!SOURCE_KEYS.some((k) => e[k] !== undefined)) {
      ctx.addIssue({ code: 'custom', message: `needs one of ${SOURCE_KEYS.join(', ')}` });
    }
    const formatting = e.formatting ?? 'alpaca';
    if (formatting !== 'alpaca' && e.columns !== undefined && e.columns.messages === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['columns', 'messages'],
        message: 'is required once columns is given (left out it becomes None)',
      });
    }
  });

/** A validated `dataset_info.json` entry. */
export type DatasetInfoEntry = z.output<typeof datasetInfoEntrySchema>;

/** A whole `dataset_info.json`: dataset name → entry. */
export const datasetInfoSchema = z.record(z.string(), datasetInfoEntrySchema);

/** The sharegpt tags LLaMA-Factory assumes when an entry has no `tags` object. */
export const SHAREGPT_DEFAULT_TAGS: SharegptTags = {
  role_tag: 'from',
  content_tag: 'value',
  user_tag: 'human',
  assistant_tag: 'gpt',
  observation_tag: 'observation',
  function_tag: 'function_call',
  system_tag: 'system',
};

/** The tags of the reference's video datasets (role/content/user/assistant, system allowed). */
export const VIDEO_SHAREGPT_TAGS: SharegptTags = {
  role_tag: 'role',
  content_tag: 'content',
  user_tag: 'user',
  assistant_tag: 'assistant',
  system_tag: 'system',
};

/** Options of {@link createSharegptRecordSchema}. */
export interface SharegptRecordSchemaOptions {
  /** Default: {@link VIDEO_SHAREGPT_TAGS}. A system turn is only allowed when `system_tag` is set. */
  tags?: SharegptTags;
  /** Preference data (`ranking: true`) has an odd number of turns. Default: `false`. */
  ranking?: boolean;
  /** Placeholder strings (LLaMA-Factory's `VIDEO_PLACEHOLDER` etc.). Default: `<video>`, `<image>`, `<audio>`. */
  placeholders?: { video?: string; image?: string; audio?: string };
}

function countOf(text: string, needle: string): number {
  // Python's str.count: non-overlapping occurrences.
  return needle === '' ? 0 : text.split(needle).length - 1;
}

/**
 * A zod schema for one sharegpt record (`{messages, videos?, images?, audios?}`) that applies LLaMA-Factory's
 * rules (interop.md §1.2–1.3): an optional first system turn (only with `system_tag`), then turns alternating
 * user|observation / assistant|function, an even count (odd for ranking), string contents, and as many
 * `<video>`/`<image>`/`<audio>` placeholders over all turns as there are media paths.
 */
export function createSharegptRecordSchema(options: SharegptRecordSchemaOptions = {}) {
  const tags = options.tags ?? VIDEO_SHAREGPT_TAGS;
  const { role_tag: roleKey, content_tag: contentKey } = tags;
  const ph = {
    video: options.placeholders?.video ?? '<video>',
    image: options.placeholders?.image ?? '<image>',
    audio: options.placeholders?.audio ?? '<audio>',
  };
  const media = z.array(z.union([z.string(), z.array(z.string())])).optional();
  return z
    .looseObject({
      messages: z.array(z.looseObject({ [roleKey]: z.string(), [contentKey]: z.string() })).min(1),
      videos: media,
      images: media,
      audios: media,
    })
    .superRefine((rec, ctx) => {
      const turns = rec.messages as Record<string, string>[];
      let start = 0;
      if (tags.system_tag !== undefined && turns[0]?.[roleKey] === tags.system_tag) {
        start = 1;
      }
      const userRoles = [tags.user_tag, tags.observation_tag];
      const assistantRoles = [tags.assistant_tag, tags.function_tag];
      for (let i = start; i < turns.length; i++) {
        const role = turns[i]?.[roleKey];
        const allowed = (i - start) % 2 === 0 ? userRoles : assistantRoles;
        if (!allowed.includes(role)) {
          ctx.addIssue({
            code: 'custom',
            path: ['messages', i, roleKey],
            message: `expected ${allowed.filter((r) => r !== undefined).join(' or ')} at this position, got ${JSON.stringify(role)}`,
          });
          return;
        }
      }
      const n = turns.length - start;
      if (options.ranking ? n % 2 !== 1 : n % 2 !== 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['messages'],
          message: `needs an ${options.ranking ? 'odd' : 'even'} number of turns after the system turn, got ${n}`,
        });
      }
      for (const kind of ['video', 'image', 'audio'] as const) {
        const placeholder = ph[kind];
        const count = turns.reduce((s, t) => s + countOf(t[contentKey] ?? '', placeholder), 0);
        const paths = (rec[`${kind}s`] as unknown[] | undefined)?.length ?? 0;
        if (count !== paths) {
          ctx.addIssue({
            code: 'custom',
            path: [`${kind}s`],
            message: `The number of ${kind}s (${paths}) does not match the number of ${placeholder} tokens (${count})`,
          });
        }
      }
    });
}

/** {@link createSharegptRecordSchema} with the reference's video tags. */
export const sharegptRecordSchema = createSharegptRecordSchema();

/** A validated sharegpt record. */
export type SharegptRecord = z.output<typeof sharegptRecordSchema>;
