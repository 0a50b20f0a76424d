import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * Proof 1 of issue 19: field names are types. A field renamed in the declaration only
 * must fail the build wherever the old name is still used, so the test compiles a copy
 * of `datasets/` plus one consumer (the processor's burst module) with the real compiler.
 */
const ROOT = path.resolve(__dirname, '..', '..');
const TSC = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');

function copyProject(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'dataset-rename-'));
  cpSync(path.join(ROOT, 'datasets'), path.join(dir, 'datasets'), { recursive: true });
  mkdirSync(path.join(dir, 'functions', 'processor'), { recursive: true });
  cpSync(path.join(ROOT, 'functions', 'processor', 'burst.ts'), path.join(dir, 'functions', 'processor', 'burst.ts'));
  // Minimal: the project's strictness, no ambient types (declarations are pure, no Node built-ins).
  const tsconfig = {
    compilerOptions: {
      target: 'ES2022',
      module: 'node16',
      moduleResolution: 'node16',
      lib: ['ES2022'],
      strict: true,
      noEmit: true,
      types: [],
    },
    include: ['datasets', 'functions'],
  };
  writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(tsconfig));
  return dir;
}

function tsc(dir: string): { status: number | null; output: string } {
  const run = spawnSync(process.execPath, [TSC, '--noEmit', '-p', dir], { encoding: 'utf8', timeout: 120_000 });
  return { status: run.status, output: `${run.stdout}${run.stderr}` };
}

describe('A field renamed in its declaration only', () => {
  let dir = '';
  beforeEach(() => {
    dir = copyProject();
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('compiles unchanged (the control)', () => {
    // Act
    const result = tsc(dir);

    // Assess
    expect(result.output).toBe('');
    expect(result.status).toBe(0);
  }, 120_000);

  it('fails tsc with an error naming the old field', () => {
    // Prepare: rename status_code -> http_status in the fields list only
    const file = path.join(dir, 'datasets', 'access-logs.ts');
    const source = readFileSync(file, 'utf8');
    const renamed = source.replace("{ name: 'status_code',", "{ name: 'http_status',");
    expect(renamed).not.toBe(source);
    writeFileSync(file, renamed);

    // Act
    const result = tsc(dir);

    // Assess
    expect(result.status).not.toBe(0);
    expect(result.output).toMatch(/datasets\/access-logs\.ts\(\d+,\d+\): error TS\d+: Property 'status_code' does not exist on type 'Row</);
  }, 120_000);
});
