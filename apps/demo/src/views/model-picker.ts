/** The model picker: the bundled tiny model (labelled as untrained) or a Hugging Face repo id / URL. */
import { formatBytes } from '../capabilities.js';
import { h, replaceChildren } from '../dom.js';
import { parseModelSource, type ModelSource } from '../model-source.js';
import type { ComputeBackend, ModelInfo } from '../protocol.js';

/** Name of the bundled model folder under `public/models/`. */
export const BUNDLED_MODEL = 'tiny-qwen2_5-vl-demo';

/** The picker component. */
export interface ModelPicker {
  readonly el: HTMLElement;
  setBusy(busy: boolean): void;
  showProgress(file: string, loaded: number, total: number, stage: 'download' | 'upload'): void;
  showLoaded(info: ModelInfo, ms: number): void;
  showError(message: string): void;
}

/** Creates the picker; `onLoad` is called with a parsed source when the user asks for a model. */
export function createModelPicker(
  bundledUrl: string,
  onLoad: (source: ModelSource, compute: ComputeBackend) => void,
): ModelPicker {
  const compute = h(
    'select',
    { id: 'compute', 'aria-describedby': 'compute-help' },
    h('option', { value: 'webgpu' }, 'WebGPU'),
    h('option', { value: 'cpu' }, 'CPU (float32 reference)'),
  );
  const computeValue = (): ComputeBackend => (compute.value === 'cpu' ? 'cpu' : 'webgpu');
  const bundled = h('input', {
    type: 'radio',
    name: 'model-kind',
    value: 'bundled',
    id: 'model-bundled',
    checked: true,
  });
  const hub = h('input', { type: 'radio', name: 'model-kind', value: 'hub', id: 'model-hub' });
  const idInput = h('input', {
    type: 'text',
    id: 'model-id',
    placeholder: 'Qwen/Qwen2.5-VL-3B-Instruct',
    autocomplete: 'off',
    spellcheck: 'false',
    'aria-describedby': 'model-id-help',
  });
  const hubRow = h(
    'div',
    { class: 'field', hidden: true },
    h('label', { for: 'model-id' }, 'Repo id or URL'),
    idInput,
    h(
      'p',
      { class: 'hint', id: 'model-id-help' },
      'Downloaded once from huggingface.co with a progress bar, then loaded from this browser’s cache (no network).',
    ),
  );
  const loadButton = h(
    'button',
    { type: 'submit', id: 'load-model', class: 'button secondary' },
    'Load model',
  );
  const progress = h('progress', {
    id: 'model-progress',
    max: 1,
    value: 0,
    'aria-label': 'Model download progress',
  });
  const progressText = h('span', { class: 'progress-text', id: 'model-progress-text' });
  const progressRow = h('div', { class: 'progress-row', hidden: true }, progress, progressText);
  const status = h('p', { id: 'model-status', class: 'status', role: 'status' }, 'No model loaded yet.');

  const form = h(
    'form',
    {
      class: 'model-form',
      'aria-label': 'Model',
      onsubmit: (event: Event) => {
        event.preventDefault();
        if (bundled.checked) {
          onLoad({ kind: 'bundled', url: bundledUrl, name: BUNDLED_MODEL }, computeValue());
          return;
        }
        const parsed = parseModelSource(idInput.value, location.origin);
        if (!parsed.ok) {
          idInput.setAttribute('aria-invalid', 'true');
          showError(parsed.reason);
          idInput.focus();
          return;
        }
        idInput.removeAttribute('aria-invalid');
        onLoad(parsed.source, computeValue());
      },
    },
    h(
      'fieldset',
      { class: 'choices' },
      h('legend', { class: 'sr-only' }, 'Model source'),
      h(
        'label',
        { class: 'choice', for: 'model-bundled' },
        bundled,
        h(
          'span',
          {},
          h('strong', {}, 'Bundled tiny model'),
          h('span', { class: 'badge warn', id: 'untrained-badge' }, 'untrained demo weights'),
          h(
            'span',
            { class: 'choice-sub' },
            'Real Qwen2.5-VL layout, random weights: shows the pipeline, not real predictions.',
          ),
        ),
      ),
      h(
        'label',
        { class: 'choice', for: 'model-hub' },
        hub,
        h(
          'span',
          {},
          h('strong', {}, 'Qwen2.5-VL checkpoint'),
          h(
            'span',
            { class: 'choice-sub' },
            'Hugging Face repo id or URL, e.g. a 3B Instruct or V1-trained model.',
          ),
        ),
      ),
    ),
    hubRow,
    h(
      'div',
      { class: 'row compute-row' },
      h('div', { class: 'field compact-wide' }, h('label', { for: 'compute' }, 'Compute'), compute),
      loadButton,
    ),
    h(
      'p',
      { class: 'hint', id: 'compute-help' },
      'WebGPU runs the WGSL kernels on your GPU; the CPU reference is exact but slow for real checkpoints.',
    ),
    progressRow,
    status,
  );
  for (const radio of [bundled, hub]) {
    radio.addEventListener('change', () => {
      hubRow.hidden = !hub.checked;
      if (hub.checked) {
        idInput.focus();
      }
    });
  }

  function showError(message: string): void {
    progressRow.hidden = true;
    status.className = 'status error';
    status.textContent = message;
  }

  return {
    el: form,
    setBusy(busy) {
      loadButton.disabled = busy;
      loadButton.textContent = busy ? 'Loading…' : 'Load model';
      if (busy) {
        status.className = 'status';
        status.textContent = 'Loading the model…';
        progress.value = 0;
        progressText.textContent = '';
      }
    },
    showProgress(file, loaded, total, stage) {
      progressRow.hidden = false;
      if (total > 0) {
        progress.max = total;
        progress.value = loaded;
      } else {
        progress.removeAttribute('value');
      }
      const verb = stage === 'download' ? 'Downloading' : 'Loading weights from';
      progressText.textContent = `${verb} ${file}: ${formatBytes(loaded)}${total > 0 ? ` of ${formatBytes(total)}` : ''}`;
    },
    showLoaded(info, ms) {
      progressRow.hidden = true;
      status.className = 'status ok';
      replaceChildren(
        status,
        h('strong', {}, info.name),
        ' ',
        info.untrained ? h('span', { class: 'badge warn' }, 'untrained demo weights') : null,
        ` ${info.summary} · ${formatBytes(info.bytes)} · loaded in ${(ms / 1000).toFixed(2)} s${info.fromCache ? ' from cache' : ''}`,
      );
    },
    showError,
  };
}
