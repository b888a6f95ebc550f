/**
 * A benchmark doc (FutureBench or SEED-Bench-R1) lacks a field or holds a value of the wrong type.
 * `index` and `docId` say which doc (when known), `field` names the dotted path, e.g. `qa.Options.D`.
 */
export class InvalidDocError extends Error {
  /** Position of the doc in its file or array, when known. */
  readonly index: number | undefined;
  /** The doc's `id` (FutureBench) or `video_id` (SEED-Bench-R1), when it has a readable one. */
  readonly docId: string | undefined;
  /** Dotted path of the offending field, e.g. `qa.Answer`. */
  readonly field: string;

  /** @param detail what is wrong with the field, e.g. `expected string, received null`. */
  constructor(
    detail: string,
    where: { field: string; index?: number | undefined; docId?: string | undefined; kind?: string },
  ) {
    const doc = `${where.kind ?? 'doc'}${where.index === undefined ? '' : ` ${where.index}`}${
      where.docId === undefined ? '' : ` (id ${JSON.stringify(where.docId)})`
    }`;
    super(`${doc}: ${where.field}: ${detail}`);
    this.name = 'InvalidDocError';
    this.index = where.index;
    this.docId = where.docId;
    this.field = where.field;
  }
}

/**
 * A scored record has a `question_type` outside `hop1`, `hop2`, `hop3`, `hop5`. The reference's
 * `future_pred_aggregate_results` fails the same way (a `KeyError`), so aggregation refuses such runs.
 */
export class UnknownQuestionTypeError extends Error {
  /** The offending value as the reference would format it (`str(question_type)`, so `None` for null). */
  readonly questionType: string;
  /** Index of the record in the list passed in. */
  readonly index: number;

  /** @param questionType `str()` of the value; @param index the record's position. */
  constructor(questionType: string, index: number, hint = '') {
    super(
      `record ${index}: question_type ${JSON.stringify(questionType)} is not one of hop1, hop2, hop3, hop5${hint}`,
    );
    this.name = 'UnknownQuestionTypeError';
    this.questionType = questionType;
    this.index = index;
  }
}

/** An lmms-eval `*_results.json` or `*_samples_<task>.jsonl` file does not have the expected structure. */
export class LmmsFormatError extends Error {
  /** 1-based line number for JSONL input, when the problem is on one line. */
  readonly line: number | undefined;

  /** @param message what is wrong; @param line 1-based line of a JSONL file. */
  constructor(message: string, line?: number) {
    super(line === undefined ? message : `line ${line}: ${message}`);
    this.name = 'LmmsFormatError';
    this.line = line;
  }
}

/** `compareRuns` was given runs it cannot pair (duplicate ids inside one run). */
export class RunPairingError extends Error {
  /** @param message which run and which id. */
  constructor(message: string) {
    super(message);
    this.name = 'RunPairingError';
  }
}
