import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { spawnTsx, type SpawnOutcome } from '../support/spawn-command';

/** `npm run tf:check -- <args>` with exactly this environment. */
const tfCheck = (env: NodeJS.ProcessEnv, args: string[] = []): Promise<SpawnOutcome> => spawnTsx('scripts/tf-check.ts', args, { env });

describe('npm run tf:check without a usable terraform', () => {
  const bin = mkdtempSync(join(tmpdir(), 'tf-bin-'));
  afterAll(() => rmSync(bin, { recursive: true, force: true }));
  // PATH with node only: no terraform.
  const base = { PATH: dirname(process.execPath), HOME: tmpdir() };

  it('stops before anything else with one line naming what to install (exit 3)', async () => {
    // Act
    const run = await tfCheck(base);

    // Assess
    expect(run.code).toBe(3);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('no terraform binary');
    expect(lines[0]).toContain('install Terraform >= 1.11');
    expect(lines[0]).toContain('TERRAFORM_BINARY_NAME');
    expect(lines[0]).toContain('TF_PLUGIN_MIRROR');
  });

  it('names the binary TERRAFORM_BINARY_NAME asks for, and refuses one older than 1.11', async () => {
    // Prepare: a fake terraform that reports 1.5.7
    const fake = join(bin, 'old-terraform');
    writeFileSync(fake, '#!/bin/sh\necho \'{"terraform_version":"1.5.7"}\'\n');
    chmodSync(fake, 0o755);

    // Act
    const missing = await tfCheck({ ...base, TERRAFORM_BINARY_NAME: 'tofu-not-here' });
    const old = await tfCheck({ ...base, PATH: `${bin}:${base.PATH}`, TERRAFORM_BINARY_NAME: 'old-terraform' });

    // Assess
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain('"tofu-not-here" is not an executable on PATH');
    expect(old.code).toBe(3);
    expect(old.stderr.trim()).toMatch(/old-terraform is Terraform 1\.5\.7, older than 1\.11\.0; install Terraform >= 1\.11/);
  });

  it('names a TERRAFORM_BINARY_NAME path that is no executable as a file, not as a PATH lookup', async () => {
    // Prepare: a file that is not executable
    const notExecutable = join(bin, 'terraform.txt');
    writeFileSync(notExecutable, 'not a binary\n');
    chmodSync(notExecutable, 0o644);

    // Act
    const run = await tfCheck({ ...base, TERRAFORM_BINARY_NAME: notExecutable });

    // Assess
    expect(run.code).toBe(3);
    expect(run.stderr.trim()).toBe(
      `tf:check: no terraform binary ("${notExecutable}" (TERRAFORM_BINARY_NAME) is not an executable file); install Terraform >= 1.11 (https://developer.hashicorp.com/terraform/install) or set TERRAFORM_BINARY_NAME to the binary to use; point it at a provider mirror with TF_PLUGIN_MIRROR=<dir> (a filesystem mirror holding registry.terraform.io/hashicorp/aws)`,
    );
  });

  it('refuses an unknown argument (exit 2)', async () => {
    const run = await tfCheck(base, ['--bogus']);
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe('tf:check: unknown argument --bogus; usage: npm run tf:check [-- --no-synth] [--verbose]');
  });
});
