/** The WebGPU capability chip in the header and the panel it opens (adapter, f16, limits, WebCodecs). */
import { formatBytes, type Capabilities, SHOWN_LIMITS } from '../capabilities.js';
import { h } from '../dom.js';

const BYTE_LIMITS = new Set<string>([
  'maxBufferSize',
  'maxStorageBufferBindingSize',
  'maxComputeWorkgroupStorageSize',
]);

/** Builds the chip (a disclosure button) and its panel. */
export function createGpuPanel(caps: Capabilities): { chip: HTMLElement; panel: HTMLElement } {
  const gpu = caps.gpu;
  const name = gpu
    ? [gpu.vendor, gpu.architecture].filter(Boolean).join(' · ') || 'unknown adapter'
    : 'no adapter';
  const panel = h(
    'section',
    { id: 'gpu-panel', class: 'gpu-panel', hidden: true, 'aria-label': 'WebGPU capabilities' },
    h(
      'dl',
      { class: 'facts' },
      fact('Adapter', name),
      fact('Description', gpu?.description || gpu?.device || '—'),
      fact(
        'Fallback (software) adapter',
        gpu ? (gpu.isFallbackAdapter ? 'yes: expect slow inference' : 'no') : '—',
      ),
      fact('shader-f16', gpu ? (gpu.shaderF16 ? 'yes: f16 kernels' : 'no: f32 kernels') : '—'),
      fact('timestamp-query', gpu ? (gpu.timestampQuery ? 'yes' : 'no') : '—'),
      fact('subgroups', gpu ? (gpu.subgroups ? 'yes' : 'no') : '—'),
      fact('WebCodecs', caps.webcodecs ? 'yes' : 'no'),
      ...(gpu
        ? SHOWN_LIMITS.map((limit) =>
            fact(limit, BYTE_LIMITS.has(limit) ? formatBytes(gpu.limits[limit]) : String(gpu.limits[limit])),
          )
        : []),
    ),
  );
  const chip = h(
    'button',
    {
      type: 'button',
      id: 'gpu-chip',
      class: 'chip',
      'aria-expanded': 'false',
      'aria-controls': 'gpu-panel',
      onclick: () => {
        const open = chip.getAttribute('aria-expanded') !== 'true';
        chip.setAttribute('aria-expanded', String(open));
        panel.hidden = !open;
      },
    },
    h('span', { class: `dot ${gpu ? 'ok' : 'bad'}`, 'aria-hidden': 'true' }),
    `WebGPU · ${name}`,
    h('span', { class: 'chip-sub' }, gpu?.shaderF16 ? ' · f16' : ' · f32'),
  );
  return { chip, panel };
}

function fact(label: string, value: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  fragment.append(h('dt', {}, label), h('dd', {}, value));
  return fragment;
}
