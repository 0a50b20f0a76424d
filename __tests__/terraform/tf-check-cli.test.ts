import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs');

function tfCheck(env: NodeJS.ProcessEnv, args: string[] = []): { status: number | null; stdout: string; stderr: string } {
  const child = spawnSync(process.execPath, [TSX, 'scripts/tf-check.ts', ...args], { cwd: ROOT, encoding: 'utf8', env, timeout: 60_000 });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

describe('npm run tf:check without a usable terraform', () => {
  const bin = mkdtempSync(join(tmpdir(), 'tf-bin-'));
  afterAll(() => rmSync(bin, { recursive: true, force: true }));
  // PATH with node only: no terraform.
  const base = { PATH: dirname(process.execPath), HOME: tmpdir() };

  it('stops before anything else with one line naming what to install (exit 3)', () => {
    // Act
    const run = tfCheck(base);

    // Assess
    expect(run.status).toBe(3);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('no terraform binary');
    expect(lines[0]).toContain('install Terraform >= 1.11');
    expect(lines[0]).toContain('TERRAFORM_BINARY_NAME');
    expect(lines[0]).toContain('TF_PLUGIN_MIRROR');
  });

  it('names the binary TERRAFORM_BINARY_NAME asks for, and refuses one older than 1.11', () => {
    // Prepare: a fake terraform that reports 1.5.7
    const fake = join(bin, 'old-terraform');
    writeFileSync(fake, '#!/bin/sh\necho \'{"terraform_version":"1.5.7"}\'\n');
    chmodSync(fake, 0o755);

    // Act
    const missing = tfCheck({ ...base, TERRAFORM_BINARY_NAME: 'tofu-not-here' });
    const old = tfCheck({ ...base, PATH: `${bin}:${base.PATH}`, TERRAFORM_BINARY_NAME: 'old-terraform' });

    // Assess
    expect(missing.status).toBe(3);
    expect(missing.stderr).toContain('"tofu-not-here" is not an executable on PATH');
    expect(old.status).toBe(3);
    expect(old.stderr.trim()).toMatch(/old-terraform is Terraform 1\.5\.7, older than 1\.11\.0; install Terraform >= 1\.11/);
  });

  it('names a TERRAFORM_BINARY_NAME path that is no executable as a file, not as a PATH lookup', () => {
    // Prepare: a file that is not executable
    const notExecutable = join(bin, 'terraform.txt');
    writeFileSync(notExecutable, 'not a binary\n');
    chmodSync(notExecutable, 0o644);

    // Act
    const run = tfCheck({ ...base, TERRAFORM_BINARY_NAME: notExecutable });

    // Assess
    expect(run.status).toBe(3);
    expect(run.stderr.trim()).toBe(
      `tf:check: no terraform binary ("${notExecutable}" (TERRAFORM_BINARY_NAME) is not an executable file); install Terraform >= 1.11 (https://developer.hashicorp.com/terraform/install) or set TERRAFORM_BINARY_NAME to the binary to use; point it at a provider mirror with TF_PLUGIN_MIRROR=<dir> (a filesystem mirror holding registry.terraform.io/hashicorp/aws)`,
    );
  });

  it('refuses an unknown argument (exit 2)', () => {
    const run = tfCheck(base, ['--bogus']);
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe('tf:check: unknown argument --bogus; usage: npm run tf:check [-- --no-synth] [--verbose]');
  });
});
