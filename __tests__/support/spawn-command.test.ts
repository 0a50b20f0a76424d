import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnCommand } from './spawn-command';

describe('Test support: spawnCommand', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spawn-command-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('hands back the exit code and both outputs of a failing command, which read its input', async () => {
    // Act
    const outcome = await spawnCommand('sh', ['-c', 'cat; echo problem >&2; exit 3'], { input: 'given' });

    // Assess
    expect(outcome).toEqual({ code: 3, stdout: 'given', stderr: 'problem\n' });
  });

  it('on the timeout rejects naming the command, and kills what the command started too', async () => {
    // Prepare: a child of the command that would write a file a second later
    const late = join(dir, 'late');
    const script = `(sleep 1; echo late > "${late}") & sleep 30`;

    // Act
    const outcome = spawnCommand('sh', ['-c', script], { timeoutMs: 300 });

    // Assess
    await expect(outcome).rejects.toThrow(`sh -c ${script} did not finish within 300 ms`);
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    expect(existsSync(late)).toBe(false);
  });

  it('rejects a command that cannot start, naming it', async () => {
    await expect(spawnCommand(join(dir, 'no-such-command'), [])).rejects.toThrow(
      `${join(dir, 'no-such-command')}: could not start (spawn ${join(dir, 'no-such-command')} ENOENT)`,
    );
  });
});
