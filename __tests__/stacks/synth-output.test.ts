import { join } from 'node:path';
import { ROOT, spawnCommand } from '../support/spawn-command';

describe('npm run synth, piped', () => {
  it('prints the stacks without spinner escape codes and exits 0', async () => {
    // Act: stdout is a pipe, as in `npm run synth | tee log` or CI
    const result = await spawnCommand(process.execPath, [join(ROOT, 'scripts', 'synth.mjs')], { timeoutMs: 150_000 });
    const output = `${result.stdout}${result.stderr}`;

    // Assess
    expect(result.code).toBe(0);
    expect(output).toContain('Generated Terraform code for the stacks: bootstrap-');
    // Cursor movement and line erasing: what the spinner writes.
    expect(output).not.toMatch(/\x1b\[(\d*[ABGK])/);
  }, 160_000);
});
