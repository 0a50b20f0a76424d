import { spawn } from 'node:child_process';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

describe('npm run synth, piped', () => {
  it('prints the stacks without spinner escape codes and exits 0', async () => {
    // Act: stdout is a pipe, as in `npm run synth | tee log` or CI
    const child = spawn(process.execPath, [join(ROOT, 'scripts', 'synth.mjs')], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 150_000);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    clearTimeout(timer);

    // Assess
    expect(code).toBe(0);
    expect(output).toContain('Generated Terraform code for the stacks: bootstrap-');
    // Cursor movement and line erasing: what the spinner writes.
    expect(output).not.toMatch(/\x1b\[(\d*[ABGK])/);
  }, 160_000);
});
