import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { unquoteReferences } from './hcl-references';
import { TIMEOUTS } from './tf-check-defaults';

function tfFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((entry) => {
    const path = join(dir, entry);
    if (entry === 'assets' || entry.startsWith('.')) return [];
    if (statSync(path).isDirectory()) return tfFiles(path);
    return entry.endsWith('.tf') ? [path] : [];
  });
}

export interface FormatResult {
  readonly files: number;
  readonly unquoted: number;
  /** False when no terraform binary was given. */
  readonly formatted: boolean;
}

/**
 * Post-processes `cdktf synth --hcl` output: unquotes depends_on / ignore_changes references,
 * then runs `terraform fmt` over it when a binary is given.
 */
export function formatHclOutput(dir: string, terraform: string | undefined, env: NodeJS.ProcessEnv = process.env): FormatResult {
  const files = tfFiles(dir);
  let unquoted = 0;
  for (const file of files) {
    const result = unquoteReferences(readFileSync(file, 'utf8'), file);
    unquoted += result.count;
    if (result.count > 0) writeFileSync(file, result.text);
  }
  if (terraform === undefined) return { files: files.length, unquoted, formatted: false };
  const fmt = spawnSync(terraform, ['fmt', '-no-color', '-recursive', '-list=false', dir], {
    encoding: 'utf8',
    timeout: TIMEOUTS.fmt,
    env,
  });
  if (fmt.status !== 0)
    throw new Error(`terraform fmt ${dir} failed: ${(fmt.stderr || fmt.error?.message || `exit ${fmt.status}`).trim().split('\n')[0]}`);
  return { files: files.length, unquoted, formatted: true };
}
