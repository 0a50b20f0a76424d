import { isAbsolute, relative, sep } from 'node:path';
import { App, LocalBackend, S3Backend, type TerraformStack } from 'cdktf';
import type { EnvironmentConfig } from '../config/environment';
import { stateKeyAliasArn } from '../config/resource-names';

/**
 * Local state by default so synth and plan work offline; the S3 backend for
 * shared environments, locked with S3's native lock file (Terraform >= 1.11).
 * cdktf's S3Backend has no `use_lockfile` option, hence the override.
 *
 * `encrypt = true` alone makes Terraform send `x-amz-server-side-encryption: AES256`
 * on every state and lock upload, which overrides the bucket's SSE-KMS default: anyone
 * with `s3:GetObject` could then read the state. Naming the bootstrap's state key (by
 * its alias ARN, known from config) makes Terraform send `aws:kms` with that key, and
 * the state bucket's policy refuses any other upload.
 */
/**
 * A local state file kept in the project root (where cdktf runs the app), as a path
 * relative to the stack's Terraform working directory `<outdir>/stacks/<stack id>/`.
 * Why: Terraform resolves a relative local-backend path from that working directory, so a
 * bare file name put the state inside `cdktf.out/` (a gitignored build folder that a clean
 * or a fresh checkout removes, and whose orphaned stack folders cdktf deletes on synth).
 * Relative, not absolute, so the synthesized JSON is the same on every machine; an outdir
 * outside the project (tests' temporary apps) is treated as the default `cdktf.out`.
 */
export function projectRootStatePath(stack: TerraformStack, file: string): string {
  const outdir = relative(process.cwd(), App.of(stack).outdir);
  const depth = outdir === '' || outdir.startsWith('..') || isAbsolute(outdir) ? 1 : outdir.split(sep).length;
  return [...Array<string>(depth + 2).fill('..'), file].join('/');
}

export function configureBackend(stack: TerraformStack, env: EnvironmentConfig): void {
  if (env.backend.kind === 'local') {
    new LocalBackend(stack, { path: projectRootStatePath(stack, `terraform.${env.name}.tfstate`) });
    return;
  }
  new S3Backend(stack, {
    bucket: env.backend.bucket,
    key: env.backend.key ?? `${env.name}/terraform.tfstate`,
    region: env.region,
    encrypt: true,
    kmsKeyId: stateKeyAliasArn(env, env.backend.bucket),
  });
  stack.addOverride('terraform.backend.s3.use_lockfile', true);
}
