import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { killRunningCommands, runCommand } from '../../scripts/tf-check/run-command';

/*
 * terraform starts its provider plugin as a child process. A command that is killed (timeout,
 * or tf:check itself stopped) must take such children with it: before, a killed `terraform plan`
 * left its provider running, and a stopped tf:check left whole plans running.
 */
describe('tf:check commands: killing one kills what it started', () => {
  const dir = mkdtempSync(join(tmpdir(), 'tf-run-'));
  const pidFile = join(dir, 'grandchild.pid');
  // A stand-in for terraform: starts a long-lived child (its "provider"), records its pid, waits.
  const command = join(dir, 'fake-terraform');
  writeFileSync(command, `#!/bin/sh\nsleep 300 &\necho $! > "${pidFile}"\nwait\n`);
  chmodSync(command, 0o755);
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
  afterEach(() => rmSync(pidFile, { force: true }));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function alive(pid: number): boolean {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }

  async function grandchildPid(): Promise<number> {
    for (let i = 0; i < 100 && !existsSync(pidFile); i += 1) await sleep(20);
    let text = '';
    for (let i = 0; i < 50 && text.trim() === ''; i += 1) {
      text = readFileSync(pidFile, 'utf8');
      if (text.trim() === '') await sleep(20);
    }
    return Number(text.trim());
  }

  /** Gone within 2 s (bounded poll); kills it itself otherwise so nothing outlives the test. */
  async function goneSoon(pid: number): Promise<boolean> {
    for (let i = 0; i < 100; i += 1) {
      if (!alive(pid)) return true;
      await sleep(20);
    }
    process.kill(pid, 'SIGKILL');
    return false;
  }

  it('a timeout kills the command and the child it started, and raises', async () => {
    // Act
    const run = runCommand(command, [], { cwd: dir, env, timeoutMs: 1_000 });
    const pid = await grandchildPid();

    // Assess
    await expect(run).rejects.toThrow('no result after 1 s');
    expect(pid).toBeGreaterThan(0);
    expect(await goneSoon(pid)).toBe(true);
  });

  it('killRunningCommands (tf:check stopped by a signal) kills every running command with its children', async () => {
    // Act
    const run = runCommand(command, [], { cwd: dir, env, timeoutMs: 60_000 });
    const pid = await grandchildPid();
    const signalled = killRunningCommands();

    // Assess
    expect(signalled).toBe(1);
    expect((await run).code).not.toBe(0);
    expect(await goneSoon(pid)).toBe(true);
    expect(killRunningCommands()).toBe(0);
  });
});
