import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { TF_CHECK_EXIT, TfCheckError } from './errors';
import { runCommand } from './run-command';
import { firstLines } from './terraform-context';
import { REPEAT_SYNTH_DIR, SYNTH_DIR, TIMEOUTS } from './tf-check-defaults';

/** cdktf.out/manifest.json: the stacks of a synth. */
export interface Manifest {
  readonly stacks: Record<string, { readonly synthesizedStackPath: string; readonly workingDirectory: string }>;
}

/** `npm run synth` into a clean cdktf.out/, then the JSON again into a clean second folder. */
export async function synthesize(root: string, emptyCliConfig: string): Promise<void> {
  rmSync(join(root, SYNTH_DIR), { recursive: true, force: true });
  rmSync(join(root, REPEAT_SYNTH_DIR), { recursive: true, force: true });
  const started = Date.now();
  const env = { ...process.env, CHECKPOINT_DISABLE: '1', CI: 'true' };
  const first = await runCommand('npm', ['run', '--silent', 'synth'], { cwd: root, env, timeoutMs: TIMEOUTS.synth });
  if (first.code !== 0)
    throw new TfCheckError(`npm run synth failed: ${firstLines(first.stderr || first.stdout, 6)}`, TF_CHECK_EXIT.failed);
  // The second synth (JSON only) into its own clean folder: the determinism check plans both.
  const cdktf = join(root, 'node_modules', 'cdktf-cli', 'bundle', 'bin', 'cdktf');
  const second = await runCommand(process.execPath, [cdktf, 'synth', '--output', REPEAT_SYNTH_DIR], {
    cwd: root,
    env: { ...env, TF_CLI_CONFIG_FILE: emptyCliConfig },
    timeoutMs: TIMEOUTS.synth,
  });
  if (second.code !== 0)
    throw new TfCheckError(`the second synth failed: ${firstLines(second.stderr || second.stdout, 6)}`, TF_CHECK_EXIT.failed);
  console.log(
    `synth: JSON + HCL into ${SYNTH_DIR}/, JSON again into ${REPEAT_SYNTH_DIR}/ (${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
}

export function readManifest(root: string, dir: string): Manifest {
  const file = join(root, dir, 'manifest.json');
  if (!existsSync(file)) throw new TfCheckError(`${file} is missing: the synth wrote no manifest`, TF_CHECK_EXIT.failed);
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as Manifest;
  if (typeof manifest.stacks !== 'object' || Object.keys(manifest.stacks).length === 0)
    throw new TfCheckError(`${file} lists no stacks`, TF_CHECK_EXIT.failed);
  return manifest;
}
