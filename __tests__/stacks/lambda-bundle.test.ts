import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { bundleLambda } from '../../stacks/ingest/lambda-bundle';

describe('Function: bundleLambda', () => {
  const work = mkdtempSync(join(tmpdir(), 'bundle-'));
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  function writeEntry(name: string, body: string): string {
    writeFileSync(join(work, name), body);
    return name;
  }

  it('writes byte-identical zips for the same code in any output folder', () => {
    // Prepare
    const entry = writeEntry('same.ts', 'export const handler = async () => ({ ok: 1 });\n');

    // Act
    const first = bundleLambda({ entry, root: work, outDir: join(work, 'a') });
    const second = bundleLambda({ entry, root: work, outDir: join(work, 'b') });

    // Assess
    expect(second.sourceCodeHash).toBe(first.sourceCodeHash);
    expect(readFileSync(second.zipPath).equals(readFileSync(first.zipPath))).toBe(true);
  });

  it('changes the hash when the code changes', () => {
    // Prepare
    const one = writeEntry('one.ts', 'export const handler = async () => 1;\n');
    const two = writeEntry('two.ts', 'export const handler = async () => 2;\n');

    // Act
    const a = bundleLambda({ entry: one, root: work });
    const b = bundleLambda({ entry: two, root: work });

    // Assess
    expect(a.sourceCodeHash).not.toBe(b.sourceCodeHash);
  });

  it('ships one minified index.js that exports the handler', () => {
    // Prepare
    const entry = writeEntry('exports.ts', 'export const handler = async (event: { n: number }) => event.n * 2;\n');

    // Act
    const bundle = bundleLambda({ entry, root: work });
    const files = unzipSync(readFileSync(bundle.zipPath));

    // Assess
    expect(Object.keys(files)).toEqual(['index.js']);
    const module = { exports: {} as { handler?: (e: { n: number }) => Promise<number> } };
    new Function('module', 'exports', 'require', new TextDecoder().decode(files['index.js']))(module, module.exports, require);
    return expect(module.exports.handler?.({ n: 21 })).resolves.toBe(42);
  });

  it('fails with the entry named when esbuild cannot build it', () => {
    // Act / Assess
    expect(() => bundleLambda({ entry: 'missing.ts', root: work })).toThrow(/missing\.ts/);
  });
});
