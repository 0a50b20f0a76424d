import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnCommand, type SpawnOutcome } from '../support/spawn-command';

const SCRIPT = join(__dirname, '..', '..', 'scripts', 'check-prerequisites.mjs');

/** Runs the pretest check with exactly this PATH and environment, bounded. */
async function check(env: Readonly<Record<string, string>>): Promise<Pick<SpawnOutcome, 'code' | 'stderr'>> {
  const { code, stderr } = await spawnCommand(process.execPath, [SCRIPT], { env: { ...env }, timeoutMs: 30_000 });
  return { code, stderr };
}

function script(path: string, body: string): void {
  writeFileSync(path, `#!/bin/sh\n${body}\n`);
  chmodSync(path, 0o755);
}

describe('scripts/check-prerequisites.mjs (npm pretest)', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'prereq-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('without apt: stops before any test naming each missing prerequisite and its install command (exit 3)', async () => {
    // Prepare: a PATH with neither terraform nor apt-get, no Chromium
    const bin = join(root, 'bin');
    mkdirSync(bin);

    // Act
    const result = await check({ PATH: bin, CHROMIUM_PATH: join(root, 'no-chromium') });

    // Assess
    expect(result.code).toBe(3);
    expect(result.stderr).toBe(
      [
        'prerequisites: missing, so no test was run:',
        `  - Chromium (headless, for the report tests): CHROMIUM_PATH=${join(root, 'no-chromium')} is not an executable. Install: sudo apt-get install -y chromium (Debian/Ubuntu), or set CHROMIUM_PATH to a Chromium or Chrome binary`,
        '  - Terraform >= 1.11 (for the plan and HCL tests): "terraform" is not an executable on PATH. Install: https://developer.hashicorp.com/terraform/install (apt: add the HashiCorp repository, then sudo apt-get install terraform)',
        '',
      ].join('\n'),
    );
  });

  it('looks Terraform up as tf:check does: TERRAFORM_BINARY_NAME, a name on PATH or a path', async () => {
    // Prepare
    const bin = join(root, 'bin');
    mkdirSync(bin);
    script(join(bin, 'tofu-or-tf'), `echo '{"terraform_version":"1.11.4"}'`);
    script(join(root, 'chromium'), 'exit 0');

    // Act
    const byName = await check({ PATH: bin, CHROMIUM_PATH: join(root, 'chromium'), TERRAFORM_BINARY_NAME: 'tofu-or-tf' });
    const byMissingPath = await check({
      PATH: bin,
      CHROMIUM_PATH: join(root, 'chromium'),
      TERRAFORM_BINARY_NAME: join(root, 'nope', 'terraform'),
    });

    // Assess
    expect(byName).toEqual({ code: 0, stderr: '' });
    expect(byMissingPath.code).toBe(3);
    expect(byMissingPath.stderr).toContain(
      `Terraform >= 1.11 (for the plan and HCL tests): "${join(root, 'nope', 'terraform')}" is not an executable. Install:`,
    );
  });

  it('names a Terraform older than 1.11', async () => {
    const bin = join(root, 'bin');
    mkdirSync(bin);
    script(join(bin, 'terraform'), `echo '{"terraform_version":"1.5.7","platform":"linux_amd64"}'`);
    script(join(root, 'chromium'), 'exit 0');
    const result = await check({ PATH: bin, CHROMIUM_PATH: join(root, 'chromium') });
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(
      `Terraform >= 1.11 (for the plan and HCL tests): ${join(bin, 'terraform')} is 1.5.7; expected 1.11 or later.`,
    );
    expect(result.stderr).not.toContain('Chromium (');
  });

  it("as root on Debian with apt: installs Debian's chromium first, then lets the tests run", async () => {
    // Prepare: apt-get that records its calls and "installs" Chromium where CHROMIUM_PATH points
    const bin = join(root, 'bin');
    mkdirSync(bin);
    const calls = join(root, 'apt-calls');
    const chromium = join(root, 'chromium');
    script(
      join(bin, 'apt-get'),
      `echo "$@" >> '${calls}'\ncase "$1" in install) printf '#!/bin/sh\\n' > '${chromium}'; /bin/chmod +x '${chromium}';; esac`,
    );
    script(join(bin, 'terraform'), `echo '{"terraform_version":"1.11.4"}'`);
    const rootOnDebian = process.getuid?.() === 0 && existsSync('/etc/debian_version');

    // Act
    const result = await check({ PATH: bin, CHROMIUM_PATH: chromium });

    // Assess: on such a machine (these, CI) it installs; elsewhere it names what is missing
    if (rootOnDebian) {
      expect(result.code).toBe(0);
      expect(readFileSync(calls, 'utf8')).toBe('update -qq\ninstall -y -qq --no-install-recommends chromium\n');
      expect(result.stderr).toBe(
        "prerequisites: Chromium missing; installing Debian's chromium (apt-get install -y chromium), as .ci/run does\n",
      );
    } else {
      expect(result.code).toBe(3);
      expect(existsSync(calls)).toBe(false);
      expect(result.stderr).toContain('Chromium (headless, for the report tests)');
    }
  });
});
