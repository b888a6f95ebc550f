#!/usr/bin/env node
// Checks that every symbol exported from every public entry point has a TSDoc comment, reading the BUILT
// declarations (dist/**/*.d.ts) through the TypeScript checker, so re-exports are followed to their source.
// Usage: node tools/scripts/src/check-docblocks.mjs [package-dir…] (default: every public package).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { publicPackages } from './public-packages.mjs';

/** The d.ts file of each export subpath (its `types` condition). */
function typeEntries(pkg, dir) {
  const out = [];
  for (const [sub, target] of Object.entries(pkg.exports ?? {})) {
    if (typeof target === 'object' && target.types) {
      out.push({ sub, file: join(dir, target.types) });
    }
  }
  return out;
}

const only = process.argv.slice(2);
let missing = 0;
for (const { name, dir, pkg } of publicPackages()) {
  if (only.length && !only.some((o) => dir.endsWith(o))) {
    continue;
  }
  const entries = typeEntries(pkg, dir).filter((e) => existsSync(e.file));
  const program = ts.createProgram(
    entries.map((e) => e.file),
    {
      noEmit: true,
      skipLibCheck: true,
      module: ts.ModuleKind.NodeNext,
      moduleResolution: ts.ModuleResolutionKind.NodeNext,
    },
  );
  const checker = program.getTypeChecker();
  for (const { sub, file } of entries) {
    const source = program.getSourceFile(file);
    const moduleSymbol = source && checker.getSymbolAtLocation(source);
    if (!moduleSymbol) {
      continue;
    }
    for (const exported of checker.getExportsOfModule(moduleSymbol)) {
      const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
      const documented =
        symbol.getDocumentationComment(checker).length > 0 ||
        (symbol.declarations ?? []).some((d) => ts.getJSDocCommentsAndTags(d).length > 0);
      if (!documented) {
        missing++;
        console.error(
          `${name}${sub === '.' ? '' : sub.slice(1)}: export '${exported.name}' has no TSDoc comment`,
        );
      }
    }
  }
}
if (missing) {
  console.error(`${missing} exported symbol(s) without TSDoc`);
  process.exit(1);
}
console.log('every exported symbol has TSDoc');
