/** The page shown instead of the demo when WebGPU, WebCodecs or a secure context is missing. */
import type { Capabilities, MissingFeature } from '../capabilities.js';
import { h } from '../dom.js';

const TITLES: Record<MissingFeature['feature'], string> = {
  'secure-context': 'Secure context',
  webgpu: 'WebGPU',
  'webgpu-adapter': 'WebGPU adapter',
  webcodecs: 'WebCodecs',
  workers: 'Web Workers',
};

/** Renders the explanation page into `root`. */
export function renderUnsupported(root: HTMLElement, caps: Capabilities, missing: MissingFeature[]): void {
  const names = missing.map((m) => TITLES[m.feature]).join(' and ');
  root.replaceChildren(
    h(
      'section',
      { class: 'unsupported', id: 'unsupported', 'aria-labelledby': 'unsupported-title' },
      h('p', { class: 'eyebrow' }, 'nextevent · what happens next?'),
      h(
        'h1',
        { id: 'unsupported-title' },
        `This browser can’t run the demo: ${names} ${missing.length > 1 ? 'are' : 'is'} missing`,
      ),
      h(
        'p',
        { class: 'lede' },
        'The demo runs a vision-language model entirely on your machine: video frames are decoded with WebCodecs and ',
        'the model runs on your GPU through WebGPU, in a background worker. Nothing is uploaded.',
      ),
      h(
        'ol',
        { class: 'missing-list' },
        ...missing.map((m) =>
          h(
            'li',
            { class: 'missing-item', 'data-feature': m.feature },
            h('h2', {}, TITLES[m.feature]),
            h('p', {}, m.problem),
            h('p', { class: 'missing-how' }, 'How to fix it:'),
            h('ul', {}, ...m.steps.map((s) => h('li', {}, codeify(s)))),
          ),
        ),
      ),
      h(
        'details',
        { class: 'detected' },
        h('summary', {}, 'What was detected'),
        h(
          'dl',
          {},
          h('dt', {}, 'Secure context'),
          h('dd', {}, yesNo(caps.secureContext)),
          h('dt', {}, 'navigator.gpu'),
          h('dd', {}, yesNo(caps.webgpuApi)),
          h('dt', {}, 'GPU adapter'),
          h(
            'dd',
            {},
            caps.gpu ? `${caps.gpu.vendor} ${caps.gpu.architecture}`.trim() : (caps.gpuError ?? 'none'),
          ),
          h('dt', {}, 'WebCodecs'),
          h('dd', {}, yesNo(caps.webcodecs)),
          h('dt', {}, 'User agent'),
          h('dd', { class: 'mono' }, caps.userAgent),
        ),
      ),
    ),
  );
  document.title = 'nextevent: WebGPU or WebCodecs missing';
}

function yesNo(value: boolean): string {
  return value ? 'yes' : 'no';
}

/** Wraps flags, URLs and commands (`chrome://…`, `--flag`, `about:config`) in <code>. */
function codeify(text: string): DocumentFragment {
  const fragment = document.createDocumentFragment();
  const pattern =
    /(chrome:\/\/[\w/#-]+|about:config|dom\.webgpu\.enabled|(?:chromium )?--[a-z-]+(?:=\w+)?(?: --[a-z-]+(?:=\w+)?)*)/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    fragment.append(text.slice(last, match.index), h('code', {}, match[0]));
    last = match.index + match[0].length;
  }
  fragment.append(text.slice(last));
  return fragment;
}
