/**
 * What this browser can do for the demo: WebGPU (adapter, features, limits) and WebCodecs. Detection touches the
 * browser; everything that turns the result into advice is pure and unit-tested.
 */

/** The limits shown in the capability panel (a subset of `GPUSupportedLimits` that matters for a VLM). */
export const SHOWN_LIMITS = [
  'maxBufferSize',
  'maxStorageBufferBindingSize',
  'maxComputeWorkgroupStorageSize',
  'maxComputeInvocationsPerWorkgroup',
  'maxComputeWorkgroupSizeX',
  'maxStorageBuffersPerShaderStage',
] as const;

/** One of {@link SHOWN_LIMITS}. */
export type ShownLimit = (typeof SHOWN_LIMITS)[number];

/** Facts about the WebGPU adapter the worker will use. */
export interface GpuFacts {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
  isFallbackAdapter: boolean;
  shaderF16: boolean;
  timestampQuery: boolean;
  subgroups: boolean;
  limits: Record<ShownLimit, number>;
}

/** What {@link detectCapabilities} found. */
export interface Capabilities {
  secureContext: boolean;
  /** `navigator.gpu` exists. */
  webgpuApi: boolean;
  /** An adapter was granted; `null` when none (WebGPU disabled, blocklisted GPU, or no API). */
  gpu: GpuFacts | null;
  /** Why no adapter could be obtained, when known. */
  gpuError?: string;
  /** `VideoDecoder` and `VideoFrame` exist. */
  webcodecs: boolean;
  /** `Worker` exists (module workers are assumed where WebGPU exists). */
  workers: boolean;
  userAgent: string;
}

/** Probes the current browser. Never throws: failures are reported in the result. */
export async function detectCapabilities(): Promise<Capabilities> {
  const nav = navigator as Navigator & { gpu?: GPU };
  const caps: Capabilities = {
    secureContext: globalThis.isSecureContext,
    webgpuApi: nav.gpu !== undefined,
    gpu: null,
    webcodecs: typeof globalThis.VideoDecoder === 'function' && typeof globalThis.VideoFrame === 'function',
    workers: typeof globalThis.Worker === 'function',
    userAgent: nav.userAgent,
  };
  if (nav.gpu === undefined) {
    return caps;
  }
  try {
    const adapter = await nav.gpu.requestAdapter({ powerPreference: 'high-performance' });
    if (adapter === null) {
      caps.gpuError = 'navigator.gpu.requestAdapter() returned null';
      return caps;
    }
    caps.gpu = describeAdapter(adapter);
  } catch (error) {
    caps.gpuError = error instanceof Error ? error.message : String(error);
  }
  return caps;
}

/** Extracts the facts shown in the capability panel from an adapter. */
export function describeAdapter(adapter: GPUAdapter): GpuFacts {
  const info = adapter.info;
  const limits = {} as Record<ShownLimit, number>;
  for (const name of SHOWN_LIMITS) {
    limits[name] = adapter.limits[name];
  }
  return {
    vendor: info.vendor,
    architecture: info.architecture,
    device: info.device,
    description: info.description,
    isFallbackAdapter: (info as GPUAdapterInfo & { isFallbackAdapter?: boolean }).isFallbackAdapter ?? false,
    shaderF16: adapter.features.has('shader-f16'),
    timestampQuery: adapter.features.has('timestamp-query'),
    subgroups: adapter.features.has('subgroups'),
    limits,
  };
}

/** The platform families the advice distinguishes. */
export type Platform = 'linux' | 'windows' | 'macos' | 'chromeos' | 'android' | 'ios' | 'other';

/** The browser families the advice distinguishes. */
export type BrowserFamily = 'chromium' | 'firefox' | 'safari' | 'other';

/** Classifies a user-agent string (coarse on purpose: only to pick the right advice). */
export function classifyUserAgent(ua: string): { platform: Platform; browser: BrowserFamily } {
  const platform: Platform = /Android/i.test(ua)
    ? 'android'
    : /iPhone|iPad|iPod/i.test(ua)
      ? 'ios'
      : /CrOS/i.test(ua)
        ? 'chromeos'
        : /Windows/i.test(ua)
          ? 'windows'
          : /Mac OS X|Macintosh/i.test(ua)
            ? 'macos'
            : /Linux|X11/i.test(ua)
              ? 'linux'
              : 'other';
  const browser: BrowserFamily = /Firefox\//.test(ua)
    ? 'firefox'
    : /Chrome\/|Chromium\/|Edg\//.test(ua)
      ? 'chromium'
      : /Safari\//.test(ua)
        ? 'safari'
        : 'other';
  return { platform, browser };
}

