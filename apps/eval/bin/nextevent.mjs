#!/usr/bin/env node
// The `nextevent` CLI entry: runs the built app (npm run build at the repo root builds it).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/bin.js', import.meta.url);
if (!existsSync(entry)) {
  console.error('nextevent: the CLI is not built yet. Run `npm run build` at the repository root.');
  process.exit(1);
}
await import(entry.href);
