import { resolve } from 'node:path';
import { TerraformCommandError } from './errors';
import type { ProviderMirror } from './provider-mirror';
import { runCommand, type CommandResult } from './run-command';
import type { TerraformBinary } from './terraform-binary';
import { AWS_PROVIDER, CLI_CONFIG, TIMEOUTS } from './tf-check-defaults';

const PROVIDER_ADDRESS = `${AWS_PROVIDER.hostname}/${AWS_PROVIDER.namespace}/${AWS_PROVIDER.type}`;

/** What every terraform call of one tf:check run shares. */
export interface Context {
  /** The project root: .tf-check/ and cdktf.out/ live here. */
  readonly root: string;
  readonly terraform: TerraformBinary;
  readonly mirror: ProviderMirror | undefined;
  readonly env: NodeJS.ProcessEnv;
}

export function firstLines(text: string, n = 3): string {
  return text
    .trim()
    .split('\n')
    .filter((l) => l.trim() !== '')
    .slice(0, n)
    .join(' / ');
}

/** Terraform's environment: only what it needs, so a user's AWS profile or TF_* settings cannot leak into the check. */
export function terraformEnv(root: string): NodeJS.ProcessEnv {
  const keep = ['PATH', 'HOME', 'TMPDIR', 'HTTPS_PROXY', 'HTTP_PROXY', 'https_proxy', 'http_proxy', 'SSL_CERT_FILE', 'SSL_CERT_DIR'];
  const env: NodeJS.ProcessEnv = {};
  for (const key of keep) if (process.env[key] !== undefined) env[key] = process.env[key];
  return {
    ...env,
    // The loopback stubs must never go through a proxy.
    NO_PROXY: ['127.0.0.1', 'localhost', process.env.NO_PROXY ?? ''].filter((s) => s !== '').join(','),
    no_proxy: ['127.0.0.1', 'localhost', process.env.no_proxy ?? ''].filter((s) => s !== '').join(','),
    TF_CLI_CONFIG_FILE: resolve(root, CLI_CONFIG),
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

export async function terraform(ctx: Context, cwd: string, args: readonly string[], timeoutMs: number): Promise<CommandResult> {
  return runCommand(ctx.terraform.path, args, { cwd, env: ctx.env, timeoutMs });
}

export async function mustSucceed(ctx: Context, cwd: string, args: readonly string[], timeoutMs: number): Promise<CommandResult> {
  const result = await terraform(ctx, cwd, args, timeoutMs);
  if (result.code !== 0)
    throw new TerraformCommandError(`terraform ${args[0] ?? ''} failed in ${cwd}: ${firstLines(result.stderr || result.stdout, 6)}`);
  return result;
}

/** The version of hashicorp/aws that `terraform init` selected in `dir`. */
export async function selectedProviderVersion(ctx: Context, dir: string): Promise<string> {
  const result = await mustSucceed(ctx, dir, ['version', '-json'], TIMEOUTS.version);
  const version = (JSON.parse(result.stdout) as { provider_selections?: Record<string, string> }).provider_selections?.[PROVIDER_ADDRESS];
  if (version === undefined) throw new TerraformCommandError(`terraform init in ${dir} selected no ${PROVIDER_ADDRESS}`);
  return version;
}

export async function validate(ctx: Context, dir: string): Promise<string[]> {
  const result = await terraform(ctx, dir, ['validate', '-json', '-no-color'], TIMEOUTS.validate);
  let report: {
    valid?: boolean;
    diagnostics?: { severity: string; summary: string; range?: { start?: { line?: number } }; snippet?: { context?: string } }[];
  };
  try {
    report = JSON.parse(result.stdout) as typeof report;
  } catch {
    return [`validate produced no JSON: ${firstLines(result.stderr)}`];
  }
  // Warnings fail too: the deprecated quoted references this check exists to keep out are warnings.
  const diagnostics = (report.diagnostics ?? []).map(
    (d) => `${d.severity}: ${d.summary}${d.snippet?.context ? ` (${d.snippet.context}, line ${d.range?.start?.line ?? '?'})` : ''}`,
  );
  if (report.valid !== true && diagnostics.length === 0) diagnostics.push('validate reported invalid without diagnostics');
  return diagnostics;
}
