/**
 * Where a model comes from: the bundled tiny model, a Hugging Face repo id, or a URL. Parsing is pure so the page
 * can explain a rejected input before anything is downloaded.
 */
import { MODEL_HOSTS } from './csp.js';

/** A model source the worker knows how to load. */
export type ModelSource =
  | { kind: 'bundled'; url: string; name: string }
  | { kind: 'hub'; repo: string; revision?: string }
  | { kind: 'url'; url: string };

/** Result of {@link parseModelSource}: a source, or a sentence saying what is wrong with the input. */
export type ParsedModelSource = { ok: true; source: ModelSource } | { ok: false; reason: string };

const REPO_ID =
  /^([A-Za-z0-9][A-Za-z0-9._-]{0,95})\/([A-Za-z0-9][A-Za-z0-9._-]{0,95})(?:@([A-Za-z0-9._/-]{1,100}))?$/;

/** True when `hostname` matches one of {@link MODEL_HOSTS} (the hosts the CSP lets the page download from). */
export function isAllowedModelHost(hostname: string): boolean {
  const host = hostname.toLowerCase();
  return MODEL_HOSTS.some((pattern) =>
    pattern.startsWith('*.') ? host.endsWith(pattern.slice(1)) : host === pattern,
  );
}

/**
 * Parses what the user typed: `owner/name` or `owner/name@revision` (a Hugging Face repo id), a
 * `https://huggingface.co/owner/name` page URL (treated as the repo id), or an https URL of a model folder on an
 * allowed host. `pageOrigin` is the demo's origin: same-origin URLs are always allowed.
 */
export function parseModelSource(input: string, pageOrigin: string): ParsedModelSource {
  const text = input.trim();
  if (text === '') {
    return { ok: false, reason: 'Enter a Hugging Face repo id (owner/name) or a model folder URL.' };
  }
  const repo = REPO_ID.exec(text);
  if (repo) {
    const [, owner, name, revision] = repo;
    const source: ModelSource = { kind: 'hub', repo: `${owner}/${name}` };
    if (revision !== undefined) {
      source.revision = revision;
    }
    return { ok: true, source };
  }
  let url: URL;
  try {
    url = new URL(text, pageOrigin);
  } catch {
    return { ok: false, reason: `"${text}" is neither a repo id (owner/name) nor a URL.` };
  }
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(text) && !text.startsWith('/')) {
    return { ok: false, reason: `"${text}" is neither a repo id (owner/name) nor a URL.` };
  }
  if (url.origin === pageOrigin) {
    return { ok: true, source: { kind: 'url', url: url.href } };
  }
  if (url.protocol !== 'https:') {
    return { ok: false, reason: 'Model URLs must use https:// (or be on this page’s own origin).' };
  }
  if (!isAllowedModelHost(url.hostname)) {
    return {
      ok: false,
      reason: `Downloads are limited to ${MODEL_HOSTS.join(', ')} by the page’s Content-Security-Policy; ${url.hostname} is not one of them.`,
    };
  }
  if (url.hostname.toLowerCase() === 'huggingface.co') {
    const parts = url.pathname.split('/').filter(Boolean);
    const [owner, name, kind, revision] = parts;
    if (owner !== undefined && name !== undefined && owner !== 'datasets' && owner !== 'spaces') {
      const source: ModelSource = { kind: 'hub', repo: `${owner}/${name}` };
      if ((kind === 'tree' || kind === 'resolve') && revision !== undefined) {
        source.revision = revision;
      }
      return { ok: true, source };
    }
  }
  return { ok: true, source: { kind: 'url', url: url.href } };
}

/** A short human label for a source, e.g. for the status line. */
export function describeModelSource(source: ModelSource): string {
  switch (source.kind) {
    case 'bundled':
      return `${source.name} (bundled)`;
    case 'hub':
      return source.revision === undefined ? source.repo : `${source.repo}@${source.revision}`;
    case 'url':
      return source.url;
  }
}
