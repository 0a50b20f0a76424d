import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * `npm run synth` (scripts/synth.mjs) on a bad declaration exits 3 (refused) with the
 * one line the other entry points print. Before, the app exited 3 inside cdktf, which
 * turned it into its own exit 1 and printed the line twice among its log lines. The test
 * spawns the real script in a copy of datasets/ and scripts/ whose access-logs
 * declaration names a string field as its event time; the refusal comes before cdktf.
 */
const ROOT = path.resolve(__dirname, '..', '..');

function brokenCopy(): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'synth-refuses-'));
  cpSync(path.join(ROOT, 'datasets'), path.join(dir, 'datasets'), { recursive: true });
  mkdirSync(path.join(dir, 'scripts'));
  for (const f of ['synth.mjs', 'check-datasets.ts', 'empty-cli-config.tfrc'])
    cpSync(path.join(ROOT, 'scripts', f), path.join(dir, 'scripts', f));
  symlinkSync(path.join(ROOT, 'node_modules'), path.join(dir, 'node_modules'));
  const file = path.join(dir, 'datasets', 'access-logs.ts');
  const source = readFileSync(file, 'utf8');
  const broken = source.replace("eventTimeField: 'access_time',", "eventTimeField: 'client_ip' as 'access_time',");
  expect(broken).not.toBe(source);
  writeFileSync(file, broken);
  return dir;
}

describe('npm run synth with a bad declaration', () => {
  let dir = '';
  beforeAll(() => {
    dir = brokenCopy();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exits 3 with the one-line refusal, once, and synthesizes nothing', () => {
    // Act
    const run = spawnSync(process.execPath, ['scripts/synth.mjs'], {
      cwd: dir,
      encoding: 'utf8',
      timeout: 60_000,
      env: { ...process.env, CI: '1' },
    });

    // Assess
    expect(run.status).toBe(3);
    expect(run.stderr).toBe(
      "synth: invalid dataset declaration: datasets/access-logs.eventTimeField: field 'client_ip' has type string; expected timestamp\n",
    );
    expect(run.stdout).toBe('');
  }, 60_000);
});
