import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';

/** Folders that hold no source of ours: dependencies, tests, generated and tool output. */
const SKIPPED = new Set(['node_modules', '__tests__', 'cdktf.out', '.gen', '.local', '.tf-check', 'coverage', 'dist', '.git']);

/** The repository's TypeScript sources, relative paths, sorted. */
export function sourceFiles(root: string, dir: string = root): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIPPED.has(entry.name)) files.push(...sourceFiles(root, join(dir, entry.name)));
    } else if (entry.isFile() && entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
      files.push(relative(root, join(dir, entry.name)));
    }
  }
  return files.sort();
}

function isExported(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

/**
 * The classes and functions a module declares and exports: `export class`, `export
 * function` and `export const x = (...) => ...` (or a function expression). Re-exports
 * (`export { x } from`) declare nothing and are not listed.
 */
export function exportedNames(code: string, fileName = 'module.ts'): string[] {
  const source = ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS);
  const names: string[] = [];
  for (const statement of source.statements) {
    if (!isExported(statement)) continue;
    if ((ts.isClassDeclaration(statement) || ts.isFunctionDeclaration(statement)) && statement.name !== undefined) names.push(statement.name.text);
    if (ts.isVariableStatement(statement)) {
      for (const declaration of statement.declarationList.declarations) {
        const init = declaration.initializer;
        if (ts.isIdentifier(declaration.name) && init !== undefined && (ts.isArrowFunction(init) || ts.isFunctionExpression(init))) names.push(declaration.name.text);
      }
    }
  }
  return names;
}

/** Names exported by more than one file, each with the files that export it, sorted. */
export function duplicateExports(files: readonly { readonly path: string; readonly names: readonly string[] }[]): Map<string, string[]> {
  const byName = new Map<string, string[]>();
  for (const file of files) {
    for (const name of new Set(file.names)) byName.set(name, [...(byName.get(name) ?? []), file.path]);
  }
  return new Map([...byName].filter(([, paths]) => paths.length > 1).sort(([a], [b]) => a.localeCompare(b)));
}

/** Every source file of the repository with the names it exports. */
export function repositoryExports(root: string): { path: string; names: string[] }[] {
  return sourceFiles(root).map((path) => ({ path, names: exportedNames(readFileSync(join(root, path), 'utf8'), path) }));
}
