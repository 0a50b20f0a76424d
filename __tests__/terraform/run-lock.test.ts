import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { terraformPlatform } from '../../scripts/tf-check/provider-mirror';
import { acquireRunLock, processAlive } from '../../scripts/tf-check/run-lock';
import { RUN_LOCK, TF_CHECK_DIR } from '../../scripts/tf-check/tf-check-defaults';
import { ROOT, spawnTsx } from '../support/spawn-command';

describe('tf:check run lock: one run per checkout', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tf-lock-'));
  const file = join(dir, 'run.lock');
  afterEach(() => rmSync(file, { force: true }));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses while a live process holds it (exit 3, naming the pid), and releases only its own lock', () => {
    // Prepare
    const release = acquireRunLock(file, () => true, 4242);

    // Act + Assess
    expect(() => acquireRunLock(file, () => true, 4343)).toThrow(
      expect.objectContaining({ exitCode: 3, message: expect.stringContaining('another tf:check (pid 4242') as unknown }),
    );
    release();
    expect(existsSync(file)).toBe(false);
    const second = acquireRunLock(file, () => true, 4343);
    release(); // the first owner's release must not remove the second owner's lock
    expect(existsSync(file)).toBe(true);
    second();
    expect(existsSync(file)).toBe(false);
  });

  it('takes over a lock whose process is gone (a run killed with SIGKILL), and an old unreadable one', () => {
    // Prepare
    writeFileSync(file, JSON.stringify({ pid: 999_999, started: 'yesterday' }));

    // Act
    const release = acquireRunLock(file, (pid) => pid !== 999_999, 4242);

    // Assess
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ pid: 4242 });
    release();
    writeFileSync(file, '');
    const old = new Date(Date.now() - 60_000);
    utimesSync(file, old, old);
    acquireRunLock(file, () => true, 4242)();
    expect(existsSync(file)).toBe(false);
  });

  it('treats an unreadable lock created a moment ago as another run starting', () => {
    writeFileSync(file, '');
    expect(() => acquireRunLock(file, () => true, 4242)).toThrow(
      expect.objectContaining({ exitCode: 3, message: expect.stringContaining('another tf:check is starting') as unknown }),
    );
  });

  it('npm run tf:check refuses to start while another run holds the lock, before deleting its plans', async () => {
    // Prepare: a terraform and a mirror good enough to pass the first checks, and the lock held
    // by this (live) process, as a concurrent run would hold it.
    const bin = mkdtempSync(join(tmpdir(), 'tf-lock-bin-'));
    const terraform = join(bin, 'terraform');
    writeFileSync(terraform, '#!/bin/sh\necho \'{"terraform_version":"1.11.4"}\'\n');
    chmodSync(terraform, 0o755);
    const mirror = join(bin, 'mirror');
    const providerDir = join(mirror, 'registry.terraform.io', 'hashicorp', 'aws', '5.100.0', terraformPlatform());
    mkdirSync(providerDir, { recursive: true });
    writeFileSync(join(providerDir, 'terraform-provider-aws_v5.100.0_x5'), '');
    mkdirSync(join(ROOT, TF_CHECK_DIR), { recursive: true });
    const lock = join(ROOT, RUN_LOCK);
    let created = false;
    try {
      writeFileSync(lock, JSON.stringify({ pid: process.pid, started: 'now' }), { flag: 'wx' });
      created = true;
    } catch {
      // A live tf:check holds it right now: it refuses all the same. A dead run's lock would be
      // taken over (and the run would go on to delete the plans other tests read): replace it.
      const owner = (JSON.parse(readFileSync(lock, 'utf8') || '{}') as { pid?: number }).pid;
      if (owner === undefined || !processAlive(owner)) {
        writeFileSync(lock, JSON.stringify({ pid: process.pid, started: 'now' }));
        created = true;
      }
    }
    try {
      // Act
      const run = await spawnTsx('scripts/tf-check.ts', ['--no-synth'], {
        env: { PATH: `${bin}:${dirname(process.execPath)}`, HOME: bin, TF_PLUGIN_MIRROR: mirror },
      });

      // Assess
      expect({ code: run.code, stdout: run.stdout }).toEqual({ code: 3, stdout: '' });
      expect(run.stderr.trim()).toMatch(
        /^tf:check: another tf:check \(pid \d+, started .*\) is using this checkout's \.tf-check\/ and cdktf\.out\/; wait for it/,
      );
      expect(run.stderr.trim().split('\n')).toHaveLength(1);
    } finally {
      if (created) rmSync(lock, { force: true });
      rmSync(bin, { recursive: true, force: true });
    }
  });
});