/** One missing requirement and what to do about it. */
export interface MissingFeature {
  /** Stable key, e.g. `webgpu`. */
  feature: 'secure-context' | 'webgpu' | 'webgpu-adapter' | 'webcodecs' | 'workers';
  /** One sentence: what is missing. */
  problem: string;
  /** Concrete steps for this browser and platform. */
  steps: string[];
}

/** Returns the requirements this browser misses, each with steps; empty when the demo can run. */
export function explainMissing(caps: Capabilities): MissingFeature[] {
  const { platform, browser } = classifyUserAgent(caps.userAgent);
  const missing: MissingFeature[] = [];
  if (!caps.secureContext) {
    missing.push({
      feature: 'secure-context',
      problem: 'The page is not in a secure context, so browsers hide WebGPU and WebCodecs.',
      steps: [
        'Open the demo over https://, or on http://localhost or http://127.0.0.1 (as `npm start` prints).',
      ],
    });
  }
  if (!caps.workers) {
    missing.push({
      feature: 'workers',
      problem: 'Web Workers are not available, and the model runs in a worker so the page never freezes.',
      steps: ['Use a current version of Chrome, Edge, Firefox or Safari.'],
    });
  }
  if (caps.gpu === null) {
    const noApi = !caps.webgpuApi;
    missing.push({
      feature: noApi ? 'webgpu' : 'webgpu-adapter',
      problem: noApi
        ? 'This browser does not expose WebGPU (navigator.gpu is missing).'
        : `WebGPU is present but no GPU adapter was granted${caps.gpuError ? ` (${caps.gpuError})` : ''}.`,
      steps: webgpuSteps(platform, browser),
    });
  }
  if (!caps.webcodecs) {
    missing.push({
      feature: 'webcodecs',
      problem:
        'WebCodecs (VideoDecoder) is missing, so the video cannot be decoded into frames for the model.',
      steps: webcodecsSteps(browser),
    });
  }
  return missing;
}

function webgpuSteps(platform: Platform, browser: BrowserFamily): string[] {
  if (browser === 'chromium' && platform === 'linux') {
    return [
      'Chrome/Chromium on Linux: open chrome://flags/#enable-unsafe-webgpu, set it to Enabled, and relaunch.',
      'Or start the browser with: chromium --enable-unsafe-webgpu --enable-features=Vulkan',
      'Make sure a Vulkan driver is installed (e.g. mesa-vulkan-drivers); check chrome://gpu for "WebGPU: Hardware accelerated".',
    ];
  }
  if (browser === 'chromium' && platform === 'android') {
    return [
      'Use Chrome 121 or newer on Android 12+ with a supported GPU, or enable chrome://flags/#enable-unsafe-webgpu.',
    ];
  }
  if (browser === 'chromium') {
    return [
      'Use Chrome or Edge 113 or newer, where WebGPU is on by default.',
      'If it is still missing, check chrome://gpu; a blocklisted GPU can be overridden with chrome://flags/#enable-unsafe-webgpu.',
    ];
  }
  if (browser === 'firefox') {
    return [
      'Firefox 141+ enables WebGPU on Windows; elsewhere use Firefox Nightly or set dom.webgpu.enabled to true in about:config.',
      'Or open the demo in Chrome/Edge 113+.',
    ];
  }
  if (browser === 'safari') {
    return ['Use Safari 26 or newer (macOS Tahoe / iOS 26), where WebGPU is on by default.'];
  }
  return [
    'Open the demo in Chrome or Edge 113+ (on Linux with --enable-unsafe-webgpu), Firefox 141+ or Safari 26+.',
  ];
}

function webcodecsSteps(browser: BrowserFamily): string[] {
  if (browser === 'firefox') {
    return ['Use Firefox 130 or newer on desktop (Firefox for Android has no WebCodecs), or Chrome/Edge.'];
  }
  if (browser === 'safari') {
    return ['Use Safari 26 or newer, or Chrome/Edge.'];
  }
  return ['Use Chrome or Edge 94 or newer; WebCodecs needs a secure context (https or localhost).'];
}

/** Formats a byte count in binary units, e.g. `256 MiB`. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  const digits = unit === 0 || Number.isInteger(value) ? 0 : value < 10 ? 2 : 1;
  return `${value.toFixed(digits)} ${units[unit] ?? 'B'}`;
}
