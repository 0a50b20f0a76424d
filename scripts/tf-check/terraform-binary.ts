import { spawnSync } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, isAbsolute, join, resolve } from 'node:path';
import { TerraformNotFoundError } from './errors';
import { MIN_TERRAFORM_VERSION, TIMEOUTS } from './tf-check-defaults';
import { compareReleaseVersions } from './version';

export interface TerraformBinary {
  readonly path: string;
  readonly version: string;
}

/** What to do when there is no binary: the one line every "not found" message ends with. */
export const INSTALL_HINT =
  `install Terraform >= ${MIN_TERRAFORM_VERSION.replace(/\.0$/, '')} (https://developer.hashicorp.com/terraform/install) or set TERRAFORM_BINARY_NAME to the binary to use; ` +
  'point it at a provider mirror with TF_PLUGIN_MIRROR=<dir> (a filesystem mirror holding registry.terraform.io/hashicorp/aws)';

function isExecutable(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** The binary's path: TERRAFORM_BINARY_NAME (a name looked up on PATH, or a path), else `terraform` on PATH. */
export function locateTerraform(env: NodeJS.ProcessEnv): string | undefined {
  const name = env.TERRAFORM_BINARY_NAME?.trim() || 'terraform';
  if (name.includes('/')) {
    const file = isAbsolute(name) ? name : resolve(name);
    return isExecutable(file) ? file : undefined;
  }
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir === '') continue;
    const file = join(dir, name);
    if (isExecutable(file)) return file;
  }
  return undefined;
}

/**
 * Finds terraform and checks its version. Throws TerraformNotFoundError, with one line naming
 * what to install, when there is none or it is too old: the check never skips silently.
 */
export function findTerraform(env: NodeJS.ProcessEnv, cliConfigFile: string): TerraformBinary {
  const name = env.TERRAFORM_BINARY_NAME?.trim() || 'terraform';
  const path = locateTerraform(env);
  if (path === undefined) {
    // A path is not looked up on PATH: say what is wrong with the file itself.
    const what = name.includes('/')
      ? `"${name}" (TERRAFORM_BINARY_NAME) is not an executable file`
      : `"${name}" is not an executable on PATH`;
    throw new TerraformNotFoundError(`no terraform binary (${what}); ${INSTALL_HINT}`);
  }
  const child = spawnSync(path, ['version', '-json'], {
    encoding: 'utf8',
    timeout: TIMEOUTS.version,
    env: { ...env, TF_CLI_CONFIG_FILE: cliConfigFile, CHECKPOINT_DISABLE: '1' },
  });
  let version: string | undefined;
  try {
    version = (JSON.parse(child.stdout) as { terraform_version?: string }).terraform_version;
  } catch (cause) {
    throw new TerraformNotFoundError(
      `${path} did not answer "version -json" (${child.error?.message ?? `exit ${child.status}`}); ${INSTALL_HINT}`,
      { cause },
    );
  }
  if (typeof version !== 'string') {
    throw new TerraformNotFoundError(`${path} reported no terraform_version; ${INSTALL_HINT}`);
  }
  if (compareReleaseVersions(version, MIN_TERRAFORM_VERSION) < 0) {
    throw new TerraformNotFoundError(`${path} is Terraform ${version}, older than ${MIN_TERRAFORM_VERSION}; ${INSTALL_HINT}`);
  }
  return { path, version };
}
