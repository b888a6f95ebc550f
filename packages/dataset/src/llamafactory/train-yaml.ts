/** Options of {@link llamaFactorySftYaml}; every default is the reference `qwen2_5vl_7B_full_sft_5K.yaml`. */
export interface LlamaFactorySftYamlOptions {
  /** Default: `Qwen/Qwen2.5-VL-7B-Instruct`. */
  modelNameOrPath?: string;
  /** Default: `262144` (512²). */
  imageMaxPixels?: number;
  /** Default: `16384` (128²). LLaMA-Factory's own default is 65536. */
  videoMaxPixels?: number;
  /** Dataset names from `dataset_info.json` (joined with `,`). Default: `video_fp_sft_data`. */
  dataset?: string | readonly string[];
  /** Default: `qwen2_vl`. */
  template?: string;
  /** Default: `32768`. */
  cutoffLen?: number;
  /** Default: `5000`. */
  maxSamples?: number;
  /** Default: `saves/qwen2_5_vl-7b/full/sft_fp_5K`. */
  outputDir?: string;
  /** Default: `examples/deepspeed/ds_z3_config.json`. */
  deepspeed?: string;
  /** Default: `1`. */
  perDeviceTrainBatchSize?: number;
  /** Default: `2`. */
  gradientAccumulationSteps?: number;
  /** Default: `1e-5` (written `1.0e-5`). */
  learningRate?: number;
  /** Default: `3` (written `3.0`). */
  numTrainEpochs?: number;
  /** Default: `0.1`. */
  warmupRatio?: number;
}

/**
 * A YAML float that every YAML 1.1 reader (PyYAML) reads as a float: it needs a `.`, and a signed exponent
 * (`1.0e-5`, never `1e-05`).
 */
function yamlFloat(name: string, x: number): string {
  if (typeof x !== 'number' || !Number.isFinite(x)) {
    throw new TypeError(`options.${name}, when provided, must be a finite number, got ${String(x)}.`);
  }
  if (x !== 0 && (Math.abs(x) < 1e-4 || Math.abs(x) >= 1e16)) {
    const [m = '', e = '+0'] = x.toExponential().split('e');
    return `${m.includes('.') ? m : `${m}.0`}e${e}`;
  }
  const s = String(x);
  return s.includes('.') ? s : `${s}.0`;
}

function yamlInt(name: string, x: number): string {
  if (!Number.isSafeInteger(x)) {
    throw new TypeError(`options.${name}, when provided, must be an integer, got ${x}.`);
  }
  return String(x);
}

function yamlString(name: string, s: string): string {
  if (
    !/^[A-Za-z0-9_./][A-Za-z0-9_./,@+=-]*$/.test(s) ||
    /^(true|false|null|yes|no|on|off|~|[-+.\d])/i.test(s)
  ) {
    if (s === '' || /[\n\r]/.test(s)) {
      throw new TypeError(`options.${name}, when provided, must be a non-empty single-line string.`);
    }
    return JSON.stringify(s);
  }
  return s;
}

/**
 * The LLaMA-Factory full-SFT training YAML of the reference (`qwen2_5vl_7B_full_sft_5K.yaml`, comments
 * included). With no options the text is byte-identical to the reference file; options change values only.
 * Run it with `llamafactory-cli train <file>`.
 */
export function llamaFactorySftYaml(options: LlamaFactorySftYamlOptions = {}): string {
  const o = options;
  const dataset = typeof o.dataset === 'string' ? o.dataset : (o.dataset ?? ['video_fp_sft_data']).join(',');
  return [
    '### model',
    `model_name_or_path: ${yamlString('modelNameOrPath', o.modelNameOrPath ?? 'Qwen/Qwen2.5-VL-7B-Instruct')}`,
    `image_max_pixels: ${yamlInt('imageMaxPixels', o.imageMaxPixels ?? 262144)}`,
    `video_max_pixels: ${yamlInt('videoMaxPixels', o.videoMaxPixels ?? 16384)}`,
    'trust_remote_code: true',
    '',
    '### method',
    'stage: sft',
    'do_train: true',
    'finetuning_type: full',
    'freeze_vision_tower: true  # choices: [true, false]',
    'freeze_multi_modal_projector: true  # choices: [true, false]',
    'freeze_language_model: false  # choices: [true, false]',
    `deepspeed: ${yamlString('deepspeed', o.deepspeed ?? 'examples/deepspeed/ds_z3_config.json')}  # choices: [ds_z0_config.json, ds_z2_config.json, ds_z3_config.json]`,
    '',
    '### dataset',
    `dataset: ${yamlString('dataset', dataset)} # mllm_demo,identity,alpaca_en_demo`,
    `template: ${yamlString('template', o.template ?? 'qwen2_vl')}`,
    `cutoff_len: ${yamlInt('cutoffLen', o.cutoffLen ?? 32768)}`,
    `max_samples: ${yamlInt('maxSamples', o.maxSamples ?? 5000)}`,
    'overwrite_cache: true',
    'preprocessing_num_workers: 16',
    'dataloader_num_workers: 4',
    '',
    '### output',
    `output_dir: ${yamlString('outputDir', o.outputDir ?? 'saves/qwen2_5_vl-7b/full/sft_fp_5K')}`,
    'logging_steps: 10',
    'save_steps: 20000',
    'plot_loss: true',
    'overwrite_output_dir: true',
    'save_only_model: false',
    '',
    '### train',
    `per_device_train_batch_size: ${yamlInt('perDeviceTrainBatchSize', o.perDeviceTrainBatchSize ?? 1)}`,
    `gradient_accumulation_steps: ${yamlInt('gradientAccumulationSteps', o.gradientAccumulationSteps ?? 2)}`,
    `learning_rate: ${yamlFloat('learningRate', o.learningRate ?? 1e-5)}`,
    `num_train_epochs: ${yamlFloat('numTrainEpochs', o.numTrainEpochs ?? 3)}`,
    'lr_scheduler_type: cosine',
    `warmup_ratio: ${yamlFloat('warmupRatio', o.warmupRatio ?? 0.1)}`,
    'bf16: true',
    'ddp_timeout: 180000000',
    'resume_from_checkpoint: null',
    '',
    '### eval',
    '# val_size: 0.1',
    '# per_device_eval_batch_size: 1',
    '# eval_strategy: steps',
    '# eval_steps: 500',
    '',
  ].join('\n');
}
