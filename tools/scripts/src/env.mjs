// Environment shared by `npm test`, `npm start` and .ci/run: installs node_modules when missing and points the
// Vulkan loader at a software driver so Dawn (Node WebGPU) finds an adapter without a GPU.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Runs a command in the repo root with inherited stdio; returns its exit status. */
export function run(cmd, args, options = {}) {
  const res = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', env: process.env, ...options });
  if (res.error) {
    throw new Error(`could not start ${cmd}: ${res.error.message}`);
  }
  return res.status ?? 1;
}

/** Non-interactive task runners: no Nx daemon, cloud or TUI, no turbo telemetry (set once per script). */
export function useBatchToolEnv() {
  process.env.NX_DAEMON = 'false';
  process.env.NX_NO_CLOUD = 'true';
  process.env.NX_TUI = 'false';
  process.env.TURBO_TELEMETRY_DISABLED = '1';
}

/** `npm ci` when node_modules is missing or older than package-lock.json. */
export function ensureInstalled() {
  const marker = join(ROOT, 'node_modules/.package-lock.json');
  const lock = join(ROOT, 'package-lock.json');
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(lock).mtimeMs) {
    return;
  }
  console.log('[nextevent] installing dependencies (npm ci)…');
  // onnxruntime-node's postinstall downloads CUDA binaries we never use; skipping it keeps installs offline-safe.
  process.env.ONNXRUNTIME_NODE_INSTALL = 'skip';
  if (run('npm', ['ci', '--no-audit', '--no-fund']) !== 0) {
    throw new Error('npm ci failed');
  }
}

/**
 * Chooses the Vulkan driver for Node WebGPU: an explicit VK_ICD_FILENAMES wins; else lavapipe 25 from Debian
 * backports, unpacked into .cache/lavapipe (fast, has shader-f16); else Chromium's SwiftShader. Returns a label.
 */
export function ensureVulkanDriver() {
  if (!process.env.XDG_RUNTIME_DIR) {
    process.env.XDG_RUNTIME_DIR = mkdtempSync(join(tmpdir(), 'xdg-'));
  }
  if (process.env.VK_ICD_FILENAMES) {
    return `VK_ICD_FILENAMES=${process.env.VK_ICD_FILENAMES}`;
  }
  const cache = join(ROOT, '.cache/lavapipe');
  const icd = join(cache, 'lvp_icd.json');
  if (!existsSync(icd) && existsSync('/usr/bin/apt-get')) {
    const res = spawnSync('bash', [join(ROOT, 'tools/scripts/setup-lavapipe.sh'), cache], {
      encoding: 'utf8',
    });
    if (res.status !== 0) {
      console.warn(
        `[nextevent] lavapipe setup failed (${res.stderr.trim().split('\n').pop()}); trying SwiftShader`,
      );
    }
  }
  if (existsSync(icd)) {
    const lib = JSON.parse(readFileSync(icd, 'utf8')).ICD.library_path.replace(/\/[^/]+$/, '');
    process.env.VK_ICD_FILENAMES = icd;
    process.env.LD_LIBRARY_PATH = [lib, process.env.LD_LIBRARY_PATH].filter(Boolean).join(':');
    return 'lavapipe (Mesa 25)';
  }
  const swiftshader = '/usr/lib/chromium/vk_swiftshader_icd.json';
  if (existsSync(swiftshader)) {
    process.env.VK_ICD_FILENAMES = swiftshader;
    return 'SwiftShader (from Debian chromium)';
  }
  return 'none found (GPU tests will be skipped visibly)';
}
