import { describe, expect, it } from 'vitest';
import { classifyUserAgent, explainMissing, formatBytes, type Capabilities } from '../src/capabilities.js';

const LINUX_CHROME =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36';
const MAC_SAFARI =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15';
const WIN_FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:140.0) Gecko/20100101 Firefox/140.0';
const ANDROID_CHROME =
  'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Mobile Safari/537.36';

function caps(overrides: Partial<Capabilities>): Capabilities {
  return {
    secureContext: true,
    webgpuApi: true,
    gpu: {
      vendor: 'google',
      architecture: 'swiftshader',
      device: '',
      description: '',
      isFallbackAdapter: true,
      shaderF16: false,
      timestampQuery: false,
      subgroups: false,
      limits: {
        maxBufferSize: 2 ** 28,
        maxStorageBufferBindingSize: 2 ** 27,
        maxComputeWorkgroupStorageSize: 16384,
        maxComputeInvocationsPerWorkgroup: 256,
        maxComputeWorkgroupSizeX: 256,
        maxStorageBuffersPerShaderStage: 8,
      },
    },
    webcodecs: true,
    workers: true,
    userAgent: LINUX_CHROME,
    ...overrides,
  };
}

describe('classifyUserAgent', () => {
  it('tells platforms and browser families apart', () => {
    expect(classifyUserAgent(LINUX_CHROME)).toEqual({ platform: 'linux', browser: 'chromium' });
    expect(classifyUserAgent(MAC_SAFARI)).toEqual({ platform: 'macos', browser: 'safari' });
    expect(classifyUserAgent(WIN_FIREFOX)).toEqual({ platform: 'windows', browser: 'firefox' });
    expect(classifyUserAgent(ANDROID_CHROME)).toEqual({ platform: 'android', browser: 'chromium' });
  });
});

describe('explainMissing', () => {
  it('is empty when everything is there', () => {
    expect(explainMissing(caps({}))).toEqual([]);
  });

  it('gives the Linux flag when Chromium on Linux grants no adapter', () => {
    const missing = explainMissing(
      caps({ gpu: null, gpuError: 'navigator.gpu.requestAdapter() returned null' }),
    );
    expect(missing.map((m) => m.feature)).toEqual(['webgpu-adapter']);
    expect(missing[0]!.problem).toContain('requestAdapter() returned null');
    expect(missing[0]!.steps.join('\n')).toContain('chrome://flags/#enable-unsafe-webgpu');
    expect(missing[0]!.steps.join('\n')).toContain('--enable-unsafe-webgpu');
  });

  it('distinguishes a missing API from a missing adapter, and advises per browser', () => {
    const firefox = explainMissing(caps({ webgpuApi: false, gpu: null, userAgent: WIN_FIREFOX }));
    expect(firefox[0]!.feature).toBe('webgpu');
    expect(firefox[0]!.steps.join(' ')).toContain('dom.webgpu.enabled');
    const safari = explainMissing(
      caps({ webgpuApi: false, gpu: null, webcodecs: false, userAgent: MAC_SAFARI }),
    );
    expect(safari.map((m) => m.feature)).toEqual(['webgpu', 'webcodecs']);
    expect(safari[0]!.steps.join(' ')).toContain('Safari 26');
  });

  it('names the insecure context first, since it hides both APIs', () => {
    const missing = explainMissing(
      caps({ secureContext: false, webgpuApi: false, gpu: null, webcodecs: false }),
    );
    expect(missing.map((m) => m.feature)).toEqual(['secure-context', 'webgpu', 'webcodecs']);
  });
});

describe('formatBytes', () => {
  it('uses binary units', () => {
    expect(formatBytes(0)).toBe('0 B');
    expect(formatBytes(1023)).toBe('1023 B');
    expect(formatBytes(2 ** 28)).toBe('256 MiB');
    expect(formatBytes(1536)).toBe('1.50 KiB');
    expect(formatBytes(1.5 * 2 ** 30)).toBe('1.50 GiB');
    expect(formatBytes(100.25 * 2 ** 20)).toBe('100.3 MiB');
  });
});
