import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importCycles, importGraph } from './import-graph';

const ROOT = join(__dirname, '..', '..');

/**
 * The cycle `local/run-local.ts` closes today: the report and the per-dataset counts take
 * their result types from run-local, which imports both. run-local is being rewritten
 * (issue 20, item 5: its result types in their own file), so it is listed here instead of
 * fixed beside that work. Only this exact cycle is tolerated, and the entry must go when it does.
 */
const KNOWN_CYCLES: readonly (readonly string[])[] = [];

/** Writes `files` (path -> source) under a scratch root and returns the root. */
function fixture(files: Readonly<Record<string, string>>): string {
  const root = mkdtempSync(join(tmpdir(), 'import-cycles-'));
  for (const [path, source] of Object.entries(files)) {
    mkdirSync(join(root, path, '..'), { recursive: true });
    writeFileSync(join(root, path), source);
  }
  return root;
}

describe('Import cycles in local/', () => {
  it('has none beyond the known run-local cycle, type-only imports included', () => {
    // Act
    const cycles = importCycles(importGraph(ROOT, 'local'));

    // Assess
    expect(cycles.filter((c) => !KNOWN_CYCLES.some((k) => k.join() === c.join()))).toEqual([]);
  });

  it('still has every cycle it tolerates (remove an entry from KNOWN_CYCLES once its cycle is gone)', () => {
    // Act
    const cycles = importCycles(importGraph(ROOT, 'local')).map((c) => c.join());

    // Assess
    expect(KNOWN_CYCLES.map((k) => k.join()).filter((k) => !cycles.includes(k))).toEqual([]);
  });

  describe('the check itself', () => {
    let root = '';
    afterEach(() => rmSync(root, { recursive: true, force: true }));

    it('finds a cycle made of type-only imports, through an index file and a re-export', () => {
      // Prepare
      root = fixture({
        'local/a.ts': "import type { B } from './b';\nexport interface A { b?: B }\n",
        'local/b.ts': "export type { C as B } from './nested';\n",
        'local/nested/index.ts': "import type { A } from '../a';\nexport interface C { a?: A }\n",
        'local/leaf.ts': "import { a } from './a';\nexport const leaf = a;\n",
      });

      // Act
      const cycles = importCycles(importGraph(root, 'local'));

      // Assess
      expect(cycles).toEqual([['local/a.ts', 'local/b.ts', 'local/nested/index.ts']]);
    });

    it('finds a file that imports itself and ignores imports leaving the folder', () => {
      // Prepare
      root = fixture({
        'local/self.ts': "import * as me from './self';\nexport const x = me;\n",
        'local/out.ts': "import { y } from '../config/y';\nexport const z = y;\n",
        'config/y.ts': "import { z } from '../local/out';\nexport const y = z;\n",
      });

      // Act
      const cycles = importCycles(importGraph(root, 'local'));

      // Assess
      expect(cycles).toEqual([['local/self.ts']]);
    });

    it('finds no cycle in a tree', () => {
      // Prepare
      root = fixture({ 'local/a.ts': "import './b';\nimport './c';\n", 'local/b.ts': "import './c';\n", 'local/c.ts': 'export {};\n' });

      // Act
      const cycles = importCycles(importGraph(root, 'local'));

      // Assess
      expect(cycles).toEqual([]);
    });
  });
});
