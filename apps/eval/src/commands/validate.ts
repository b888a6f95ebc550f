import { DATASET_SCHEMA_NAMES, formatIssue, type DatasetSchemaName } from '@nextevent/dataset';
import { validateFile } from '@nextevent/dataset/node';
import { EXIT, type CommandSpec } from '../command.js';

interface ValidateFlags {
  schema?: DatasetSchemaName;
}

/** `nextevent validate`: check a dataset file against its schema, streaming large files. */
export const validateCommand: CommandSpec = {
  name: 'validate',
  summary: 'Validate a V1-33K, LLaMA-Factory, or EasyR1 data file against its schema.',
  description:
    'Streams large JSON arrays / JSON Lines record by record and reports each problem with the record index, ' +
    'its id and the field path. The schema is guessed from the file name and first record unless --schema is ' +
    'given. Exits 1 when the file is invalid.',
  arguments: [{ name: 'file', description: 'The file to check (.json, .jsonl, .yaml).' }],
  options: [
    {
      flags: '--schema <name>',
      description: 'Schema to check against (default: detected).',
      choices: DATASET_SCHEMA_NAMES,
    },
  ],
  async run({ args, options, io }) {
    const f = options as unknown as ValidateFlags;
    const file = args[0] ?? '';
    const report = await validateFile(file, f.schema === undefined ? {} : { schema: f.schema });
    for (const issue of report.issues) {
      io.stdout(`${file}: ${formatIssue(issue)}\n`);
    }
    if (report.truncated) {
      io.stdout(`${file}: more issues not shown\n`);
    }
    if (report.fatal !== undefined) {
      io.stdout(`${file}: ${report.fatal}\n`);
    }
    const ok = report.issues.length === 0 && report.fatal === undefined;
    io.stdout(
      `${file}: ${report.valid} of ${report.records} record${report.records === 1 ? '' : 's'} valid ` +
        `(schema ${report.schema})${ok ? '' : ' — INVALID'}\n`,
    );
    return ok ? EXIT.ok : EXIT.failure;
  },
};
