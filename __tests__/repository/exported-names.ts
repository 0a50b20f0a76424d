import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as ts from 'typescript';

/** Folders that hold no source of ours: dependencies, tests, generated and tool output. */
const SKIPPED = new Set(['node_modules', '__tests__', 'cdktf.out', '.gen', '.local', '.tf-check', 'coverage', 'dist', '.git']);

/** The repository's TypeScript sources and ES modules (`.mjs`: scripts, the lint rules), relative paths, sorted. */
export function sourceFiles(root: string, dir: string = root): string[] {
  const files: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      if (!SKIPPED.has(entry.name)) files.push(...sourceFiles(root, join(dir, entry.name)));
    } else if (entry.isFile() && ((entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) || entry.name.endsWith('.mjs'))) {
      files.push(relative(root, join(dir, entry.name)));
    }
  }
  return files.sort();
}

function isExported(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && (ts.getModifiers(node) ?? []).some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

/** A class or function the statement declares at the top level, by name: `class`, `function`, `const x = () =>` (or a function or class expression). */
function declaredNames(statement: ts.Statement): string[] {
  if ((ts.isClassDeclaration(statement) || ts.isFunctionDeclaration(statement)) && statement.name !== undefined)
    return [statement.name.text];
  if (!ts.isVariableStatement(statement)) return [];
  return statement.declarationList.declarations.flatMap((declaration) => {
    const init = declaration.initializer;
    const callable = init !== undefined && (ts.isArrowFunction(init) || ts.isFunctionExpression(init) || ts.isClassExpression(init));
    return ts.isIdentifier(declaration.name) && callable ? [declaration.name.text] : [];
  });
}

/**
 * The classes and functions a module declares and exports: `export class`, `export
 * function`, `export const x = (...) => ...` (or a function or class expression), and
 * such a declaration exported by a later `export { x }` or `export { x as y }` (under
 * the exported name). Re-exports from another module (`export { x } from`) declare
 * nothing and are not listed.
 */
export function exportedNames(code: string, fileName = 'module.ts'): string[] {
  const kind = fileName.endsWith('.mjs') ? ts.ScriptKind.JS : ts.ScriptKind.TS;
  const source = ts.createSourceFile(fileName, code, ts.ScriptTarget.Latest, false, kind);
  const names: string[] = [];
  const declared = new Set(source.statements.flatMap(declaredNames));
  for (const statement of source.statements) {
    if (isExported(statement)) names.push(...declaredNames(statement));
    if (
      ts.isExportDeclaration(statement) &&
      statement.moduleSpecifier === undefined &&
      statement.exportClause !== undefined &&
      ts.isNamedExports(statement.exportClause)
    ) {
      for (const element of statement.exportClause.elements) {
        if (declared.has((element.propertyName ?? element.name).text)) names.push(element.name.text);
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
