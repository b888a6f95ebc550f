import { parse, stringify } from 'yaml';
import { easyR1DataConfigSchema, type EasyR1DataConfig } from '../schemas/easyr1.js';
import { DatasetValidationError } from '../validate/errors.js';

/**
 * The EasyR1 v1 data-config YAML (`datasets: [{json_path, sampling_strategy}]`), which the demo scripts pass as
 * `data.train_files=…/v1_1k.yaml` but which the reference repository does not ship. Validates first.
 *
 * @example
 * ```ts
 * easyR1DataConfigYaml({ datasets: [{ json_path: '/data/v1_rl_data.json', sampling_strategy: 'first:1000' }] });
 * // datasets:\n  - json_path: /data/v1_rl_data.json\n    sampling_strategy: first:1000\n
 * ```
 */
export function easyR1DataConfigYaml(config: EasyR1DataConfig): string {
  const parsed = easyR1DataConfigSchema.safeParse(config);
  if (!parsed.success) {
    throw DatasetValidationError.fromZod('EasyR1 data config', parsed.error);
  }
  return stringify(parsed.data, { indentSeq: true, lineWidth: 0 });
}

/** Reads and validates an EasyR1 v1 data-config YAML. @throws {DatasetValidationError} */
export function parseEasyR1DataConfig(text: string): EasyR1DataConfig {
  const parsed = easyR1DataConfigSchema.safeParse(parse(text));
  if (!parsed.success) {
    throw DatasetValidationError.fromZod('EasyR1 data config', parsed.error);
  }
  return parsed.data;
}
